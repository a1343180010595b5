/**
 * Awareness identity (SPEC.md rule 17): presence must not lie about who is there. Every awareness
 * update a connection sends is decoded, and
 * - entries for a client id that belongs to another user are dropped (a client cannot overwrite,
 *   remove or take over someone else's cursor, not even while that user reconnects). Not an
 *   error: the stock provider echoes every awareness change it receives back to the server, so
 *   such entries are normal traffic (identical to what the server holds). The same user's new
 *   connection may take its own id over (a reconnect before the old socket timed out);
 * - every state's `user.id` and `user.name` are set from the connection's verified token claims,
 *   so whatever a client writes there, peers see who it really is (`color` and the rest stay).
 * The update is then re-encoded in the y-protocols awareness format.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CollabClaims } from '@/lib/auth/collabToken';

/** Who sends the update. */
export type AwarenessSender = Pick<CollabClaims, 'sub' | 'name'>;

/** The update with identities stamped (null if no entry is left) and how many entries were dropped, or why it is malformed. */
export type StampResult = { ok: true; update: Uint8Array | null; dropped: number } | { ok: false; error: string };

/**
 * Checks ownership (`ownerOf`: the user a client id belongs to, if any) and stamps the sender's
 * identity into one encoded awareness update. Never throws.
 */
export function stampAwareness(update: Uint8Array, sender: AwarenessSender, ownerOf: (clientId: number) => string | undefined): StampResult {
  const entries: { clientId: number; clock: number; state: string }[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
    }
    if (decoding.hasContent(decoder)) return { ok: false, error: 'malformed awareness update: trailing bytes' };
  } catch (error) {
    return { ok: false, error: `malformed awareness update: ${(error as Error).message}` };
  }
  const kept = entries.filter(({ clientId }) => {
    const owner = ownerOf(clientId);
    return owner === undefined || owner === sender.sub;
  });
  const dropped = entries.length - kept.length;
  if (kept.length === 0) return { ok: true, update: null, dropped };
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const { clientId, clock, state } of kept) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(state);
    } catch {
      return { ok: false, error: `malformed awareness state of client ${clientId}: not JSON` };
    }
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(stamp(parsed, sender)));
  }
  return { ok: true, update: encoding.toUint8Array(encoder), dropped };
}

function stamp(state: unknown, claims: AwarenessSender): unknown {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return state; // null = removal
  const record = state as Record<string, unknown>;
  const user = typeof record.user === 'object' && record.user !== null && !Array.isArray(record.user) ? record.user : {};
  return { ...record, user: { ...user, id: claims.sub, name: claims.name } };
}
