/**
 * Closing live connections after access is taken away (issue #4): the web app tells the
 * collaboration server which connections to close with `POST <collab>/internal/revoke`.
 *
 * Contract (the collaboration server implements the endpoint):
 * - body (JSON): `{ building: string, link?: string, user?: string }`
 *     - `{building}` alone: close every connection to the building's documents (building deleted);
 *     - `{building, link}`: close connections whose token carries `link` (link revoked or downgraded);
 *     - `{building, user}`: close connections whose token `sub` is `user` (member removed or downgraded).
 *   Closed clients reconnect with a fresh token from `/api/collab-token`, which carries the new
 *   role, or is refused.
 * - header `authorization: Bearer <internal token>`: HS256 JWT signed with AUTH_SECRET, issuer
 *   `arxos`, audience `arxos-internal`, subject `revoke`, 60 s expiry ({@link verifyInternalToken}).
 * - answers 2xx when done; anything else is logged by the web app, which does not fail the
 *   request that caused it (the database change is what counts: tokens are re-checked on upgrade
 *   by `authorizeCollabClaims`, and live tokens expire within 5 minutes).
 */
import { z } from 'zod';
import { signJwt, verifyJwt } from './jwt';

/** Audience of internal (web app -> collaboration server) tokens; never accepted as a collab token. */
export const INTERNAL_AUDIENCE = 'arxos-internal';
/** Lifetime of an internal token: 60 seconds. */
export const INTERNAL_TOKEN_TTL_SECONDS = 60;

/** What to close. */
export const revocationSchema = z.object({
  building: z.string().min(1).max(64),
  link: z.string().min(1).max(64).optional(),
  user: z.string().min(1).max(200).optional(),
});
/** Which live connections to close. */
export type Revocation = z.infer<typeof revocationSchema>;

/** Signs a 60-second internal token for `subject` (default `revoke`). */
export async function mintInternalToken(secret: string, options: { subject?: string; now?: Date; ttlSeconds?: number } = {}): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return signJwt({}, secret, {
    audience: INTERNAL_AUDIENCE,
    subject: options.subject ?? 'revoke',
    issuedAt: now,
    expiresAt: now + (options.ttlSeconds ?? INTERNAL_TOKEN_TTL_SECONDS),
  });
}

/** An internal token carries no claims of its own: audience and subject say what it allows. */
const NO_CLAIMS = z.object({});

/**
 * Verifies an `authorization` header value (`Bearer <jwt>`) or a bare token: HS256 signature with
 * `secret`, issuer, audience `arxos-internal`, expiry, and subject (default `revoke`). Never throws.
 */
export async function verifyInternalToken(
  authorization: string | null | undefined,
  secret: string,
  options: { subject?: string; now?: Date } = {},
): Promise<{ ok: true } | { ok: false; error: { code: 'missing' | 'expired' | 'invalid'; message: string } }> {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token) return { ok: false, error: { code: 'missing', message: 'no internal token' } };
  const verified = await verifyJwt(token, secret, NO_CLAIMS, {
    audience: INTERNAL_AUDIENCE,
    subject: options.subject ?? 'revoke',
    requiredClaims: ['exp', 'iat'],
    now: options.now,
  });
  if (verified.ok) return { ok: true };
  if (verified.error.code === 'expired') return { ok: false, error: { code: 'expired', message: 'internal token expired' } };
  return { ok: false, error: { code: 'invalid', message: `invalid internal token: ${verified.error.reason}` } };
}

/** Where the collaboration server's internal endpoints are: COLLAB_INTERNAL_URL, else 127.0.0.1:COLLAB_PORT. */
export function collabInternalUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const configured = env.COLLAB_INTERNAL_URL;
  if (configured) return configured.replace(/\/+$/, '');
  return `http://127.0.0.1:${env.COLLAB_PORT || '1234'}`;
}

/** The outcome of a revocation request; failures are values (the caller logs and carries on). */
export type RevocationResult = { ok: true; status: number } | { ok: false; error: string };

/**
 * Asks the collaboration server to close the connections `revocation` describes. Never throws:
 * a refused connection (server down, or not yet serving the endpoint) or an error status is
 * logged and returned as `{ok:false}`. Times out after `timeoutMs` (default 3 s).
 */
export async function requestRevocation(
  revocation: Revocation,
  secret: string,
  options: { baseUrl?: string; timeoutMs?: number; fetch?: typeof fetch; log?: (message: string) => void } = {},
): Promise<RevocationResult> {
  const log = options.log ?? ((message: string) => console.warn(`[auth] ${message}`));
  const url = `${options.baseUrl ?? collabInternalUrl()}/internal/revoke`;
  const body = revocationSchema.parse(revocation);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintInternalToken(secret)}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
    });
    if (!response.ok) {
      const error = `revoke ${JSON.stringify(body)}: collaboration server answered HTTP ${response.status}`;
      log(error);
      return { ok: false, error };
    }
    return { ok: true, status: response.status };
  } catch (cause) {
    const inner = (cause as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    const reason = inner?.code ?? inner?.errors?.[0]?.code ?? inner?.message ?? (cause as Error).message;
    const error = `revoke ${JSON.stringify(body)}: collaboration server unreachable at ${url} (${reason})`;
    log(error);
    return { ok: false, error };
  }
}
