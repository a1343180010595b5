import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, getMaps, readBuildingReport, readElement, updateElement } from '@/lib/doc';
import { planPoint } from '@/lib/model';
import { docNames } from '@/lib/protocol';
import { encodeSyncUpdate } from '@/collab-server/frames';
import { caughtUp, describeCollab, eventually } from './harness';
import { docOf, must, seedBuilding, wallRecord } from './model';

/** The update `mutate` makes on a copy of `state`, written straight through the Yjs API (no lib/doc checks). */
function rawUpdate(state: Uint8Array, mutate: (doc: Y.Doc) => void): Uint8Array {
  const doc = docOf(state);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  mutate(doc);
  return Y.mergeUpdates(updates);
}

function yRecord(record: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(record)) map.set(k, k === 'props' ? new Y.Map() : v);
  return map;
}

const wallOf = (doc: Y.Doc, id: string) => getMaps(doc).elements.get(id) as Y.Map<unknown>;

const INVALID: [string, (doc: Y.Doc) => void, string][] = [
  ['a new wall with negative thickness', (d) => getMaps(d).elements.set('bad', yRecord(wallRecord('bad', 9, { thickness: -0.2 }))), 'elements.bad.thickness'],
  ['a negative thickness on an existing wall', (d) => wallOf(d, 'w1').set('thickness', -1), 'elements.w1.thickness'],
  ['an unknown field on an existing wall', (d) => wallOf(d, 'w1').set('colour', 'red'), 'elements.w1.colour'],
  ['a change of an element kind', (d) => wallOf(d, 'w1').set('kind', 'slab'), 'elements.w1.kind'],
  ['a record that is not a Y.Map', (d) => getMaps(d).elements.set('plain', wallRecord('plain')), 'elements.plain'],
  ['a new schema version in meta', (d) => getMaps(d).meta.set('schemaVersion', 99), 'meta.schemaVersion'],
  ['a top-level type outside the model', (d) => d.getText('evil').insert(0, 'x'), 'evil'],
];

describeCollab('collab server: validation', describe, {}, (ctx) => {
  it.each(INVALID)('rejects %s with 4400 and never persists or broadcasts it (SPEC 5)', async (_label, mutate, path) => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);
    await caughtUp(ctx().server, name, editor.doc);
    const rejected = new Promise<{ socketId: string; issues: { path: string }[] }>((resolve) => ctx().server.events.once('update-rejected', resolve));

    const raw = await ctx().raw(name);
    raw.ws.send(encodeSyncUpdate(rawUpdate(Y.encodeStateAsUpdate(editor.doc), mutate)));
    expect(await raw.closed).toEqual({ code: 4400, reason: 'invalid update' });
    expect((await rejected).issues.map((i) => i.path)).toContain(path);

    // Still accepting valid edits; the rejected one reached neither the other client nor the store.
    must(addElement(editor.doc, wallRecord('w2', 6)));
    const reader = await ctx().client(name, 'viewer');
    await reader.synced();
    await eventually(() => expect(readElement(reader.doc, 'w2')).toBeDefined());
    await ctx().server.flush();
    const stored = docOf((await ctx().db.load(name)).state);
    for (const doc of [reader.doc, stored]) {
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(editor.doc));
      expect(readBuildingReport(doc).invalid).toEqual([]);
      expect(doc.share.has('evil')).toBe(false);
    }
    expect(editor.closeCodes).toEqual([]);
  });

  it('closes a stock client that writes an invalid value with 4400; it does not reconnect (SPEC 5)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);
    const rogue = await ctx().client(name);
    await rogue.synced();
    await eventually(() => expect(readElement(rogue.doc, 'w1')).toBeDefined());

    wallOf(rogue.doc, 'w1').set('height', 0);
    await eventually(() => expect(rogue.closeCodes).toEqual([4400]));
    expect(rogue.provider.shouldConnect).toBe(false);
    must(updateElement(editor.doc, 'w1', { name: 'fine' }));
    await caughtUp(ctx().server, name, editor.doc);
    await ctx().server.flush();
    expect(readElement(docOf((await ctx().db.load(name)).state), 'w1')).toMatchObject({ name: 'fine', height: 3 });
  });

  it('accepts concurrent edits that are each valid even when their merge breaks a cross-field rule (SPEC 5)', async () => {
    const name = docNames.model(ctx().building());
    const a = await ctx().client(name);
    await a.synced();
    seedBuilding(a.doc, ['w1']); // a = [0, 0], b = [0, 4]
    const b = await ctx().client(name);
    await b.synced();
    await eventually(() => expect(readElement(b.doc, 'w1')).toBeDefined());

    a.provider.disconnect();
    b.provider.disconnect();
    must(updateElement(a.doc, 'w1', { a: planPoint(0, 2) }));
    must(updateElement(b.doc, 'w1', { b: planPoint(0, 2) }));
    a.provider.connect();
    b.provider.connect();
    await Promise.all([a.synced(), b.synced()]);

    await eventually(() => expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc)));
    expect(readBuildingReport(a.doc).invalid.map((r) => r.id)).toEqual(['w1']);
    expect(await ctx().server.metrics.getSingleMetricAsString('collab_merge_invalid_records_total')).toMatch(/ 1$/m);
    expect([...a.closeCodes, ...b.closeCodes]).toEqual([]);
  });

  it('holds updates with missing dependencies until they arrive, from the same or another connection (SPEC 6)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);

    // Author 1 adds w5 then renames it; author 2 (who got w5 directly from author 1) renames it again.
    const author1 = docOf(Y.encodeStateAsUpdate(editor.doc));
    const u1 = rawUpdate(Y.encodeStateAsUpdate(author1), (d) => must(addElement(d, wallRecord('w5', 12))));
    Y.applyUpdate(author1, u1);
    const u2 = rawUpdate(Y.encodeStateAsUpdate(author1), (d) => must(updateElement(d, 'w5', { name: 'second' })));
    const author2 = docOf(Y.encodeStateAsUpdate(author1));
    Y.applyUpdate(author2, u2);
    const u3 = rawUpdate(Y.encodeStateAsUpdate(author2), (d) => must(updateElement(d, 'w5', { props: { tag: 'third' } })));

    const raw1 = await ctx().raw(name);
    const raw2 = await ctx().raw(name);
    raw2.ws.send(encodeSyncUpdate(u3)); // depends on another client's structs
    raw1.ws.send(encodeSyncUpdate(u2)); // a gap in its own client's clock
    raw1.ws.send(encodeSyncUpdate(u1));

    await eventually(() => expect(readElement(editor.doc, 'w5')).toMatchObject({ name: 'second', props: { tag: 'third' } }));
    expect([raw1.ws.readyState, raw2.ws.readyState]).toEqual([raw1.ws.OPEN, raw2.ws.OPEN]);
    await ctx().server.flush();
    expect(readElement(docOf((await ctx().db.load(name)).state), 'w5')).toMatchObject({ name: 'second', props: { tag: 'third' } });
  });
});
