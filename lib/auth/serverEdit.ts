/**
 * Server-side changes to a building's documents (issue #16 point 4): the web app never appends to
 * a document behind the back of a room the collaboration server holds loaded; it asks the server
 * to write the change onto the live document with `POST <collab>/internal/edit`
 * (collab-server/SPEC.md rule 23).
 *
 * Contract (the collaboration server implements the endpoint):
 * - header `authorization: Bearer <internal token>`: HS256 JWT signed with AUTH_SECRET, audience
 *   `arxos-internal`, subject `edit` ({@link SERVER_EDIT_SUBJECT}), 60 s expiry. A token minted for
 *   `/internal/revoke` (subject `revoke`) is refused here, and an edit token there.
 * - body (JSON, at most the server's `maxServerEditBytes`, default 64 MiB):
 *   `{ doc, edits: DocEdit[], user?, reason? }` ({@link serverEditSchema}).
 * - answers, once the change is written to the store:
 *   `200 {ok: true, applied, skipped}` (`applied`: edits that changed something; `skipped`: edits
 *   whose parent map is missing, e.g. a deleted record);
 *   `422 {ok: false, error: 'invalid', issues}` when the gate refuses the change (nothing written);
 *   `400` bad body, `401` bad token, `413` body too large, `503` shutting down, the document
 *   failed to load, or the change is live but not yet written (`error: 'not_persisted'`).
 */
import { z } from 'zod';
import { docEditSchema } from '@/lib/doc/docEditSchema';
import type { DocEdit } from '@/lib/doc/docEdits';
import type { ModelIssue } from '@/lib/model';
import { collabInternalUrl, mintInternalToken } from './revocation';

/** Subject of internal tokens that allow `/internal/edit`. */
export const SERVER_EDIT_SUBJECT = 'edit';

/** Most edits one request may carry (an import of a large model is some tens of thousands). */
export const MAX_SERVER_EDITS = 200_000;

/** The body of `POST /internal/edit`. */
export const serverEditSchema = z.object({
  /** Document name (lib/protocol `docNames`): `building/<id>/model` or `building/<id>/review`. */
  doc: z.string().min(1).max(200),
  edits: z.array(docEditSchema).max(MAX_SERVER_EDITS),
  /** Who asked (a user id), for the log and the write's origin (`server:<user>`). */
  user: z.string().min(1).max(200).optional(),
  /** Why, in a few words (`rename`, `import ifc`), for the log. */
  reason: z.string().min(1).max(200).optional(),
  /**
   * Saves the document's state as it is just before this change as a version with this label,
   * first (nothing is written when the version cannot be saved). With no edits and no restore,
   * it only saves the version.
   */
  saveVersion: z.strictObject({ label: z.string().trim().min(1).max(200), auto: z.boolean().optional() }).optional(),
  /**
   * The id of a version of `doc` to restore: the server writes the field-level edits that give
   * the live document the version's content (lib/doc `stateEdits`), as one change on top of
   * history. `edits` must then be empty.
   */
  restore: z.string().min(1).max(100).optional(),
  /**
   * Reverts what `user` changed since version `since` (lib/doc `revertEdits`): each field and
   * record whose newest change is theirs gets the version's value back; what others changed after
   * them is kept and listed (`kept`). `edits` must then be empty.
   */
  revert: z.strictObject({ user: z.string().min(1).max(200), since: z.string().min(1).max(100) }).optional(),
})
  .refine((r) => (r.restore === undefined && r.revert === undefined) || r.edits.length === 0, { path: ['edits'], message: 'must be empty when restoring a version or reverting' })
  .refine((r) => r.restore === undefined || r.revert === undefined, { path: ['revert'], message: 'cannot be combined with restore' });
/** A server edit request. */
export type ServerEditRequest = z.infer<typeof serverEditSchema>;

/** A version the server saved (`saveVersion`, or the one it saves before a restore). */
export interface SavedVersion {
  id: string;
  label: string;
  kind?: 'named' | 'auto';
  summary?: { added: number; removed: number; changed: number } | null;
  /** ISO 8601. */
  createdAt: string;
  createdBy: string;
}

/** What the server answers when the change is written. */
export interface ServerEditApplied {
  /** Edits that changed something. */
  applied: number;
  /** Edits left out because their parent map does not exist (e.g. the record was deleted). */
  skipped: DocEdit[];
  /** The version saved before the change, when one was asked for (always, for a restore or a revert). */
  version?: SavedVersion;
  /** For a revert: what was left because someone else changed it later. */
  kept?: { collection: string; recordId: string; field?: string; by: string }[];
}

/** Why a server edit was not made, as values. */
export type ServerEditFailure =
  /** The gate refused the change: nothing was written. */
  | { code: 'invalid'; message: string; issues: ModelIssue[] }
  /** The server could not be reached or did not answer in time: nothing is known to be written. */
  | { code: 'unreachable'; message: string }
  /** The server refused the request (its status and words): nothing was written, except for `not_persisted`. */
  | { code: 'refused'; status: number; error: string; message: string };

/**
 * Sends `request` to the collaboration server and waits for its answer. Never throws: failures
 * are values (the caller decides). Times out after `timeoutMs` (default 60 s: loading a large
 * document and validating a large import takes seconds).
 */
export async function requestServerEdit(
  request: ServerEditRequest,
  secret: string,
  options: { baseUrl?: string; timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<{ ok: true; value: ServerEditApplied } | { ok: false; error: ServerEditFailure }> {
  const url = `${options.baseUrl ?? collabInternalUrl()}/internal/edit`;
  const what = `${request.reason ?? 'edit'} of ${request.doc}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintInternalToken(secret, { subject: SERVER_EDIT_SUBJECT })}` },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (cause) {
    const inner = (cause as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    const reason = inner?.code ?? inner?.errors?.[0]?.code ?? inner?.message ?? (cause as Error).message;
    return { ok: false, error: { code: 'unreachable', message: `${what}: the collaboration server is unreachable at ${url} (${reason})` } };
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // a status without a JSON body (a proxy's error page): the status says enough
  }
  if (response.ok && body.ok === true && typeof body.applied === 'number' && Array.isArray(body.skipped)) {
    const version = body.version as SavedVersion | undefined;
    const kept = body.kept as ServerEditApplied['kept'];
    return { ok: true, value: { applied: body.applied, skipped: body.skipped as DocEdit[], ...(version === undefined ? {} : { version }), ...(kept === undefined ? {} : { kept }) } };
  }
  if (response.status === 422 && body.error === 'invalid') {
    const issues = (Array.isArray(body.issues) ? body.issues : []) as ModelIssue[];
    const words = issues.slice(0, 5).map((i) => `${i.path ?? ''}${i.path ? ': ' : ''}${i.message}`).join('; ');
    return { ok: false, error: { code: 'invalid', message: `${what} refused by the collaboration server: ${words || 'invalid'}`, issues } };
  }
  const error = typeof body.error === 'string' ? body.error : `http_${response.status}`;
  const detail = typeof body.message === 'string' ? `: ${body.message}` : '';
  return { ok: false, error: { code: 'refused', status: response.status, error, message: `${what}: the collaboration server answered HTTP ${response.status} (${error})${detail}` } };
}
