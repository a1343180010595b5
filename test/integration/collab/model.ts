/** Building content for collab tests, written through lib/doc (valid by construction). */
import * as Y from 'yjs';
import type { DocumentStore } from '@/lib/db/documentStore';
import { addElement, addStorey, initBuildingDoc, readBuilding } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import type { BuildingSnapshot } from '@/lib/model';

/** A wall record on storey `L0`. */
export function wallRecord(id: string, x = 0, extra: Record<string, unknown> = {}) {
  return { id, kind: 'wall', storeyId: 'L0', name: id, props: {}, a: [x, 0], b: [x, 4], thickness: 0.2, height: 3, ...extra };
}

/** Initialises a building doc with meta, storey `L0` and the walls `wallIds`. Throws on failure. */
export function seedBuilding(doc: Y.Doc, wallIds: readonly string[] = []): void {
  must(initBuildingDoc(doc, { name: 'Test building', createdAt: '2024-01-01T00:00:00Z' }));
  must(addStorey(doc, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
  wallIds.forEach((id, i) => must(addElement(doc, wallRecord(id, i * 2))));
}

/** The building as plain data (JSON round-trip, so snapshots compare with toEqual). */
export function snapshot(doc: Y.Doc): BuildingSnapshot {
  return JSON.parse(JSON.stringify(readBuilding(doc))) as BuildingSnapshot;
}

/** A doc holding `state` (e.g. what the store loaded). */
export function docOf(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/** Throws unless `result` is ok (test set-up that must not fail). */
export function must<T extends { ok: boolean }>(result: T): T {
  if (!result.ok) throw new Error(`unexpected failure: ${JSON.stringify(result)}`);
  return result;
}

/** A valid review thread `id` started by `user`, pinned to element `w1`, with no comments. */
export function threadRecord(id: string, user: string, extra: Record<string, unknown> = {}) {
  return { id, title: `Thread ${id}`, status: 'open', type: 'Issue', labels: [], anchor: { elementId: 'w1' }, createdBy: user, createdByName: user, createdAt: '2026-12-04T10:00:00.000Z', comments: {}, ...extra };
}

/** A valid comment `id` by `user`. */
export function commentRecord(id: string, user: string, text = 'A comment') {
  return { id, author: user, authorName: user, text, createdAt: '2026-12-04T10:05:00.000Z', mentions: [] };
}

/** Stores a new building's model (meta, storey `L0`, the walls `wallIds`) as nobody has it open; its document name. */
export async function storeBuilding(store: Pick<DocumentStore, 'appendUpdates'>, buildingId: string, wallIds: readonly string[] = ['w1']): Promise<string> {
  const name = docNames.model(buildingId);
  const doc = new Y.Doc();
  seedBuilding(doc, wallIds);
  await store.appendUpdates(name, [Y.encodeStateAsUpdate(doc)]);
  doc.destroy();
  return name;
}
