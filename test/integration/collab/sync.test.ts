import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, readElement, readMeta, updateElement } from '@/lib/doc';
import { CURRENT_SCHEMA_VERSION } from '@/lib/model';
import { docNames } from '@/lib/protocol';
import { writeRawBuilding } from '@/test/unit/doc/helpers';
import v0 from '@/test/fixtures/model/building.v0.json';
import { describeCollab, eventually } from './harness';
import { docOf, must, seedBuilding, snapshot, wallRecord } from './model';
import { Gate } from './RecordingStore';

describeCollab('collab server: sync and load', describe, {}, (ctx) => {
  it('syncs edits between two clients and persists them (SPEC 4, 12)', async () => {
    const name = docNames.model(ctx().building());
    const a = await ctx().client(name);
    const b = await ctx().client(name);
    await Promise.all([a.synced(), b.synced()]);

    seedBuilding(a.doc, ['w1']);
    await eventually(() => expect(readElement(b.doc, 'w1')).toBeDefined());
    must(updateElement(b.doc, 'w1', { name: 'edited by b' }));
    await eventually(() => expect(readElement(a.doc, 'w1')?.name).toBe('edited by b'));

    await ctx().server.flush();
    const stored = docOf((await ctx().db.load(name)).state);
    expect(snapshot(stored)).toEqual(snapshot(a.doc));
    expect(a.closeCodes).toEqual([]);
    expect(b.closeCodes).toEqual([]);
  });

  it('shares awareness between two clients and removes a client state when it disconnects (SPEC 17)', async () => {
    const name = docNames.model(ctx().building());
    const a = await ctx().client(name, 'editor', { user: { sub: 'ua', name: 'Ada' } });
    const b = await ctx().client(name, 'editor', { user: { sub: 'ub', name: 'Bob' } });
    await Promise.all([a.synced(), b.synced()]);

    a.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#f00' });
    b.provider.awareness.setLocalStateField('user', { name: 'Bob', color: '#00f' });
    await eventually(() => expect(b.provider.awareness.getStates().get(a.doc.clientID)).toMatchObject({ user: { id: 'ua', name: 'Ada', color: '#f00' } }));
    await eventually(() => expect(a.provider.awareness.getStates().get(b.doc.clientID)).toMatchObject({ user: { id: 'ub', name: 'Bob', color: '#00f' } }));

    a.provider.disconnect();
    await eventually(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false));
    expect(b.provider.awareness.getStates().has(b.doc.clientID)).toBe(true);
  });

  it('sends a document stored beforehand complete on the first sync, migrated to the current schema (SPEC 3)', async () => {
    const name = docNames.model(ctx().building());
    const old = new Y.Doc();
    writeRawBuilding(old, v0 as unknown as Record<string, Record<string, unknown>>);
    await ctx().db.appendUpdates(name, [Y.encodeStateAsUpdate(old)]);

    const client = await ctx().client(name);
    await client.synced();
    // Complete at the first 'synced': no partial state ever shows, and already migrated.
    expect(readMeta(client.doc)?.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    const building = snapshot(client.doc);
    expect(Object.keys(building.elements).sort()).toEqual(Object.keys(v0.elements).sort());
    expect(building.elements.w1).toMatchObject({ kind: 'wall', a: [0, 0], b: [6, 0] });

    // The migration is persisted like any update.
    await ctx().server.flush();
    expect(readMeta(docOf((await ctx().db.load(name)).state))?.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
  });

  it('processes messages that arrive while the document loads, in order, after the load (SPEC 3)', async () => {
    const name = docNames.model(ctx().building());
    const seed = new Y.Doc();
    seedBuilding(seed, ['w1']);
    await ctx().db.appendUpdates(name, [Y.encodeStateAsUpdate(seed)]);
    const gate = new Gate();
    ctx().store.holdLoad.set(name, gate);

    // The client starts from the stored state (as if offline) and edits before the server has loaded.
    const doc = docOf(Y.encodeStateAsUpdate(seed));
    const client = await ctx().client(name, 'editor', { doc });
    await eventually(() => expect(client.provider.wsconnected).toBe(true));
    must(addElement(doc, wallRecord('w2', 10)));
    expect(client.provider.synced).toBe(false);

    gate.open();
    await client.synced();
    await ctx().server.flush();
    const stored = docOf((await ctx().db.load(name)).state);
    expect(Object.keys(snapshot(stored).elements).sort()).toEqual(['w1', 'w2']);
  });

  it('closes every connection with 4500 when the load fails, writes nothing, and retries on the next connection (SPEC 3)', async () => {
    const name = docNames.model(ctx().building());
    const seed = new Y.Doc();
    seedBuilding(seed, ['w1']);
    await ctx().db.appendUpdates(name, [Y.encodeStateAsUpdate(seed)]);
    ctx().store.failLoad.add(name);
    const failed = new Promise((resolve) => ctx().server.events.once('room-failed', resolve));

    const raw = await ctx().raw(name);
    expect((await raw.closed).code).toBe(4500);
    await failed;
    expect(ctx().server.hasRoom(name)).toBe(false);
    await ctx().server.flush();
    expect(ctx().store.appendsOf(name)).toEqual([]);

    ctx().store.failLoad.delete(name);
    const client = await ctx().client(name);
    await client.synced();
    expect(snapshot(client.doc)).toEqual(snapshot(seed));
    expect(ctx().store.loads.filter((d) => d === name)).toHaveLength(2);
  });
});
