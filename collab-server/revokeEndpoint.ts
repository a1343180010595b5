/**
 * `POST /internal/revoke` (SPEC.md rule 19; contract in lib/auth/revocation.ts): the web app
 * asks the server to close the live connections whose access was taken away. Authenticated with
 * a 60-second internal JWT (audience `arxos-internal`), never with a collab token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { revocationSchema, verifyInternalToken, type Revocation } from '@/lib/auth/revocation';

/** Largest request body accepted, in bytes (a revocation is a few ids). */
const MAX_BODY_BYTES = 4096;

/** Handles one revocation request; `revoke` closes the matching connections and returns how many. */
export async function handleRevoke(
  req: IncomingMessage,
  res: ServerResponse,
  secret: string,
  revoke: (revocation: Revocation) => number,
  logger: Logger,
): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'POST only' });
  const auth = await verifyInternalToken(req.headers.authorization, secret);
  if (!auth.ok) {
    logger.warn({ reason: auth.error.message }, 'revocation refused: bad internal token');
    return send(res, 401, { ok: false, error: auth.error.code });
  }
  const body = await readBody(req);
  if (!body.ok) return send(res, 413, { ok: false, error: body.error });
  let json: unknown;
  try {
    json = JSON.parse(body.value);
  } catch {
    return send(res, 400, { ok: false, error: 'body is not JSON' }); // a client error, answered as such
  }
  const parsed = revocationSchema.safeParse(json);
  if (!parsed.success) return send(res, 400, { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const closed = revoke(parsed.data);
  logger.info({ revocation: parsed.data, closed }, 'revoked live connections');
  return send(res, 200, { ok: true, closed });
}

/** Whether a connection with these claims is covered by `revocation`. */
export function matchesRevocation(claims: { building: string; sub: string; link?: string }, revocation: Revocation): boolean {
  if (claims.building !== revocation.building) return false;
  if (revocation.link !== undefined && claims.link !== revocation.link) return false;
  if (revocation.user !== undefined && claims.sub !== revocation.user) return false;
  return true;
}

async function readBody(req: IncomingMessage): Promise<{ ok: true; value: string } | { ok: false; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, error: `body over ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk as Buffer);
  }
  return { ok: true, value: Buffer.concat(chunks).toString('utf8') };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
