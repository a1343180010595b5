import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FIRST_LINEAGE, type DocumentStore } from '@/lib/db/documentStore';
import { MAX_BYTES_PER_APPEND } from '@/lib/db/documentStore';

/** A store under test plus how to dispose of it. */
export interface DocumentStoreFixture {
  store: DocumentStore;
  /**
   * Another store over the same data (a second process, in effect): separate connections to the
   * same database, or an in-memory store built with `sameDataAs`.
   */
  secondStore?: DocumentStore;
  teardown(): Promise<void>;
}

/**
 * The DocumentStore contract (architecture §4). Every implementation runs this same suite.
 * Each test uses its own document name, so tests are independent of each other's data.
 */
export function describeDocumentStoreContract(name: string, factory: () => Promise<DocumentStoreFixture>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let fixture: DocumentStoreFixture;
    let store: DocumentStore;
    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterAll(() => fixture?.teardown());

    it('loads nothing for a document that was never stored', async () => {
      expect(await store.load(docName())).toEqual({ state: null, seq: 0, updateCount: 0, lineage: 0 });
    });

    it('round-trips real Yjs updates: the loaded state equals the editing doc', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(40);
      const seqs = await store.appendUpdates(name, updates);
      expect(seqs).toEqual(range(1, 40));
      const loaded = await store.load(name);
      expect(loaded.seq).toBe(40);
      expect(loaded.updateCount).toBe(40);
      expectSameContent(loaded.state!, doc);
    });

    it('assigns increasing, contiguous seqs across batches and keeps counting after compaction', async () => {
      const name = docName();
      const { updates } = recordEdits(9);
      expect(await store.appendUpdates(name, updates.slice(0, 3))).toEqual([1, 2, 3]);
      expect(await store.appendUpdates(name, updates.slice(3, 4))).toEqual([4]);
      await store.compact(name);
      expect(await store.appendUpdates(name, updates.slice(4))).toEqual([5, 6, 7, 8, 9]);
      expect(await store.appendUpdates(name, [])).toEqual([]);
      expect((await store.load(name)).seq).toBe(9);
    });

    it('keeps documents apart', async () => {
      const [a, b] = [docName(), docName()];
      const editsA = recordEdits(3, 'a');
      const editsB = recordEdits(5, 'b');
      await store.appendUpdates(a, editsA.updates);
      await store.appendUpdates(b, editsB.updates);
      expectSameContent((await store.load(a)).state!, editsA.doc);
      expectSameContent((await store.load(b)).state!, editsB.doc);
      expect((await store.load(b)).seq).toBe(5);
    });

    it('compaction keeps the loaded state identical and folds the log into one snapshot', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(300);
      await store.appendUpdates(name, updates);
      const before = await store.load(name);
      const result = await store.compact(name);
      expect(result).toEqual({ compacted: true, seq: 300, mergedUpdates: 300 });
      const after = await store.load(name);
      expect(after).toMatchObject({ seq: 300, updateCount: 0 });
      expectSameContent(after.state!, doc);
      expect(Y.encodeStateVectorFromUpdate(after.state!)).toEqual(Y.encodeStateVectorFromUpdate(before.state!));
      expect(await store.compact(name)).toEqual({ compacted: false, seq: 300, mergedUpdates: 0 });
    });

    it('compaction merges a snapshot with later updates; a load then reads one part instead of the log', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(1200);
      await store.appendUpdates(name, updates.slice(0, 600));
      await store.compact(name);
      await store.appendUpdates(name, updates.slice(600));
      expect((await store.loadParts(name)).parts).toHaveLength(601);
      expect((await store.compact(name)).mergedUpdates).toBe(600);
      const parts = await store.loadParts(name);
      expect(parts).toMatchObject({ seq: 1200, updateCount: 0 });
      expect(parts.parts).toHaveLength(1);
      expectSameContent((await store.load(name)).state!, doc);
    });

    it('loadParts gives the snapshot then the tail, which applied in order equal load', async () => {
      expect(await store.loadParts(docName())).toEqual({ parts: [], seq: 0, updateCount: 0, lineage: FIRST_LINEAGE, clients: [] });
      const name = docName();
      const { doc, updates } = recordEdits(50);
      await store.appendUpdates(name, updates.slice(0, 30));
      await store.compact(name);
      await store.appendUpdates(name, updates.slice(30));
      const loaded = await store.loadParts(name);
      expect(loaded).toMatchObject({ seq: 50, updateCount: 20 });
      expect(loaded.parts).toHaveLength(21);
      expect(Array.from(loaded.parts[20]!)).toEqual(Array.from(updates[49]!));
      const applied = new Y.Doc();
      for (const part of loaded.parts) Y.applyUpdate(applied, part);
      expectSameContent(Y.encodeStateAsUpdate(applied), doc);
      expectSameContent((await store.load(name)).state!, doc);
    });

    it('compactFrom stores a held state as the snapshot at a seq and keeps the updates after it', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(100);
      await store.appendUpdates(name, updates);
      // The caller's state may hold more than the seq says (here: all 100 updates for seq 60).
      const result = await store.compactFrom(name, { state: Y.encodeStateAsUpdate(doc), seq: 60, schemaVersion: 7, lineage: 0 });
      expect(result).toEqual({ compacted: true, seq: 60, mergedUpdates: 60 });
      const parts = await store.loadParts(name);
      expect(parts).toMatchObject({ seq: 100, updateCount: 40 });
      expect(parts.parts).toHaveLength(41);
      expectSameContent((await store.load(name)).state!, doc);
      // Not backwards, not to the same seq again.
      expect(await store.compactFrom(name, { state: Y.encodeStateAsUpdate(doc), seq: 50, schemaVersion: 7, lineage: 0 })).toEqual({ compacted: false, seq: 60, mergedUpdates: 0 });
      expect(await store.compactFrom(name, { state: Y.encodeStateAsUpdate(doc), seq: 60, schemaVersion: 7, lineage: 0 })).toEqual({ compacted: false, seq: 60, mergedUpdates: 0 });
      // Never past what the log holds: that would hide updates not written yet.
      await expect(store.compactFrom(name, { state: Y.encodeStateAsUpdate(doc), seq: 101, schemaVersion: 7, lineage: 0 })).rejects.toThrow(/seq 101 is past the end of the log \(100\)/);
      await expect(store.compactFrom(name, { state: new Uint8Array(), seq: 100, schemaVersion: 7, lineage: 0 })).rejects.toThrow(/empty state/);
      expect(await store.compactFrom(name, { state: Y.encodeStateAsUpdate(doc), seq: 100, schemaVersion: 7, lineage: 0 })).toEqual({ compacted: true, seq: 100, mergedUpdates: 40 });
      expect(await store.loadParts(name)).toMatchObject({ seq: 100, updateCount: 0, parts: [expect.any(Uint8Array)] });
      expect(await store.appendUpdates(name, [updates[0]!])).toEqual([101]);
    });

    it('appends racing a compactFrom are neither lost nor duplicated', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(200);
      await store.appendUpdates(name, updates.slice(0, 100));
      const held = new Y.Doc();
      for (const u of updates.slice(0, 100)) Y.applyUpdate(held, u);
      await Promise.all([
        ...chunk(updates.slice(100), 10).map((batch) => (fixture.secondStore ?? store).appendUpdates(name, batch)),
        store.compactFrom(name, { state: Y.encodeStateAsUpdate(held), seq: 100, schemaVersion: 0, lineage: 0 }),
      ]);
      const loaded = await store.loadParts(name);
      expect(loaded).toMatchObject({ seq: 200, updateCount: 100 });
      expectSameContent((await store.load(name)).state!, doc);
    });

    it('concurrent appends to one document get unique seqs and lose nothing', async () => {
      const name = docName();
      const writers = [store, fixture.secondStore ?? store];
      const { doc, updates } = recordEdits(120);
      const batches = chunk(updates, 3); // 40 batches, appended all at once from two "processes"
      const seqs = await Promise.all(batches.map((batch, i) => writers[i % 2]!.appendUpdates(name, batch)));
      for (const batchSeqs of seqs) expect(batchSeqs).toEqual(range(batchSeqs[0]!, 3));
      expect(seqs.flat().sort((a, b) => a - b)).toEqual(range(1, 120));
      const loaded = await store.load(name);
      expect(loaded.seq).toBe(120);
      expectSameContent(loaded.state!, doc);
    });

    it('appends to several documents in one write, each continuing its own seqs', async () => {
      const [a, b, c] = [docName(), docName(), docName()];
      const editsA = recordEdits(6, 'a');
      const editsB = recordEdits(4, 'b');
      await store.appendUpdates(a, editsA.updates.slice(0, 2));
      const seqs = await store.appendMany([
        { docName: b, updates: editsB.updates },
        { docName: a, updates: editsA.updates.slice(2) },
        { docName: c, updates: [] },
      ]);
      expect(seqs).toEqual([[1, 2, 3, 4], [3, 4, 5, 6], []]);
      expectSameContent((await store.load(a)).state!, editsA.doc);
      expectSameContent((await store.load(b)).state!, editsB.doc);
      expect(await store.loadParts(c)).toEqual({ parts: [], seq: 0, updateCount: 0, lineage: FIRST_LINEAGE, clients: [] });
    });

    it('writes all batches of one appendMany or none, and refuses a document twice', async () => {
      const [a, b] = [docName(), docName()];
      const edits = recordEdits(3);
      await expect(store.appendMany([{ docName: a, updates: edits.updates }, { docName: b, updates: [new Uint8Array()] }])).rejects.toThrow(/update #0 is empty/);
      await expect(store.appendMany([{ docName: a, updates: edits.updates }, { docName: a, updates: edits.updates }])).rejects.toThrow(/appears twice/);
      // More bytes than one statement should carry (the queue splits its writes below this).
      const half = new Uint8Array(MAX_BYTES_PER_APPEND / 2 + 1).fill(1);
      await expect(store.appendMany([{ docName: a, updates: [half] }, { docName: b, updates: [half] }])).rejects.toThrow(/bytes of updates in one call/);
      expect((await store.loadParts(a)).seq).toBe(0);
    });

    it('concurrent appendMany and appendUpdates to the same documents lose nothing', async () => {
      const [a, b] = [docName(), docName()];
      const editsA = recordEdits(60, 'a');
      const editsB = recordEdits(60, 'b');
      const chunksA = chunk(editsA.updates, 6);
      const chunksB = chunk(editsB.updates, 6);
      const other = fixture.secondStore ?? store;
      await Promise.all(
        chunksA.map((batch, i) =>
          i % 2 === 0 ? store.appendMany([{ docName: a, updates: batch }, { docName: b, updates: chunksB[i]! }]) : Promise.all([other.appendUpdates(a, batch), other.appendUpdates(b, chunksB[i]!)]),
        ),
      );
      for (const [name, edits] of [[a, editsA], [b, editsB]] as const) {
        const loaded = await store.load(name);
        expect(loaded.seq).toBe(60);
        expectSameContent(loaded.state!, edits.doc);
      }
    });

    it('appends racing a compaction are neither lost nor duplicated', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(200);
      await store.appendUpdates(name, updates.slice(0, 100));
      const rest = chunk(updates.slice(100), 10);
      await Promise.all([
        ...rest.map((batch) => (fixture.secondStore ?? store).appendUpdates(name, batch)),
        store.compact(name),
        store.compact(name),
      ]);
      await store.compact(name);
      const loaded = await store.load(name);
      expect(loaded).toMatchObject({ seq: 200, updateCount: 0 });
      expectSameContent(loaded.state!, doc);
    });

    it('rebase replaces the history by the new base at the same seq, keeps the ended lineage, and the log goes on', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(300);
      await store.appendUpdates(name, updates.slice(0, 200));
      await store.compact(name);
      await store.appendUpdates(name, updates.slice(200));
      const finalState = Y.encodeStateAsUpdate(doc);
      const newState = copyElements(doc, 4242);
      expect(await store.rebase(name, { expect: { lineage: 0, seq: 300 }, finalState, newState, baseClient: 4242, schemaVersion: 3 })).toEqual({ rebased: true, lineage: 1, seq: 300 });

      const parts = await store.loadParts(name);
      expect(parts).toMatchObject({ seq: 300, updateCount: 0, lineage: { current: 1, baseClient: 4242 } });
      expect(parts.parts.map((p) => Array.from(p))).toEqual([Array.from(newState)]);
      expect(parts.lineage.ended).toEqual([{ lineage: 0, baseClient: null, finalStateVector: Y.encodeStateVectorFromUpdate(finalState) }]);
      expect((await store.load(name)).lineage).toBe(1);
      expect(Array.from((await store.loadLineageState(name, 0))!)).toEqual(Array.from(finalState));
      expect(await store.loadLineageState(name, 1)).toBeNull(); // the current one has no final state yet
      expect(await store.loadLineageState(name, 7)).toBeNull();

      // The log continues on the new lineage; a rebase computed before that is refused.
      const next = new Y.Doc();
      Y.applyUpdate(next, newState);
      const later = recordUpdate(next, (d) => (d.getMap('elements').get('x-1') as Y.Map<unknown>).set('name', 'after the rebase'));
      expect(await store.appendUpdates(name, [later])).toEqual([301]);
      expect(await store.rebase(name, { expect: { lineage: 0, seq: 301 }, finalState, newState, baseClient: 5, schemaVersion: 3 })).toEqual({ rebased: false, reason: 'lineage-changed' });
      expect(await store.rebase(name, { expect: { lineage: 1, seq: 300 }, finalState: newState, newState, baseClient: 5, schemaVersion: 3 })).toEqual({ rebased: false, reason: 'log-moved' });
      const loaded = await store.load(name);
      expect((readElements(loaded.state!)['x-1'] as { name: string }).name).toBe('after the rebase');

      const secondFinal = loaded.state!;
      expect(await store.rebase(name, { expect: { lineage: 1, seq: 301 }, finalState: secondFinal, newState: copyElements(next, 77), baseClient: 77, schemaVersion: 3 })).toEqual({ rebased: true, lineage: 2, seq: 301 });
      const twice = await store.loadParts(name);
      expect(twice.lineage).toEqual({
        current: 2,
        baseClient: 77,
        ended: [
          { lineage: 0, baseClient: null, finalStateVector: Y.encodeStateVectorFromUpdate(finalState) },
          { lineage: 1, baseClient: 4242, finalStateVector: Y.encodeStateVectorFromUpdate(secondFinal) },
        ],
      });
      expect(await store.appendUpdates(name, [updates[0]!])).toEqual([302]);
    });

    it('rebase refuses what cannot be meant, with a clear error', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(3);
      await store.appendUpdates(name, updates);
      const state = Y.encodeStateAsUpdate(doc);
      await expect(store.rebase(name, { expect: { lineage: 0, seq: 0 }, finalState: state, newState: state, baseClient: 1, schemaVersion: 0 })).rejects.toThrow(/seq 0 is not a positive integer/);
      await expect(store.rebase(name, { expect: { lineage: 0, seq: 3 }, finalState: state, newState: state, baseClient: 2 ** 32, schemaVersion: 0 })).rejects.toThrow(/not a uint32/);
      await expect(store.rebase(name, { expect: { lineage: 0, seq: 3 }, finalState: state, newState: new Uint8Array(), baseClient: 1, schemaVersion: 0 })).rejects.toThrow(/empty state/);
      expect((await store.loadParts(name)).lineage).toEqual(FIRST_LINEAGE);
    });

    it('compaction never writes one lineage onto another', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(40);
      await store.appendUpdates(name, updates);
      const oldState = Y.encodeStateAsUpdate(doc);
      const newState = copyElements(doc, 99);
      await store.rebase(name, { expect: { lineage: 0, seq: 40 }, finalState: oldState, newState, baseClient: 99, schemaVersion: 0 });
      const next = new Y.Doc();
      Y.applyUpdate(next, newState);
      const later = recordUpdate(next, (d) => (d.getMap('elements').get('x-2') as Y.Map<unknown>).set('name', 'new lineage'));
      await store.appendUpdates(name, [later]);
      // A server still holding the old lineage must not overwrite the new one.
      await expect(store.compactFrom(name, { state: oldState, seq: 41, schemaVersion: 0, lineage: 0 })).rejects.toThrow(/lineage 0, the document is on lineage 1/);
      expect(await store.loadParts(name)).toMatchObject({ seq: 41, updateCount: 1, lineage: { current: 1 } });
      // Compacting the new lineage keeps it.
      expect(await store.compactFrom(name, { state: Y.encodeStateAsUpdate(next), seq: 41, schemaVersion: 0, lineage: 1 })).toMatchObject({ compacted: true });
      await store.appendUpdates(name, [recordUpdate(next, (d) => (d.getMap('elements').get('x-3') as Y.Map<unknown>).set('name', 'merged'))]);
      expect(await store.compact(name)).toMatchObject({ compacted: true, seq: 42 });
      const loaded = await store.loadParts(name);
      expect(loaded).toMatchObject({ seq: 42, updateCount: 0, lineage: { current: 1, baseClient: 99 } });
      expect(readElements((await store.load(name)).state!)).toEqual(next.getMap('elements').toJSON());
    });

    it('edit appends what its change makes of the stored state', async () => {
      const name = docName();
      expect(await store.edit(name, (current) => {
        expect(current).toEqual({ state: null, seq: 0, updateCount: 0, lineage: 0 });
        return [];
      })).toEqual([]);
      const { doc, updates } = recordEdits(5);
      await store.appendUpdates(name, updates);
      const seqs = await store.edit(name, (current) => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, current.state!);
        return [recordUpdate(copy, (d) => (d.getMap('elements').get('x-1') as Y.Map<unknown>).set('name', 'renamed'))];
      });
      expect(seqs).toEqual([6]);
      Y.applyUpdate(doc, (await store.loadParts(name)).parts[5]!);
      expectSameContent((await store.load(name)).state!, doc);
      await expect(store.edit(name, () => [new Uint8Array()])).rejects.toThrow(/update #0 is empty/);
      await expect(store.edit(name, () => { throw new Error('the change failed'); })).rejects.toThrow(/the change failed/);
      expect((await store.load(name)).seq).toBe(6);
    });

    it('an edit computed on a lineage that a rebase ends meanwhile is computed again on the new one', async () => {
      const name = docName();
      const { doc, updates } = recordEdits(20);
      await store.appendUpdates(name, updates);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let computing!: () => void;
      const started = new Promise<void>((resolve) => (computing = resolve));
      const seenLineages: number[] = [];
      const editing = store.edit(name, async (current) => {
        seenLineages.push(current.lineage);
        if (seenLineages.length === 1) {
          computing();
          await held;
        }
        const copy = new Y.Doc();
        Y.applyUpdate(copy, current.state!);
        return [recordUpdate(copy, (d) => (d.getMap('elements').get('x-4') as Y.Map<unknown>).set('name', 'edited across a rebase'))];
      });
      await started;
      // The edit holds nothing while it computes: the rebase goes through.
      const rebased = await (fixture.secondStore ?? store).rebase(name, { expect: { lineage: 0, seq: 20 }, finalState: Y.encodeStateAsUpdate(doc), newState: copyElements(doc, 3), baseClient: 3, schemaVersion: 0 });
      expect(rebased).toEqual({ rebased: true, lineage: 1, seq: 20 });
      release();
      expect(await editing).toEqual([21]);
      expect(seenLineages).toEqual([0, 1]);
      // What was appended belongs to the new lineage: it applies completely and carries the edit.
      const loaded = new Y.Doc();
      for (const part of (await store.loadParts(name)).parts) Y.applyUpdate(loaded, part);
      expect(loaded.store.pendingStructs).toBeNull();
      expect((loaded.getMap('elements').get('x-4') as Y.Map<unknown>).get('name')).toBe('edited across a rebase');
    });

    it('records client ids with their first owner and clocks; they load with the document and outlive compaction and rebase', async () => {
      const name = docName();
      const other = docName();
      const { updates } = recordEdits(10);
      await store.appendUpdates(name, updates);
      expect((await store.loadParts(name)).clients).toEqual([]);
      await store.writeClients([
        { docName: name, clientId: 7, userId: 'alice', lineage: 0, clock: 10_005 },
        { docName: name, clientId: 2 ** 32 - 1, userId: '@server', lineage: 0, clock: 3 },
        { docName: other, clientId: 7, userId: 'bob', lineage: 0, clock: 1 },
      ]);
      // Lowered (the owner's connection closed), and a claim by another user on the same id: ignored.
      await store.writeClients([
        { docName: name, clientId: 7, userId: 'alice', lineage: 0, clock: 12 },
        { docName: name, clientId: 2 ** 32 - 1, userId: 'mallory', lineage: 0, clock: 999 },
      ]);
      const byClient = (clients: { clientId: number }[]) => [...clients].sort((a, b) => a.clientId - b.clientId);
      const expected = [
        { clientId: 7, userId: 'alice', lineage: 0, clock: 12 },
        { clientId: 2 ** 32 - 1, userId: '@server', lineage: 0, clock: 3 },
      ];
      expect(byClient((await store.loadParts(name)).clients)).toEqual(expected);
      expect((await store.loadParts(other)).clients).toEqual([{ clientId: 7, userId: 'bob', lineage: 0, clock: 1 }]);
      await store.compact(name);
      expect(byClient((await store.loadParts(name)).clients)).toEqual(expected);
      const { state } = await store.load(name);
      const seq = (await store.load(name)).seq;
      expect(await store.rebase(name, { expect: { lineage: 0, seq }, finalState: state!, newState: state!, baseClient: 99, schemaVersion: 0 })).toMatchObject({ rebased: true });
      expect(byClient((await store.loadParts(name)).clients)).toEqual(expected);
      await expect(store.writeClients([{ docName: name, clientId: -1, userId: 'x', lineage: 0, clock: 0 }])).rejects.toThrow(/clientId -1/);
    });

    it('saves, lists (newest first) and loads named versions', async () => {
      const name = docName();
      const first = recordEdits(2, 'v1');
      const second = recordEdits(4, 'v2');
      second.doc.getMap('meta').set('schemaVersion', 3);
      const secondState = Y.encodeStateAsUpdate(second.doc);
      const v1 = await store.saveVersion(name, 'First draft', Y.encodeStateAsUpdate(first.doc), 'user-1');
      const v2 = await store.saveVersion(name, 'Issued for review', secondState, 'user-2');
      expect(v2).toMatchObject({ docName: name, label: 'Issued for review', createdBy: 'user-2', schemaVersion: 3 });
      expect(v1.schemaVersion).toBe(0);
      expect((await store.listVersions(name)).map((v) => v.id)).toEqual([v2.id, v1.id]);
      expect(await store.listVersions(docName())).toEqual([]);
      const loaded = await store.loadVersion(v2.id);
      expect(loaded).toMatchObject({ ...v2, state: expect.any(Uint8Array) });
      expect(Array.from(loaded!.state)).toEqual(Array.from(secondState));
      expect(await store.loadVersion(randomUUID())).toBeNull();
      expect(v1).toMatchObject({ kind: 'named', summary: null });
      const auto = await store.saveVersion(name, 'Before importing', secondState, 'system', { kind: 'auto', summary: { added: 3, removed: 1, changed: 2 } });
      expect(auto).toMatchObject({ kind: 'auto', summary: { added: 3, removed: 1, changed: 2 } });
      expect((await store.listVersions(name))[0]).toMatchObject({ id: auto.id, kind: 'auto', summary: { added: 3, removed: 1, changed: 2 } });
      expect(await store.loadVersion(auto.id)).toMatchObject({ kind: 'auto', summary: { added: 3, removed: 1, changed: 2 } });
    });

    it('appends and lists changes per record, newest first, paged; compaction and rebase leave them alone', async () => {
      const name = docName();
      const at = new Date('2026-12-01T10:00:00Z');
      const row = (recordId: string, userId: string, fields: string[], action: 'create' | 'update' | 'delete' = 'update') => ({ docName: name, collection: 'elements', recordId, action, fields, userId, at });
      await store.appendChanges([row('w1', 'ada', ['a', 'b', 'name', 'props', 'thickness'], 'create'), row('w2', 'ada', ['name'], 'create')]);
      await store.appendChanges([row('w1', 'bo', ['thickness']), row('w1', 'ada', ['name']), { ...row('', 'bo', ['name']), collection: 'meta' }]);
      await store.appendChanges([]);
      await store.appendChanges([{ ...row('w1', 'cy', []), docName: docName() }]);

      const w1 = await store.listChanges(name, { recordId: 'w1' });
      expect(w1.map((c) => [c.userId, c.action, c.fields])).toEqual([
        ['ada', 'update', ['name']],
        ['bo', 'update', ['thickness']],
        ['ada', 'create', ['a', 'b', 'name', 'props', 'thickness']],
      ]);
      expect(w1[0]).toMatchObject({ docName: name, collection: 'elements', recordId: 'w1', at });
      expect((await store.listChanges(name)).map((c) => c.recordId)).toEqual(['', 'w1', 'w1', 'w2', 'w1']);
      expect((await store.listChanges(name, { recordId: '' })).map((c) => c.collection)).toEqual(['meta']);
      const page = await store.listChanges(name, { limit: 2 });
      expect(page).toHaveLength(2);
      expect((await store.listChanges(name, { beforeId: page[1]!.id })).map((c) => c.userId)).toEqual(['bo', 'ada', 'ada']);
      expect(BigInt(page[0]!.id) > BigInt(page[1]!.id)).toBe(true);

      // The update log's compaction and rebase do not touch them.
      const { doc, updates } = recordEdits(3);
      await store.appendUpdates(name, updates);
      await store.compact(name);
      const loaded = await store.load(name);
      expect(await store.rebase(name, { expect: { lineage: 0, seq: loaded.seq }, finalState: loaded.state!, newState: Y.encodeStateAsUpdate(doc), baseClient: 5, schemaVersion: 0 })).toMatchObject({ rebased: true });
      expect(await store.listChanges(name, { recordId: 'w1' })).toEqual(w1);
    });

    it('rejects empty updates with a clear error', async () => {
      await expect(store.appendUpdates(docName(), [new Uint8Array()])).rejects.toThrow(/update #0 is empty/);
    });
  });
}

function docName(): string {
  return `building/${randomUUID()}/model`;
}

/** Makes `count` small edits to a fresh doc and records each one's update. */
function recordEdits(count: number, tag = 'x'): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const elements = doc.getMap<Y.Map<unknown>>('elements');
  for (let i = 0; i < count; i++) {
    doc.transact(() => {
      const id = `${tag}-${i % 7}`;
      const element = elements.get(id) ?? new Y.Map<unknown>();
      if (!elements.has(id)) elements.set(id, element);
      element.set('name', `${tag} element ${i}`);
      element.set('a', [i, i * 2]);
      if (i % 11 === 10) elements.delete(`${tag}-${(i + 3) % 7}`);
    });
  }
  return { doc, updates };
}

function expectSameContent(state: Uint8Array, expected: Y.Doc): void {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  expect(doc.getMap('elements').toJSON()).toEqual(expected.getMap('elements').toJSON());
  expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(expected));
  doc.destroy();
}

/** The update `write` makes to `doc`. */
function recordUpdate(doc: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array {
  let update: Uint8Array | undefined;
  const listener = (u: Uint8Array) => (update = u);
  doc.on('update', listener);
  doc.transact(() => write(doc));
  doc.off('update', listener);
  if (!update) throw new Error('the write changed nothing');
  return update;
}

/** `doc`'s elements re-created by Yjs client `clientId` in a new document (a new lineage's base, as a rebase makes it). */
function copyElements(doc: Y.Doc, clientId: number): Uint8Array {
  const copy = new Y.Doc();
  copy.clientID = clientId;
  copy.transact(() => {
    const elements = copy.getMap('elements');
    for (const [id, value] of doc.getMap('elements')) {
      const record = new Y.Map<unknown>();
      for (const [key, field] of value as Y.Map<unknown>) record.set(key, field);
      elements.set(id, record);
    }
  });
  return Y.encodeStateAsUpdate(copy);
}

function readElements(state: Uint8Array): Record<string, unknown> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getMap('elements').toJSON();
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
