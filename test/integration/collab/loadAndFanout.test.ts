import type { Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, deleteElement, updateElement } from '@/lib/doc';
import { docNames, MessageType, SyncMessageType } from '@/lib/protocol';
import { encodeAwareness, encodeSync, encodeSyncUpdate } from '@/collab-server/frames';
import { caughtUp, describeCollab, eventually, metricValue, type RawClient } from './harness';
import { docOf, must, seedBuilding, snapshot, wallRecord } from './model';
import { Gate } from './RecordingStore';

/** A received frame as (message type, sync step or -1, payload). */
function parse(frame: Uint8Array): { type: number; step: number; payload: Uint8Array } {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type !== MessageType.Sync) return { type, step: -1, payload: new Uint8Array() };
  const step = decoding.readVarUint(decoder);
  return { type, step, payload: decoding.readVarUint8Array(decoder) };
}

const syncFrames = (raw: RawClient) => raw.received.map(parse).filter((f) => f.type === MessageType.Sync);
const emptyStep1 = encodeSync(SyncMessageType.Step1, Y.encodeStateVector(new Y.Doc()));

describeCollab('collab server: cold load and fan-out', describe, {}, (ctx) => {
  it('answers a fresh client straight from storage while the room loads, then serves it as usual (SPEC 3)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1', 'w2']);
    for (let i = 0; i < 30; i++) must(updateElement(editor.doc, 'w1', { name: `name ${i}` }));
    await caughtUp(ctx().server, name, editor.doc);
    editor.provider.destroy();
    await ctx().restart(); // the room is cold again; its log is a first state plus a tail

    const gate = new Gate();
    ctx().store.holdLoad.set(name, gate);
    const fresh = await ctx().raw(name);
    fresh.ws.send(emptyStep1);
    const known = await ctx().raw(name);
    known.ws.send(encodeSync(SyncMessageType.Step1, Y.encodeStateVector(docOf((await ctx().db.load(name)).state))));
    await eventually(() => expect(ctx().server.stats().connections).toBe(2));
    gate.open();

    // The fresh client's first frame is a step 2 (answering its step 1) BEFORE the server's own
    // step 1, which comes only once the room is loaded; then the log tail as updates.
    await eventually(() => expect(syncFrames(fresh).some((f) => f.step === SyncMessageType.Step1)).toBe(true));
    const frames = syncFrames(fresh);
    expect(frames[0]!.step).toBe(SyncMessageType.Step2);
    const received = new Y.Doc();
    for (const f of frames) if (f.step !== SyncMessageType.Step1) Y.applyUpdate(received, f.payload);
    expect(snapshot(received)).toEqual(snapshot(editor.doc));
    // A client that already holds state is served from the loaded room: step 1 first, as before.
    await eventually(() => expect(syncFrames(known).length).toBeGreaterThanOrEqual(2));
    expect(syncFrames(known)[0]!.step).toBe(SyncMessageType.Step1);

    // The early-served client then edits like any other.
    const reader = await ctx().client(name, 'viewer');
    await reader.synced();
    const next = docOf(Y.encodeStateAsUpdate(received));
    const updates: Uint8Array[] = [];
    next.on('update', (u: Uint8Array) => updates.push(u));
    must(addElement(next, wallRecord('w3', 8)));
    fresh.ws.send(encodeSyncUpdate(updates[0]!));
    await eventually(() => expect(snapshot(reader.doc).elements.w3).toBeDefined());
  });

  it('answers clients that send the same state vector with one encode, until the document changes (SPEC 3)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1', 'w2']);
    await caughtUp(ctx().server, name, editor.doc);
    const reused = () => metricValue(ctx().server.metrics, 'collab_sync_replies_total', '{reply="reused"}');
    /** A raw client's state after its step 1 with `stateVector` was answered. */
    const answered = async (stateVector: Uint8Array, base?: Uint8Array) => {
      const raw = await ctx().raw(name);
      raw.ws.send(encodeSync(SyncMessageType.Step1, stateVector));
      await eventually(() => expect(syncFrames(raw).some((f) => f.step === SyncMessageType.Step2)).toBe(true));
      const doc = docOf(base ?? null);
      Y.applyUpdate(doc, syncFrames(raw).find((f) => f.step === SyncMessageType.Step2)!.payload);
      raw.ws.terminate();
      return doc;
    };
    const empty = Y.encodeStateVector(new Y.Doc());

    const first = await answered(empty);
    const before = await reused();
    const second = await answered(empty);
    expect(await reused()).toBe(before + 1);
    expect(snapshot(first)).toEqual(snapshot(editor.doc));
    expect(snapshot(second)).toEqual(snapshot(editor.doc));

    // Any change ends the reuse: the next answer is encoded again and carries it.
    must(updateElement(editor.doc, 'w1', { name: 'renamed' }));
    await caughtUp(ctx().server, name, editor.doc);
    const third = await answered(empty);
    expect(await reused()).toBe(before + 1);
    expect(snapshot(third)).toEqual(snapshot(editor.doc));
    expect(snapshot(third).elements.w1?.name).toBe('renamed');
    // A delete changes no state vector: it ends the reuse all the same.
    const held = Y.encodeStateAsUpdate(editor.doc);
    const heldVector = Y.encodeStateVectorFromUpdate(held);
    expect(snapshot(await answered(heldVector, held)).elements.w2).toBeDefined();
    must(deleteElement(editor.doc, 'w2'));
    await caughtUp(ctx().server, name, editor.doc);
    const fourth = await answered(heldVector, held);
    expect(snapshot(fourth).elements.w2).toBeUndefined();
    // Clients that ask alike after the change share one encode again.
    const fifth = await answered(heldVector, held);
    expect(await reused()).toBe(before + 2);
    expect(snapshot(fifth)).toEqual(snapshot(editor.doc));
  });

  it('sends what one event-loop turn accepted as one merged update, never echoed to its only writer (SPEC 4)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1', 'w2']);
    await caughtUp(ctx().server, name, editor.doc);

    const writer = await ctx().raw(name);
    const watcher = await ctx().raw(name);
    for (const raw of [writer, watcher]) raw.ws.send(emptyStep1);
    await eventually(() => expect(syncFrames(watcher).filter((f) => f.step === SyncMessageType.Step2)).toHaveLength(1));
    await eventually(() => expect(syncFrames(writer).filter((f) => f.step === SyncMessageType.Step2)).toHaveLength(1));
    const seenBy = (raw: RawClient) => syncFrames(raw).filter((f) => f.step === SyncMessageType.Update).length;
    const watcherBefore = seenBy(watcher);
    const writerBefore = seenBy(writer);

    const base = Y.encodeStateAsUpdate(editor.doc);
    const local = docOf(base);
    const updates: Uint8Array[] = [];
    local.on('update', (u: Uint8Array) => updates.push(u));
    must(updateElement(local, 'w1', { name: 'first' }));
    must(updateElement(local, 'w2', { name: 'second' }));
    // Both frames in one TCP write, so the server reads them in one turn (ws's own socket).
    const socket = (writer.ws as unknown as { _socket: Socket })._socket;
    socket.cork();
    for (const u of updates) writer.ws.send(encodeSyncUpdate(u));
    socket.uncork();

    await eventually(() => expect(snapshot(editor.doc).elements.w2?.name).toBe('second'));
    await caughtUp(ctx().server, name, local);
    await eventually(() => expect(seenBy(watcher)).toBeGreaterThan(watcherBefore));
    const merged = syncFrames(watcher).filter((f) => f.step === SyncMessageType.Update).slice(watcherBefore);
    expect(merged).toHaveLength(1);
    const view = docOf(base); // the state before the two edits: the merged frame must carry both
    Y.applyUpdate(view, merged[0]!.payload);
    expect([snapshot(view).elements.w1?.name, snapshot(view).elements.w2?.name]).toEqual(['first', 'second']);
    // Its only writer gets nothing back; the editor (another connection) got it.
    expect(seenBy(writer)).toBe(writerBefore);
  });

  it('sends a busy room at most one frame per connection per broadcast window; a quiet room at once (SPEC 4)', async () => {
    await ctx().restart({ broadcastWindowMs: 3_000 });
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1', 'w2']);
    await caughtUp(ctx().server, name, editor.doc);
    await new Promise((resolve) => setTimeout(resolve, 3_100)); // the seed's window is over: the room is quiet

    const watcher = await ctx().raw(name);
    watcher.ws.send(emptyStep1);
    await eventually(() => expect(syncFrames(watcher).filter((f) => f.step === SyncMessageType.Step2)).toHaveLength(1));
    const updatesSeen = () => syncFrames(watcher).filter((f) => f.step === SyncMessageType.Update);
    const before = updatesSeen().length;

    const base = Y.encodeStateAsUpdate(editor.doc);
    // The first edit to the quiet room goes out at once (well inside the window), on its own.
    must(updateElement(editor.doc, 'w1', { name: 'edit 0' }));
    await eventually(() => expect(updatesSeen().length).toBe(before + 1), 1_500);
    // The next ones, each in a turn of its own, fall into the window: one merged frame at its end.
    for (let i = 1; i <= 4; i++) {
      must(updateElement(editor.doc, i % 2 ? 'w2' : 'w1', { name: `edit ${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await caughtUp(ctx().server, name, editor.doc);
    expect(updatesSeen().length).toBe(before + 1);
    await eventually(() => expect(updatesSeen().length).toBe(before + 2), 5_000);
    const view = docOf(base); // the state before the edits: the two frames must carry all five
    for (const f of updatesSeen().slice(before)) Y.applyUpdate(view, f.payload);
    expect([snapshot(view).elements.w1?.name, snapshot(view).elements.w2?.name]).toEqual(['edit 4', 'edit 3']);
  });

  it('compacts from the live document, and from the store once another writer appended (SPEC 14)', async () => {
    await ctx().restart({ persistence: { compactAfterUpdates: 20, compactMaxUpdates: 20, maxBatch: 5 } });
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);
    for (let i = 0; i < 40; i++) must(updateElement(editor.doc, 'w1', { name: `name ${i}` }));
    await caughtUp(ctx().server, name, editor.doc);
    await ctx().server.flush();
    await eventually(() => expect(ctx().store.compactionKinds.filter((c) => c.docName === name).map((c) => c.kind)).toContain('live'));
    expect(ctx().store.compactionKinds.filter((c) => c.docName === name).every((c) => c.kind === 'live')).toBe(true);
    expect(snapshot(docOf((await ctx().db.load(name)).state))).toEqual(snapshot(editor.doc));

    // Another writer (e.g. the web app) appends: the live document lacks that update, so the
    // next compaction must merge in the store or the update would vanish from the snapshot.
    const outside = docOf((await ctx().db.load(name)).state);
    const foreign: Uint8Array[] = [];
    outside.on('update', (u: Uint8Array) => foreign.push(u));
    must(addElement(outside, wallRecord('from-outside', 20)));
    await ctx().db.appendUpdates(name, foreign);
    const kindsBefore = ctx().store.compactionKinds.length;
    for (let i = 0; i < 45; i++) must(updateElement(editor.doc, 'w1', { name: `again ${i}` }));
    await caughtUp(ctx().server, name, editor.doc);
    await ctx().server.flush();
    await eventually(() => expect(ctx().store.compactionKinds.slice(kindsBefore).map((c) => c.kind)).toContain('store'));
    await eventually(async () => expect((await ctx().db.loadParts(name)).updateCount).toBeLessThan(20));
    const stored = snapshot(docOf((await ctx().db.load(name)).state));
    expect(stored.elements['from-outside']).toBeDefined();
    expect(stored.elements.w1?.name).toBe('again 44');
  });

  it('drops a client that stops reading once its send buffer passes the limit; the others keep going (SPEC 10)', async () => {
    await ctx().restart({ limits: { maxSendBufferBytes: 256 * 1024 } });
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);
    await caughtUp(ctx().server, name, editor.doc);
    const stalled = await ctx().raw(name);
    const socket = (stalled.ws as unknown as { _socket: Socket })._socket;
    socket.pause(); // reads nothing from now on: the kernel buffers fill, then the server's queue
    const talker = await ctx().raw(name);
    const presence = new awarenessProtocol.Awareness(new Y.Doc());
    const before = ctx().server.stats().connections;

    // Large awareness states (not model data, so not validated) push megabytes to every client.
    for (let i = 0; i < 60 && ctx().server.stats().connections === before; i++) {
      presence.setLocalState({ user: { name: 'talker' }, note: `${i}`.padEnd(512 * 1024, 'x') });
      talker.ws.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(presence, [presence.clientID])));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await eventually(() => expect(ctx().server.stats().connections).toBe(before - 1));
    expect(await ctx().server.metrics.getSingleMetricAsString('collab_rejected_messages_total')).toMatch(/reason="slow_client"\} 1$/m);
    // The stalled socket is gone; editing goes on for everyone else.
    socket.resume();
    expect((await stalled.closed).code).toBe(1006);
    must(updateElement(editor.doc, 'w1', { name: 'still editing' }));
    const other = await ctx().client(name, 'viewer');
    await other.synced();
    await eventually(() => expect(snapshot(other.doc).elements.w1?.name).toBe('still editing'));
    expect(talker.ws.readyState).toBe(talker.ws.OPEN);
    presence.destroy();
  });
});
