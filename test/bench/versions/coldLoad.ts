/**
 * Point 4 of the versions bench: does per-element history (doc_changes rows) slow the load of a
 * building? Two documents with the same state, one with `rows` change rows for its elements and
 * one without, loaded alternately: by the collaboration server (a fresh process per load, warmed
 * up on a small other document, then one real y-websocket client: connect -> synced and ->
 * every element present, the collab bench's own load client) and by the store's `load()`. And
 * `listChanges` with those rows in the table.
 */
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { DocChangeRow, DocumentStore } from '@/lib/db/documentStore';
import { freePort } from '@/test/helpers/ports';
import { forkTsx } from '../collab/childProcess';
import type { LoadReply, LoadRequest } from '../collab/clients/loadClient';
import { arxosTarget } from '../collab/targets/arxos';
import type { TargetContext } from '../collab/targets/types';
import { elementId } from './building';

/** The two sides, in the order of the table. */
export const SIDES = ['with history', 'without'] as const;
export type Side = (typeof SIDES)[number];

/** Run `r`'s order of the sides: they take turns going first. */
export const sideOrder = (r: number): readonly Side[] => (r % 2 === 0 ? SIDES : [...SIDES].reverse());

/** An element with many changes of its own (a device moved often), and one with a few. */
export const HOT_ELEMENT = elementId(1);
const HOT_ROWS = 1_000;
const TYPICAL_ROWS = 3;
/** An element of the second group (3 rows each). */
export const TYPICAL_ELEMENT = elementId(2_001);

/**
 * `rows` change rows for elements of `docName`, as the server's ChangeRecorder writes them
 * (collab-server/changeRows.ts): {@link HOT_ROWS} for {@link HOT_ELEMENT}, the rest
 * {@link TYPICAL_ROWS} each for the elements after it, by ten users over the last 30 days,
 * oldest first. Appended in writes of 1,000 rows.
 */
export async function seedChanges(store: DocumentStore, docName: string, rows: number, elements: number): Promise<void> {
  const all: DocChangeRow[] = [];
  const start = Date.now() - 30 * 86_400_000;
  for (let n = 0; n < rows; n++) {
    const i = n < HOT_ROWS ? 1 : 2 + Math.floor((n - HOT_ROWS) / TYPICAL_ROWS);
    if (i >= elements) throw new Error(`bench: ${rows} change rows do not fit ${elements} elements`);
    const id = elementId(i);
    const wall = id.startsWith('w-');
    const fields = wall ? (n % 2 ? ['thickness'] : ['props.fireRating']) : n % 3 === 0 ? ['name', 'props.serial'] : ['position'];
    all.push({ docName, collection: 'elements', recordId: id, action: 'update', fields, userId: `bench-user-${n % 10}`, at: new Date(start + n * 60_000) });
  }
  for (let n = 0; n < all.length; n += 1_000) await store.appendChanges(all.slice(n, n + 1_000));
}

/** One cold load by the collaboration server. */
export interface ServerLoad {
  side: Side;
  /** Connect -> the provider synced, ms. */
  syncedMs: number;
  /** Connect -> every element in the client's doc, ms. */
  loadedMs: number;
  /** Connect -> the message completing the elements arrived at the client's socket (the server's share), ms. */
  receivedMs: number;
}

const LOAD_TIMEOUT_MS = 120_000;

/**
 * A fresh server process loads `docName` for one client: first a small document `warm` (so the
 * figure is a cold document on a running server, not the JIT warming up a new process), then
 * the big one. The client is the collab bench's load client, in a process of its own.
 */
export async function serverColdLoad(ctx: TargetContext, warm: { name: string; elements: number }, docName: string, elements: number): Promise<Omit<ServerLoad, 'side'>> {
  const port = await freePort();
  const server = arxosTarget.start(port, ctx);
  let client: ChildProcess | undefined;
  try {
    await server.ready;
    client = forkTsx('test/bench/collab/clients/loadClient.ts');
    const request: LoadRequest = { target: 'arxos', port, ctx, warm: warm.name, warmElements: warm.elements, docName, elements };
    const replied = new Promise<LoadReply>((resolve, reject) => {
      client!.once('message', (message: LoadReply) => resolve(message));
      client!.once('exit', (code) => reject(new Error(`load client exited (code ${code})`)));
      setTimeout(() => reject(new Error(`no load within ${LOAD_TIMEOUT_MS / 1000} s (server log: ${server.logFile})`)), LOAD_TIMEOUT_MS).unref();
    });
    client.send(request);
    const reply = await replied;
    if (!reply.ok) throw new Error(`cold load of ${docName} failed: ${reply.error} (server log: ${server.logFile})`);
    return { syncedMs: reply.syncedMs, loadedMs: reply.loadedMs, receivedMs: reply.receivedMs };
  } finally {
    if (client && client.exitCode === null) client.kill('SIGKILL');
    await server.stop();
  }
}

/** `store.load(docName)`: ms, and the state's size (the same on both sides, or the bench is wrong). */
export async function storeLoad(store: DocumentStore, docName: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const loaded = await store.load(docName);
  const ms = performance.now() - t;
  if (loaded.state === null) throw new Error(`bench: ${docName} has no stored state`);
  return { ms, bytes: loaded.state.byteLength };
}

/** The `listChanges` queries timed, with how many rows each must return. */
export const CHANGE_QUERIES = [
  { name: `listChanges(one element, ${HOT_ROWS} rows of its own): newest 100`, query: { recordId: HOT_ELEMENT }, rows: 100 },
  { name: `listChanges(one element, ${TYPICAL_ROWS} rows of its own)`, query: { recordId: TYPICAL_ELEMENT }, rows: TYPICAL_ROWS },
  { name: 'listChanges(whole building): newest 100', query: {}, rows: 100 },
] as const;

/** One listChanges query: ms. Throws when it returns another number of rows than it must. */
export async function timeListChanges(store: DocumentStore, docName: string, q: (typeof CHANGE_QUERIES)[number]): Promise<number> {
  const t = performance.now();
  const rows = await store.listChanges(docName, q.query);
  const ms = performance.now() - t;
  if (rows.length !== q.rows) throw new Error(`bench: ${q.name} returned ${rows.length} rows, expected ${q.rows}`);
  const recordId = 'recordId' in q.query ? q.query.recordId : undefined;
  if (recordId !== undefined && rows.some((r) => r.recordId !== recordId)) throw new Error(`bench: ${q.name} returned rows of other records`);
  return ms;
}
