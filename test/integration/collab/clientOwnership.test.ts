/**
 * Issue #12.2: who may write a Yjs client id (SPEC 22). An editor who knows another user's client
 * id and clock (anything that user broadcasts shows both) must not be able to write structs the
 * server has not seen at those clocks: the owner's unsent edits would then look known, and be
 * dropped by the server and deleted from the owner's own copy.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, updateElement } from '@/lib/doc';
import { CloseCode, docNames, MessageType, SyncMessageType } from '@/lib/protocol';
import { caughtUp, describeCollab, eventually, type CollabContext, type TestClient } from './harness';
import { docOf, must, seedBuilding, snapshot, wallRecord } from './model';

/** A v1 update holding one GC struct of `client` at `clock`, `length` clocks long (a few bytes whatever the length). */
function gcUpdate(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
  encoding.writeUint8(encoder, 0); // GC
  encoding.writeVarUint(encoder, length);
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}

/** A sync update frame carrying `update`, as the y-websocket protocol sends it. */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, SyncMessageType.Update);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

const VICTIM = { sub: 'user-victim', name: 'Victim' };
const ATTACKER = { sub: 'user-attacker' };

/** A building with the victim's first edit in it, the victim connected and synced. */
async function victimAndDocument(ctx: () => CollabContext): Promise<{ name: string; victim: TestClient }> {
  const name = docNames.model(ctx().building());
  const victim = await ctx().client(name, 'editor', { user: VICTIM });
  await victim.synced();
  seedBuilding(victim.doc, ['w1']);
  await caughtUp(ctx().server, name, victim.doc);
  return { name, victim };
}

describeCollab('collab server: ownership of Yjs client ids', describe, {}, (ctx) => {
  it("refuses an editor's update on another user's client id past what the server has (4403), and the owner's offline edits arrive after it reconnects (SPEC 22)", async () => {
    const { name, victim } = await victimAndDocument(ctx);
    const refusals: unknown[] = [];
    ctx().server.events.on('client-refused', (event) => refusals.push(event));
    victim.provider.disconnect();
    const clock = Y.getState(victim.doc.store, victim.doc.clientID); // the victim's next clock
    // Offline edits, at clocks the server has never seen.
    must(updateElement(victim.doc, 'w1', { name: 'renamed offline' }));
    must(addElement(victim.doc, wallRecord('w-offline', 9)));

    // The attacker knows the victim's id and clock and claims them with one GC struct.
    const attacker = await ctx().raw(name, 'editor', { token: ATTACKER });
    attacker.ws.send(updateFrame(gcUpdate(victim.doc.clientID, clock, 2 ** 40)));
    expect(await attacker.closed).toEqual({ code: CloseCode.Forbidden, reason: 'client id of another user' });
    expect(refusals).toEqual([expect.objectContaining({ user: ATTACKER.sub, owner: VICTIM.sub, client: victim.doc.clientID, from: clock })]);

    victim.provider.connect();
    await victim.synced();
    await caughtUp(ctx().server, name, victim.doc);
    const observer = await ctx().client(name, 'viewer');
    await observer.synced();
    for (const copy of [victim.doc, observer.doc]) {
      expect(snapshot(copy).elements.w1).toMatchObject({ name: 'renamed offline' });
      expect(snapshot(copy).elements['w-offline']).toBeDefined();
    }
    await ctx().server.flush();
    const stored = snapshot(docOf((await ctx().db.load(name)).state));
    expect(stored.elements.w1).toMatchObject({ name: 'renamed offline' });
    expect(stored.elements['w-offline']).toBeDefined();
    expect(victim.closeCodes.filter((c) => c >= 4000)).toEqual([]);
  });

  it('refuses it as well after a restart and a compaction: the binding is kept with the document (SPEC 22)', async () => {
    const { name, victim } = await victimAndDocument(ctx);
    for (let i = 0; i < 5; i++) must(updateElement(victim.doc, 'w1', { name: `edit ${i}` }));
    await caughtUp(ctx().server, name, victim.doc);
    victim.provider.disconnect();
    await ctx().restart({ persistence: { compactAfterUpdates: 1, compactSnapshotRatio: 0.0001, compactMinIntervalMs: 0 } });
    // The room loads (and compacts its log into a snapshot) on the first connection.
    const observer = await ctx().client(name, 'viewer');
    await observer.synced();
    await ctx().server.flush();
    await eventually(async () => expect((await ctx().db.load(name)).updateCount).toBe(0));

    const clock = Y.getState(victim.doc.store, victim.doc.clientID);
    must(updateElement(victim.doc, 'w1', { name: 'offline after the restart' }));
    const attacker = await ctx().raw(name, 'editor', { token: ATTACKER });
    attacker.ws.send(updateFrame(gcUpdate(victim.doc.clientID, clock, 1)));
    expect((await attacker.closed).code).toBe(CloseCode.Forbidden);
    // The victim's copy (same Y.Doc, same client id) reconnects to the new server.
    victim.provider.destroy();
    const back = await ctx().client(name, 'editor', { user: VICTIM, doc: victim.doc });
    await back.synced();
    await eventually(() => expect(snapshot(observer.doc).elements.w1).toMatchObject({ name: 'offline after the restart' }));
    expect(back.closeCodes).toEqual([]);
  });

  it('refuses implausible clock ranges with 4400: a GC struct of 2^53 or 2^40 clocks on a fresh client id (SPEC 22)', async () => {
    const name = docNames.model(ctx().building());
    for (const length of [2 ** 53, 2 ** 40]) {
      const raw = await ctx().raw(name, 'editor', { token: ATTACKER });
      raw.ws.send(updateFrame(gcUpdate(123_456_789 + length / 2 ** 40, 0, length)));
      expect(await raw.closed).toEqual({ code: CloseCode.BadMessage, reason: 'implausible clock range' });
    }
    const observer = await ctx().client(name, 'viewer');
    await observer.synced();
    expect(Y.decodeStateVector(Y.encodeStateVector(observer.doc)).size).toBe(0); // nothing of them was stored or sent
    await ctx().server.flush();
    expect((await ctx().db.load(name)).state).toBeNull();
  });

  it("lets anyone deliver structs of another user's client id that the server already has (a no-op)", async () => {
    const { name, victim } = await victimAndDocument(ctx);
    const attacker = await ctx().raw(name, 'editor', { token: ATTACKER });
    attacker.ws.send(updateFrame(Y.encodeStateAsUpdate(victim.doc))); // everything the victim wrote, all known
    const later = await ctx().client(name, 'editor', { user: { sub: ATTACKER.sub, name: 'Attacker' } });
    await later.synced();
    expect(attacker.ws.readyState).toBe(attacker.ws.OPEN);
  });

  it('lets the same user continue a client id from a second copy (an offline copy reloaded in a new tab)', async () => {
    const { name, victim } = await victimAndDocument(ctx);
    victim.provider.disconnect();
    must(updateElement(victim.doc, 'w1', { name: 'from the offline copy' }));
    victim.provider.destroy();
    // A new tab of the same user: a new Y.Doc (new client id) loaded from the offline copy, which
    // holds the first tab's unsent structs under the first tab's client id.
    const reloaded = await ctx().client(name, 'editor', { user: VICTIM, doc: docOf(Y.encodeStateAsUpdate(victim.doc)) });
    await reloaded.synced();
    await caughtUp(ctx().server, name, reloaded.doc);
    expect(reloaded.closeCodes).toEqual([]);
    const observer = await ctx().client(name, 'viewer');
    await observer.synced();
    expect(snapshot(observer.doc).elements.w1).toMatchObject({ name: 'from the offline copy' });
  });

  it('writes a client id’s bound before anyone else receives its structs, and lowers it to what the document has when its connection closes (SPEC 22)', async () => {
    const { name, victim } = await victimAndDocument(ctx);
    const rows = () => ctx().store.clientWrites.flat().filter((r) => r.docName === name && r.clientId === victim.doc.clientID);
    // Raised with headroom before the first broadcast. The room applies the structs to its own
    // copy while the write is under way (it holds only the broadcast and the persist), so
    // `caughtUp` can return before the write lands (seen with Postgres on a busy host): wait for it.
    await eventually(() => expect(rows()[0]).toMatchObject({ userId: VICTIM.sub, lineage: 0 }));
    expect(rows()[0]!.clock).toBeGreaterThan(Y.getState(victim.doc.store, victim.doc.clientID));
    victim.provider.disconnect();
    await eventually(() => expect(rows().at(-1)!.clock).toBe(Y.getState(victim.doc.store, victim.doc.clientID)));
  });
});
