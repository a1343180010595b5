/**
 * What the in-memory store adds to the DocumentStore contract (which it passes like the Prisma
 * store: test/integration/db/documentStore.test.ts): shared data, copies, and the races it lets
 * happen where the Prisma store reads and writes in separate round trips.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InMemoryDocumentStore } from '@/lib/db/InMemoryDocumentStore';

const NAME = 'building/b1/model';

/** `count` updates of one doc, each setting `elements.x` to its index. */
function edits(count: number, clientId = 1): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('elements').set('x', i);
  return { doc, updates };
}

function elementsOf(state: Uint8Array | null): unknown {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc.getMap('elements').toJSON();
}

describe('InMemoryDocumentStore', () => {
  it('stores built with sameDataAs share one database; a store of its own shares nothing', async () => {
    const first = new InMemoryDocumentStore();
    const second = new InMemoryDocumentStore({ sameDataAs: first });
    const apart = new InMemoryDocumentStore();
    const { updates } = edits(4);
    expect(await first.appendUpdates(NAME, updates.slice(0, 2))).toEqual([1, 2]);
    expect(await second.appendUpdates(NAME, updates.slice(2))).toEqual([3, 4]);
    await second.writeClients([{ docName: NAME, clientId: 1, userId: 'alice', lineage: 0, clock: 4 }]);
    expect(await first.loadParts(NAME)).toMatchObject({ seq: 4, updateCount: 4, clients: [{ clientId: 1, userId: 'alice' }] });
    expect(await apart.load(NAME)).toEqual({ state: null, seq: 0, updateCount: 0, lineage: 0 });
  });

  it('copies bytes in and out: a caller changing its buffers changes nothing stored', async () => {
    const store = new InMemoryDocumentStore();
    const { updates } = edits(1);
    const written = new Uint8Array(updates[0]!);
    await store.appendUpdates(NAME, [written]);
    written.fill(0);
    const [part] = (await store.loadParts(NAME)).parts;
    expect(Array.from(part!)).toEqual(Array.from(updates[0]!));
    part!.fill(0);
    expect(Array.from((await store.loadParts(NAME)).parts[0]!)).toEqual(Array.from(updates[0]!));
  });

  it('a compaction that a rebase overtakes while it merges writes nothing over the new lineage', async () => {
    const store = new InMemoryDocumentStore();
    const { doc, updates } = edits(10);
    await store.appendUpdates(NAME, updates);
    const base = new Y.Doc();
    base.clientID = 99;
    base.getMap('elements').set('x', 'rebased');
    const newState = Y.encodeStateAsUpdate(base);
    const compacting = store.compact(NAME);
    const rebased = await store.rebase(NAME, { expect: { lineage: 0, seq: 10 }, finalState: Y.encodeStateAsUpdate(doc), newState, baseClient: 99, schemaVersion: 0 });
    expect(rebased).toEqual({ rebased: true, lineage: 1, seq: 10 });
    expect(await compacting).toEqual({ compacted: false, seq: 10, mergedUpdates: 0 });
    const loaded = await store.loadParts(NAME);
    expect(loaded).toMatchObject({ seq: 10, updateCount: 0, lineage: { current: 1, baseClient: 99 } });
    expect(loaded.parts.map((p) => Array.from(p))).toEqual([Array.from(newState)]);
  });

  it('an edit gives up after maxEditAttempts when every change it computes is overtaken by a rebase', async () => {
    const store = new InMemoryDocumentStore({ maxEditAttempts: 3 });
    const { updates } = edits(2);
    await store.appendUpdates(NAME, updates);
    let computed = 0;
    const editing = store.edit(NAME, async (current) => {
      computed++;
      const state = current.state!;
      await store.rebase(NAME, { expect: { lineage: current.lineage, seq: current.seq }, finalState: state, newState: state, baseClient: computed, schemaVersion: 0 });
      return [updates[0]!];
    });
    await expect(editing).rejects.toThrow(/rebased 3 times while the change was computed/);
    expect(computed).toBe(3);
    expect((await store.load(NAME)).seq).toBe(2);
  });

  it('lists versions saved within one millisecond newest first, with the schema version it reads', async () => {
    const store = new InMemoryDocumentStore({ schemaVersionOf: (state) => state.length });
    const saved = [];
    const states = [1, 2, 3, 4].map((n) => Y.encodeStateAsUpdate(edits(n).doc));
    for (const [i, state] of states.entries()) saved.push(await store.saveVersion(NAME, `v${i + 1}`, state, 'u'));
    expect((await store.listVersions(NAME)).map((v) => v.label)).toEqual(['v4', 'v3', 'v2', 'v1']);
    expect(saved.map((v) => v.schemaVersion)).toEqual(states.map((s) => s.length));
    expect(elementsOf((await store.loadVersion(saved[2]!.id))!.state)).toEqual({ x: 2 });
  });
});
