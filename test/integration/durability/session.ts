/**
 * An editing session on one building model: editors that record their edits, an observer that
 * never edits (its copy is exactly what the server merged and broadcast), and the checks the
 * durability tests make on every copy.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { getMaps, readMeta } from '@/lib/doc';
import { eventually } from '../collab/harness';
import { seedBuilding, snapshot } from '../collab/model';
import { connectClient, connectEditor, rng, type Client, type Editor } from './clients';

/** Bounds every wait of these tests (only a failing test ever reaches it). */
export const WAIT_MS = 60_000;

/** Editors and an observer on one model document. */
export interface Session {
  docName: string;
  editors: Editor[];
  /** Never edits; records its copy at each close (what the server had broadcast until then). */
  observer: Client;
  all: Client[];
}

/**
 * Opens a session on `docName` (its building must grant the editor user access): editor 0 creates the building (meta + storey L0), then the other editors and
 * the observer join and see it. Editor `i` chooses its edits with PRNG seed `seed * 100 + i`.
 */
export async function openSession(
  serverUrl: string,
  docName: string,
  editorCount: number,
  seed: number,
  /** Who each editor is, and the observer (default: the same user for all). */
  users: { editors?: readonly string[]; observer?: string } = {},
): Promise<Session> {
  const first = await connectEditor(serverUrl, docName, 0, rng(seed * 100), { user: users.editors?.[0] });
  await first.synced();
  seedBuilding(first.doc);
  const rest = await Promise.all(
    Array.from({ length: editorCount - 1 }, (_, i) => connectEditor(serverUrl, docName, i + 1, rng(seed * 100 + i + 1), { user: users.editors?.[i + 1] })),
  );
  const observer = await connectClient(serverUrl, docName, { recordCloses: true, user: users.observer });
  const editors = [first, ...rest];
  const all = [...editors, observer];
  await eventually(() => {
    for (const client of all) expect(readMeta(client.doc) !== undefined && getMaps(client.doc).storeys.has('L0')).toBe(true);
  }, WAIT_MS);
  return { docName, editors, observer, all };
}

/** Waits until every editor made at least `more` further edits (they edit on their own timers). */
export async function editsGrow(editors: readonly Editor[], more: number): Promise<void> {
  const targets = editors.map((e) => e.edits.length + more);
  await eventually(() => editors.forEach((e, i) => expect(e.edits.length).toBeGreaterThanOrEqual(targets[i]!)), WAIT_MS);
}

/** Waits until every client is connected and synced (again). */
export async function allSynced(clients: readonly Client[]): Promise<void> {
  await eventually(() => clients.forEach((c) => expect(c.provider.synced).toBe(true)), WAIT_MS);
}

/**
 * Waits until every client holds the same document: same state vector AND same content (a
 * deletion adds no struct, so equal state vectors alone do not mean a delete-only update arrived).
 * They only exchange updates through the server. Resolves with the common state vector.
 */
export async function converged(clients: readonly Client[]): Promise<Uint8Array> {
  await eventually(() => {
    const first = clients[0]!;
    const building = snapshot(first.doc);
    for (const c of clients) {
      expect(c.stateVector()).toEqual(first.stateVector());
      expect(snapshot(c.doc)).toEqual(building);
    }
  }, WAIT_MS);
  return clients[0]!.stateVector();
}

/** Waits until the database holds exactly `doc` (state vector and content; the server writes within its flush interval). */
export async function storedEquals(load: () => Promise<Y.Doc>, doc: Y.Doc): Promise<void> {
  await eventually(async () => {
    const stored = await load();
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(doc));
    expect(snapshot(stored)).toEqual(snapshot(doc));
  }, WAIT_MS);
}

/** Checks that `doc` holds every edit of every editor, with the values each edit gave. */
export function expectEveryEdit(doc: Y.Doc, editors: readonly Editor[], label: string): void {
  const building = snapshot(doc);
  for (const editor of editors) {
    expect(editor.editsIn(Y.encodeStateVector(doc)), `${label}: edits of editor ${editor.index}`).toBe(editor.edits.length);
    expect(editor.problemsIn(building), `${label}: walls of editor ${editor.index}`).toEqual([]);
  }
}

/** Close codes other than "going away" (1001) and "abnormal closure / refused" (1006). */
export function unexpectedCloses(clients: readonly Client[]): number[] {
  return clients.flatMap((c) => c.closeCodes.filter((code) => code !== 1001 && code !== 1006));
}
