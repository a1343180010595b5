/**
 * Rebasing idle documents without their history, and clients still holding the ended lineage
 * (collab-server/SPEC.md rules 20-21; docs/DECISIONS.md 22). Real server, real y-websocket
 * providers, real database.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, addThread, countStructs, deleteElement, deleteThread, getMaps, updateElement } from '@/lib/doc';
import { metres, planPoint } from '@/lib/model';
import { CloseCode, docNames } from '@/lib/protocol';
import { encodeSync } from '@/collab-server/frames';
import { SyncMessageType } from '@/lib/protocol';
import { caughtUp, describeCollab, eventually, metricValue, type CollabContext, type TestClient } from './harness';
import { docOf, must, seedBuilding, snapshot, threadRecord, wallRecord } from './model';
import { Gate } from './RecordingStore';

/** Rooms unload at once when idle, and any document with history is due for a rebase. */
const REBASING = { roomUnloadGraceMs: 30, persistence: { rebaseAfterDeleted: 1, rebaseDeletedRatio: 0.01 } };

describeCollab('collab server: rebase and ended lineages', describe, REBASING, (ctx) => {
  /** A building with walls, each wall moved `moves` times (history: one deleted struct per move). */
  async function editedBuilding(walls: readonly string[], moves: number): Promise<{ name: string; editor: TestClient }> {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, walls);
    for (let i = 0; i < moves; i++) for (const id of walls) must(updateElement(editor.doc, id, { a: planPoint(i, 0) }));
    await caughtUp(ctx().server, name, editor.doc);
    return { name, editor };
  }

  /** Disconnects `client` and waits until the server rebased the document onto `lineage`. */
  async function goIdleAndRebase(name: string, clients: readonly TestClient[], lineage = 1): Promise<void> {
    const rebased = new Promise<void>((resolve) =>
      ctx().server.events.on('room-rebased', (doc, to) => doc === name && to === lineage && resolve()),
    );
    for (const client of clients) client.provider.disconnect();
    await rebased;
  }

  it('rebases an idle document: same content, no history, and fresh clients get the new lineage (SPEC 20)', async () => {
    const { name, editor } = await editedBuilding(['w1', 'w2', 'w3'], 20);
    const before = countStructs(editor.doc);
    expect(before.deleted).toBeGreaterThanOrEqual(57); // 20 moves of 3 walls; the first move of w1 changes nothing
    await goIdleAndRebase(name, [editor]);

    const stored = await ctx().db.loadParts(name);
    expect(stored.lineage).toMatchObject({ current: 1, ended: [{ lineage: 0, baseClient: null }] });
    expect(stored.parts).toHaveLength(1);
    const rebased = docOf(stored.parts[0]!);
    expect(snapshot(rebased)).toEqual(snapshot(editor.doc));
    expect(countStructs(rebased).deleted).toBe(0);
    expect(countStructs(rebased).items).toBe(before.items - before.deleted);
    // Every struct of the new base is the base client's: the lineage is recognisable by it.
    expect([...rebased.store.clients.keys()]).toEqual([stored.lineage.baseClient]);
    // The ended lineage's final state is kept, for clients still holding it.
    expect(snapshot(docOf(await ctx().db.loadLineageState(name, 0)))).toEqual(snapshot(editor.doc));
    expect(await metricValue(ctx().server.metrics, 'collab_rebases_total', '{result="ok"}')).toBe(1);

    const fresh = await ctx().client(name);
    await fresh.synced();
    expect(snapshot(fresh.doc)).toEqual(snapshot(editor.doc));
    expect(Y.decodeStateVector(Y.encodeStateVector(fresh.doc)).has(stored.lineage.baseClient!)).toBe(true);
    must(updateElement(fresh.doc, 'w2', { name: 'after the rebase' }));
    await caughtUp(ctx().server, name, fresh.doc);
    await ctx().server.flush();
    expect(snapshot(docOf((await ctx().db.load(name)).state))).toEqual(snapshot(fresh.doc));
    expect(fresh.closeCodes).toEqual([]);
  });

  it('leaves a document without enough history alone, and never rebases a review document', async () => {
    await ctx().restart({ persistence: { rebaseAfterDeleted: 1_000, rebaseDeletedRatio: 0.01 } });
    const { name, editor } = await editedBuilding(['w1'], 5);
    const review = docNames.review(name.split('/')[1]!);
    const reviewer = await ctx().client(review);
    await reviewer.synced();
    for (let i = 0; i < 10; i++) {
      must(addThread(reviewer.doc, threadRecord('t1', 'user-editor')));
      must(deleteThread(reviewer.doc, 't1'));
    }
    await caughtUp(ctx().server, review, reviewer.doc);
    const unloaded = (doc: string) => new Promise<void>((resolve) => ctx().server.events.on('room-unloaded', (d) => d === doc && resolve()));
    const gone = [unloaded(name), unloaded(review)];
    editor.provider.disconnect();
    reviewer.provider.disconnect();
    await Promise.all(gone);
    expect((await ctx().db.loadParts(name)).lineage.current).toBe(0);
    expect((await ctx().db.loadParts(review)).lineage.current).toBe(0);
    expect(await metricValue(ctx().server.metrics, 'collab_rebases_total', '{result="ok"}')).toBe(0);
  });

  it('carries the edits of a client that was offline across the rebase over, then tells it to reload (SPEC 21)', async () => {
    const { name, editor } = await editedBuilding(['w1', 'w2', 'w3', 'w4'], 10);
    await goIdleAndRebase(name, [editor]);

    // Meanwhile, on the new lineage, someone else edits.
    const other = await ctx().client(name);
    await other.synced();
    must(updateElement(other.doc, 'w1', { name: 'renamed on the new lineage' }));
    must(updateElement(other.doc, 'w2', { thickness: metres(0.3) }));
    await caughtUp(ctx().server, name, other.doc);

    // Offline on the old lineage: a move, a field the other user did not touch, an add, a delete.
    must(updateElement(editor.doc, 'w1', { a: planPoint(50, 50) }));
    must(updateElement(editor.doc, 'w3', { height: metres(4) }));
    must(addElement(editor.doc, wallRecord('w5', 20)));
    must(deleteElement(editor.doc, 'w4'));
    editor.provider.connect();
    await eventually(() => expect(editor.closeCodes).toContain(CloseCode.DocumentReplaced));

    // What the server now holds: both users' edits, each record once.
    const reader = await ctx().client(name);
    await reader.synced();
    const walls = snapshot(reader.doc).elements;
    expect(Object.keys(walls).sort()).toEqual(['w1', 'w2', 'w3', 'w5']);
    expect(walls.w1).toMatchObject({ a: [50, 50], name: 'renamed on the new lineage' });
    expect(walls.w2).toMatchObject({ thickness: metres(0.3) });
    expect(walls.w3).toMatchObject({ height: metres(4) });
    expect(walls.w5).toMatchObject(wallRecord('w5', 20));
    // The user on the new lineage got the carried edits live, and stays connected.
    await eventually(() => expect(snapshot(other.doc)).toEqual(snapshot(reader.doc)));
    expect(other.closeCodes).toEqual([]);
    // Nothing of the old lineage reached the new one.
    const stored = await ctx().db.loadParts(name);
    const oldClients = new Set(Y.decodeStateVector(Y.encodeStateVector(editor.doc)).keys());
    const held = docOf((await ctx().db.load(name)).state);
    expect([...held.store.clients.keys()].filter((c) => oldClients.has(c))).toEqual([]);
    expect(stored.lineage.current).toBe(1);
    await ctx().server.flush();
    expect(snapshot(docOf((await ctx().db.load(name)).state))).toEqual(snapshot(reader.doc));
    expect(await metricValue(ctx().server.metrics, 'collab_ended_lineage_clients_total', '{result="carried"}')).toBe(1);

    // The client, reloaded as the app does after 4409 (a new doc), is on the new lineage.
    const reloaded = await ctx().client(name);
    await reloaded.synced();
    expect(snapshot(reloaded.doc)).toEqual(snapshot(reader.doc));
    expect(reloaded.closeCodes).toEqual([]);
  });

  it('tells an ended-lineage client without changes to reload, writing nothing', async () => {
    const { name, editor } = await editedBuilding(['w1'], 5);
    await goIdleAndRebase(name, [editor]);
    const seqBefore = (await ctx().db.loadParts(name)).seq;
    editor.provider.connect();
    await eventually(() => expect(editor.closeCodes).toContain(CloseCode.DocumentReplaced));
    await ctx().server.flush();
    expect((await ctx().db.loadParts(name)).seq).toBe(seqBefore);
    expect(await metricValue(ctx().server.metrics, 'collab_ended_lineage_clients_total', '{result="unchanged"}')).toBe(1);
  });

  it('closes a read-only client on an ended lineage with 4409 at once', async () => {
    const { name, editor } = await editedBuilding(['w1'], 5);
    const viewer = await ctx().client(name, 'viewer');
    await viewer.synced();
    await goIdleAndRebase(name, [editor, viewer]);
    viewer.provider.connect();
    await eventually(() => expect(viewer.closeCodes).toContain(CloseCode.DocumentReplaced));
    expect(await metricValue(ctx().server.metrics, 'collab_ended_lineage_clients_total', '{result="read_only"}')).toBe(1);
  });

  it('carries over the edits of a client two lineages behind', async () => {
    const { name, editor } = await editedBuilding(['w1', 'w2'], 10);
    await goIdleAndRebase(name, [editor], 1);
    const second = await ctx().client(name);
    await second.synced();
    for (let i = 0; i < 10; i++) must(updateElement(second.doc, 'w2', { b: planPoint(i, 9) }));
    await caughtUp(ctx().server, name, second.doc);
    await goIdleAndRebase(name, [second], 2);
    expect((await ctx().db.loadParts(name)).lineage.ended.map((l) => l.lineage)).toEqual([0, 1]);

    must(updateElement(editor.doc, 'w1', { name: 'from lineage 0' }));
    editor.provider.connect();
    await eventually(() => expect(editor.closeCodes).toContain(CloseCode.DocumentReplaced));
    const reader = await ctx().client(name);
    await reader.synced();
    expect(snapshot(reader.doc).elements.w1).toMatchObject({ name: 'from lineage 0' });
    expect(snapshot(reader.doc).elements.w2).toMatchObject({ b: [9, 9] });
  });

  it('refuses invalid carried edits with 4400 and writes none of them', async () => {
    const { name, editor } = await editedBuilding(['w1'], 5);
    await goIdleAndRebase(name, [editor]);
    // A write lib/doc would refuse, made underneath it (a hostile or broken client).
    const wall = getMaps(editor.doc).elements.get('w1') as Y.Map<unknown>;
    wall.set('thickness', -1);
    const rejected = new Promise<string[]>((resolve) => ctx().server.events.on('update-rejected', (e) => resolve(e.issues.map((i) => i.path))));
    editor.provider.connect();
    await eventually(() => expect(editor.closeCodes).toContain(CloseCode.BadMessage));
    expect(await rejected).toEqual(['elements.w1.thickness']);
    const reader = await ctx().client(name);
    await reader.synced();
    expect(snapshot(reader.doc).elements.w1).toMatchObject({ thickness: 0.2 });
  });

  it('answers garbage from an ended-lineage client with 4400 and stays up', async () => {
    const { name, editor } = await editedBuilding(['w1'], 5);
    const oldVector = Y.encodeStateVector(editor.doc);
    await goIdleAndRebase(name, [editor]);
    const raw = await ctx().raw(name);
    raw.ws.send(encodeSync(SyncMessageType.Step1, oldVector));
    // Asked for its changes (a step 1 with the ended lineage's state vector), it answers with junk.
    await eventually(() => expect(raw.received.length).toBeGreaterThan(0));
    raw.ws.send(encodeSync(SyncMessageType.Step2, new Uint8Array([1, 200, 7, 3, 255, 255, 255])));
    expect((await raw.closed).code).toBe(CloseCode.BadMessage);
    const reader = await ctx().client(name);
    await reader.synced();
    expect(snapshot(reader.doc)).toEqual(snapshot(editor.doc));
  });

  it('makes a connection that arrives during the rebase wait, then serves it the new lineage', async () => {
    const { name, editor } = await editedBuilding(['w1', 'w2'], 10);
    const gate = new Gate();
    ctx().store.holdRebase = gate;
    const rebased = new Promise<void>((resolve) => ctx().server.events.on('room-rebased', (doc) => doc === name && resolve()));
    editor.provider.disconnect();
    await eventually(() => expect(ctx().server.hasRoom(name)).toBe(false));
    const arriving = await ctx().client(name);
    let synced = false;
    void arriving.synced().then(() => (synced = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(synced).toBe(false); // waiting for the rebase, not served the old lineage
    gate.open();
    await rebased;
    await arriving.synced();
    const { lineage } = await ctx().db.loadParts(name);
    expect(Y.decodeStateVector(Y.encodeStateVector(arriving.doc)).has(lineage.baseClient!)).toBe(true);
    expect(snapshot(arriving.doc)).toEqual(snapshot(editor.doc));
  });

  it('keeps the document as it was when the rebase fails, and clients simply go on', async () => {
    const { name, editor } = await editedBuilding(['w1'], 10);
    ctx().store.failRebase = 1;
    const unloaded = new Promise<void>((resolve) => ctx().server.events.on('room-unloaded', (doc) => doc === name && resolve()));
    editor.provider.disconnect();
    await unloaded;
    expect(await metricValue(ctx().server.metrics, 'collab_rebases_total', '{result="error"}')).toBe(1);
    expect((await ctx().db.loadParts(name)).lineage.current).toBe(0);
    // Back on the same lineage: an ordinary reconnect, its offline edit merged as usual.
    await ctx().restart({ ...REBASING, persistence: { rebaseAfterDeleted: 1_000_000, rebaseDeletedRatio: 1 } });
    must(updateElement(editor.doc, 'w1', { name: 'offline' }));
    const again = await reconnectTo(ctx(), editor, name);
    await again.synced();
    await caughtUp(ctx().server, name, again.doc);
    expect(again.closeCodes).toEqual([]);
    const reader = await ctx().client(name);
    await reader.synced();
    expect(snapshot(reader.doc).elements.w1).toMatchObject({ name: 'offline' });
  });

  it('sends its step 1 anyway to a client that waits for the server to speak first', async () => {
    const { name, editor } = await editedBuilding(['w1'], 5);
    await goIdleAndRebase(name, [editor]);
    const raw = await ctx().raw(name);
    await eventually(() => expect(raw.received.length).toBeGreaterThan(0), 10_000);
    expect(Array.from(raw.received[0]!.slice(0, 2))).toEqual([0, SyncMessageType.Step1]);
  });
});

/** A new provider for `name` on the current server, holding `client`'s document. */
async function reconnectTo(ctx: CollabContext, client: TestClient, name: string): Promise<TestClient> {
  client.provider.destroy();
  return ctx.client(name, 'editor', { doc: client.doc });
}
