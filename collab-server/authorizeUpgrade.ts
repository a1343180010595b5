/**
 * Auth on upgrade (SPEC.md rule 1): who is connecting, to which document, with what rights.
 * Runs before the WebSocket handshake completes, so refusals are plain HTTP responses.
 */
import type { IncomingMessage } from 'node:http';
import { verifyCollabToken, type CollabClaims } from '@/lib/auth/collabToken';
import { canWriteDoc } from '@/lib/auth/roles';
import { parseDocName, type DocPart } from '@/lib/protocol';

/** An authorised connection request. */
export interface UpgradeGrant {
  docName: string;
  part: DocPart;
  claims: CollabClaims;
  /** Whether the role may write this document (lib/auth/roles.ts `canWriteDoc`). */
  canWrite: boolean;
}

/** A refused connection request: the HTTP status to answer with and why (for the log). */
export interface UpgradeRefusal {
  status: 401 | 403;
  reason: string;
}

/**
 * Checks `GET /<docName>?token=<jwt>`: no, invalid, expired or forged token -> 401; a malformed
 * document name, or a token for another building -> 403.
 */
export async function authorizeUpgrade(
  request: IncomingMessage,
  secret: string,
): Promise<{ ok: true; value: UpgradeGrant } | { ok: false; error: UpgradeRefusal }> {
  const url = new URL(request.url ?? '/', 'http://collab.invalid');
  const verified = await verifyCollabToken(url.searchParams.get('token'), secret);
  if (!verified.ok) return { ok: false, error: { status: 401, reason: `${verified.error.code}: ${verified.error.message}` } };
  const docName = decodePath(url.pathname);
  const parsed = docName === null ? null : parseDocName(docName);
  if (docName === null || parsed === null) return { ok: false, error: { status: 403, reason: `not a document name: ${url.pathname.slice(0, 100)}` } };
  const claims = verified.value;
  if (parsed.buildingId !== claims.building) {
    return { ok: false, error: { status: 403, reason: `token is for building ${claims.building}, not ${parsed.buildingId}` } };
  }
  return { ok: true, value: { docName, part: parsed.part, claims, canWrite: canWriteDoc(claims.role, parsed.part) } };
}

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname.replace(/^\/+/, ''));
  } catch {
    return null; // malformed percent-encoding: not a document name (the caller answers 403)
  }
}
