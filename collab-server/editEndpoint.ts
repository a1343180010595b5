/**
 * `POST /internal/edit` (SPEC.md rule 23; contract in lib/auth/serverEdit.ts): a change made on the
 * server (a rename, an IFC import, later restores and API edits) written onto the live document
 * through the room's gate, so that it is validated like a client's update, reaches every connected
 * client at once and is persisted by this server, never appended behind a loaded room's back.
 * Authenticated with a 60-second internal JWT of subject `edit` (a revoke token does not do).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { verifyInternalToken } from '@/lib/auth/revocation';
import * as Y from 'yjs';
import { SERVER_EDIT_SUBJECT, serverEditSchema, type SavedVersion } from '@/lib/auth/serverEdit';
import type { DocumentStore } from '@/lib/db/documentStore';
import { migrateDoc, RemoteOrigin, revertEdits, stateEdits, type AttributedChange, type DocEdit } from '@/lib/doc';
import { parseDocName, type DocPart } from '@/lib/protocol';
import type { CollabServerEmitter } from './CollabServerEvents';
import type { Room } from './Room';
import { DeadlineExceeded, withDeadline } from './time';
import { changesSince, summaryAgainstLast } from './versionSummary';

/** What the endpoint needs from its server. */
export interface ServerEditContext {
  /** AUTH_SECRET, which signs internal tokens. */
  authSecret: string;
  logger: Logger;
  /** `collab_server_edits_total{result}`. */
  counter: Counter<'result'>;
  events: CollabServerEmitter;
  /** True once the server is shutting down. */
  closing(): boolean;
  /** The registry's rooms: one is opened (created and loaded if needed) for the write. */
  rooms: { open(docName: string, part: DocPart): Room; get(docName: string): Room | undefined };
  /** Largest body accepted (options.ts `maxServerEditBytes`). */
  maxBytes: number;
  /** Longest wait for the write to reach the store before answering 503 `not_persisted`, ms. */
  persistWaitMs: number;
  /** Where versions are saved (`saveVersion`) and read (`restore`), and changes listed (`revert`). */
  versions: Pick<DocumentStore, 'saveVersion' | 'loadVersion' | 'listVersions' | 'listChanges'>;
  /** Writes the buffered change rows (a revert reads them). */
  flushChanges(): Promise<void>;
}

/** Times the endpoint opens the room again when it was unloaded or rebased between its load and the write. */
const MAX_OPEN_ATTEMPTS = 3;

/** Handles one server edit request. */
export async function handleServerEdit(req: IncomingMessage, res: ServerResponse, ctx: ServerEditContext): Promise<void> {
  const started = performance.now();
  const answer = (status: number, result: string, body: Record<string, unknown>, log?: Record<string, unknown>) => {
    ctx.counter.inc({ result });
    if (log) {
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      ctx.logger[level]({ ...log, status, ms: Math.round(performance.now() - started) }, status < 400 ? 'server edit written' : 'server edit refused');
    }
    send(res, status, body);
  };
  if (req.method !== 'POST') return answer(405, 'bad_request', { ok: false, error: 'POST only' });
  const auth = await verifyInternalToken(req.headers.authorization, ctx.authSecret, { subject: SERVER_EDIT_SUBJECT });
  if (!auth.ok) return answer(401, 'unauthorized', { ok: false, error: auth.error.code }, { reason: auth.error.message });
  if (ctx.closing()) return answer(503, 'unavailable', { ok: false, error: 'shutting_down' });

  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > ctx.maxBytes) return tooLarge();
  const body = await readBody(req, ctx.maxBytes);
  if (!body) return tooLarge();
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return answer(400, 'bad_request', { ok: false, error: 'body is not JSON' }, {});
  }
  let parsed;
  try {
    parsed = serverEditSchema.safeParse(json);
  } catch (error) {
    // A structure deep enough to exhaust the stack despite the schema's depth bounds.
    return answer(400, 'bad_request', { ok: false, error: `body could not be checked: ${(error as Error).message}` }, {});
  }
  if (!parsed.success) {
    const error = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return answer(400, 'bad_request', { ok: false, error }, { error });
  }
  const { doc, edits, user, reason, saveVersion, restore, revert } = parsed.data;
  const name = parseDocName(doc);
  if (!name) return answer(400, 'bad_request', { ok: false, error: `doc: not a document name: ${JSON.stringify(doc)}` }, { doc });
  const what = { doc, user, reason, edits: edits.length, ...(restore === undefined ? {} : { restore }), ...(saveVersion === undefined ? {} : { version: saveVersion.label }) };

  // A restore's or revert's version: its state, migrated to the current schema, read once.
  let target: Y.Doc | undefined;
  let versionLabel = saveVersion?.label;
  let changes: AttributedChange[] | undefined;
  const versionId = restore ?? revert?.since;
  if (versionId !== undefined) {
    if (name.part !== 'model') return answer(400, 'bad_request', { ok: false, error: 'only a building model can be restored or reverted' }, what);
    let stored;
    try {
      stored = await ctx.versions.loadVersion(versionId);
      if (stored !== null && stored.docName === doc && revert !== undefined) {
        await ctx.flushChanges();
        changes = await changesSince(ctx.versions, doc, stored.createdAt);
      }
    } catch (error) {
      return answer(503, 'unavailable', { ok: false, error: 'store_unavailable', message: `the version could not be read: ${(error as Error).message}` }, what);
    }
    if (stored === null || stored.docName !== doc) return answer(404, 'not_found', { ok: false, error: 'version_not_found', message: `${doc} has no version ${versionId}` }, what);
    target = new Y.Doc();
    Y.applyUpdate(target, stored.state);
    const migrated = migrateDoc(target);
    if (!migrated.ok) {
      target.destroy();
      return answer(422, 'invalid', { ok: false, error: 'invalid', issues: [{ path: '', message: `the version cannot be restored: ${migrated.error.message}` }] }, what);
    }
    versionLabel ??= revert === undefined ? `Before restoring “${stored.label}”` : `Before reverting changes since “${stored.label}”`;
  }
  try {
    return await write(target);
  } finally {
    target?.destroy();
  }

  async function write(target: Y.Doc | undefined): Promise<void> {
    // Saved once: a room reopened between the save and the write keeps the version already saved.
    let version: SavedVersion | undefined;
    for (let attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
      const room = ctx.rooms.open(doc, name!.part);
      const loaded = await room.loaded;
      if (ctx.closing()) return answer(503, 'unavailable', { ok: false, error: 'shutting_down' }, what);
      if (!loaded) return answer(503, 'unavailable', { ok: false, error: 'load_failed', message: `${doc} could not be loaded` }, what);
      // Unloaded or rebased between its load and now (an idle room): open it again.
      if (ctx.rooms.get(doc) !== room || room.state !== 'ready') continue;

      if (versionLabel !== undefined && version === undefined) {
        try {
          const state = Y.encodeStateAsUpdate(room.doc);
          const summary = name!.part === 'model' ? await summaryAgainstLast(ctx.versions, doc, room.doc, ctx.flushChanges) : undefined;
          const auto = versionId !== undefined || saveVersion?.auto === true;
          const saved = await ctx.versions.saveVersion(doc, versionLabel, state, user ?? 'system', { kind: auto ? 'auto' : 'named', ...(summary ? { summary } : {}) });
          version = { id: saved.id, label: saved.label, createdAt: saved.createdAt.toISOString(), createdBy: saved.createdBy, kind: saved.kind, summary: saved.summary };
        } catch (error) {
          return answer(503, 'unavailable', { ok: false, error: 'version_not_saved', message: `the version could not be saved, so nothing was changed: ${(error as Error).message}` }, what);
        }
        if (ctx.rooms.get(doc) !== room || room.state !== 'ready') continue;
      }
      const saved = version === undefined ? {} : { version };

      // Computed against the live document at the moment of writing (nothing runs in between).
      const plan = target !== undefined && revert !== undefined ? revertEdits(room.doc, target, changes ?? [], revert.user) : undefined;
      const todo: readonly DocEdit[] = plan !== undefined ? plan.edits : target === undefined ? edits : stateEdits(room.doc, target);
      const extra = { ...saved, ...(plan === undefined ? {} : { kept: plan.kept }) };
      const origin = new RemoteOrigin(`server:${user ?? 'app'}`);
      const result = room.serverEdit(todo, origin);
      if (result.kind === 'invalid') {
        ctx.events.emit('update-rejected', { doc, socketId: origin.peer ?? 'server', issues: result.issues });
        return answer(422, 'invalid', { ok: false, error: 'invalid', issues: result.issues, ...extra }, { ...what, issues: result.issues });
      }
      try {
        await withDeadline(result.persisted, ctx.persistWaitMs, `writing the server edit of ${doc}`);
      } catch (error) {
        if (!(error instanceof DeadlineExceeded)) throw error;
        return answer(
          503,
          'not_persisted',
          { ok: false, error: 'not_persisted', message: `the change is live but not yet written within ${ctx.persistWaitMs} ms (it is retried)`, applied: result.applied, skipped: result.skipped, ...extra },
          what,
        );
      }
      return answer(200, 'ok', { ok: true, applied: result.applied, skipped: result.skipped, ...extra }, { ...what, applied: result.applied, skipped: result.skipped.length, ...(version ? { versionId: version.id } : {}) });
    }
    return answer(503, 'unavailable', { ok: false, error: 'room_unavailable', message: `${doc} kept being unloaded; try again` }, what);
  }

  function tooLarge() {
    res.setHeader('connection', 'close'); // the rest of the body is not read
    answer(413, 'too_large', { ok: false, error: `body over ${ctx.maxBytes} bytes` }, { limit: ctx.maxBytes });
  }
}

/** The body, or null once it passes `maxBytes` (the rest is not read). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

