/**
 * Changes the web app makes to a building's documents (a rename, an IFC import; later restores
 * and API edits) go through the collaboration server, which writes them onto the live document:
 * validated like a client's update, seen at once by every open editor, persisted by the one
 * process that holds the document (collab-server/SPEC.md rule 23; contract in
 * lib/auth/serverEdit.ts). Never appended to the store behind a loaded room's back.
 */
import { requestServerEdit, type ServerEditApplied, type ServerEditFailure } from '@/lib/auth/serverEdit';
import type { DocEdit } from '@/lib/doc';
import { authSecret } from './runtimeConfig';

/** A server edit that was not made; `failure.code` says why (`invalid`, `unreachable`, `refused`). */
export class ServerEditError extends Error {
  override readonly name = 'ServerEditError';
  constructor(readonly failure: ServerEditFailure) {
    super(failure.message);
  }
}

/**
 * Writes `edits` onto the live document `docName` (lib/protocol `docNames`) and resolves once the
 * collaboration server has persisted them. `saveVersion` saves the state just before them as a
 * version first; `restore` (with no edits) restores a version (collab-server/SPEC.md rule 23). Throws a {@link ServerEditError} when the server
 * refuses them (`invalid`: the gate's issues, nothing written), is unreachable or does not answer
 * in time, or cannot write them now.
 */
export async function applyServerEdits(
  docName: string,
  edits: readonly DocEdit[],
  context: { user?: string; reason?: string; timeoutMs?: number; saveVersion?: { label: string; auto?: boolean }; restore?: string; revert?: { user: string; since: string } } = {},
): Promise<ServerEditApplied> {
  const { user, reason, saveVersion, restore, revert } = context;
  const result = await requestServerEdit({ doc: docName, edits: [...edits], user, reason, saveVersion, restore, revert }, authSecret(), { timeoutMs: context.timeoutMs });
  if (!result.ok) {
    console.warn(`[server-edit] ${result.error.message}`);
    throw new ServerEditError(result.error);
  }
  return result.value;
}
