/**
 * Who changed what (issue #17 point 5; SPEC.md rule 24): the server attributes every accepted
 * update to its connection's user and keeps, per record, who wrote which fields when; it survives
 * compaction and rebase (it is not in the update log). Real server, real y-websocket providers,
 * real database.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { requestServerEdit } from '@/lib/auth/serverEdit';
import { copyWithoutHistory, MAP_NAMES, updateElement } from '@/lib/doc';
import { schemaVersionOf } from '@/lib/doc/updates';
import { describeCollab, eventually, SECRET } from './harness';
import { docOf, must, storeBuilding } from './model';

describeCollab('collab server: who changed what (SPEC 24)', describe, {}, (ctx) => {
  const storedBuilding = (walls: readonly string[]) => storeBuilding(ctx().db, ctx().building(), walls);
  const history = async (name: string, recordId: string) => (await ctx().db.listChanges(name, { recordId })).map((c) => [c.userId, c.action, c.fields]);

  it('two users edit different fields of one wall: its history names each for their field, after a compaction and after a rebase too', async () => {
    const name = await storedBuilding(['w1', 'w2']);
    const ada = await ctx().client(name, 'editor', { user: { sub: 'user-ada', name: 'Ada' } });
    const bo = await ctx().client(name, 'editor', { user: { sub: 'user-bo', name: 'Bo' } });
    await Promise.all([ada.synced(), bo.synced()]);

    must(updateElement(ada.doc, 'w1', { name: 'South wall' }));
    await eventually(() => expect(bo.doc.getMap('elements').toJSON().w1.name).toBe('South wall'));
    must(updateElement(bo.doc, 'w1', { thickness: 0.3 as never, props: { fire: 'EI60' } }));
    await eventually(() => expect(ada.doc.getMap('elements').toJSON().w1.thickness).toBe(0.3));
    await ctx().server.flush();

    const expected = [
      ['user-bo', 'update', ['props.fire', 'thickness']],
      ['user-ada', 'update', ['name']],
    ];
    expect(await history(name, 'w1')).toEqual(expected);
    expect(await history(name, 'w2')).toEqual([]);
    const [latest] = await ctx().db.listChanges(name, { recordId: 'w1' });
    expect(Math.abs(latest!.at.getTime() - Date.now())).toBeLessThan(60_000);

    // Compaction, then a rebase (with nobody connected: the room unloads first).
    expect((await ctx().db.compact(name)).compacted).toBe(true);
    expect(await history(name, 'w1')).toEqual(expected);
    ada.provider.destroy();
    bo.provider.destroy();
    await ctx().restart({});
    const loaded = await ctx().db.load(name);
    const doc = docOf(loaded.state);
    const rebased = await ctx().db.rebase(name, { expect: { lineage: loaded.lineage, seq: loaded.seq }, finalState: loaded.state!, newState: copyWithoutHistory(doc, MAP_NAMES, 8_001), baseClient: 8_001, schemaVersion: schemaVersionOf(doc) });
    expect(rebased).toMatchObject({ rebased: true });
    expect(await history(name, 'w1')).toEqual(expected);

    // And the history goes on on the new lineage.
    const cy = await ctx().client(name, 'editor', { user: { sub: 'user-cy', name: 'Cy' } });
    await cy.synced();
    must(updateElement(cy.doc, 'w1', { height: 2.7 as never }));
    await eventually(async () => expect((await history(name, 'w1'))[0]).toEqual(['user-cy', 'update', ['height']]));
  });

  it('attributes a server edit to the user it was made for, and writes nothing for loads or refused updates', async () => {
    const name = await storedBuilding(['w1']);
    const client = await ctx().client(name, 'editor', { user: { sub: 'user-ada', name: 'Ada' } });
    await client.synced();
    const result = await requestServerEdit({ doc: name, edits: [{ op: 'set', path: ['meta', 'name'], value: { json: 'Renamed' } }], user: 'user-bo', reason: 'rename' }, SECRET, { baseUrl: `http://127.0.0.1:${ctx().server.port}` });
    expect(result.ok).toBe(true);
    // A refused update (a negative thickness, written around lib/doc) closes Ada's connection and is attributed to nobody.
    (client.doc.getMap('elements').get('w1') as Y.Map<unknown>).set('thickness', -1);
    await eventually(() => expect(client.closeCodes.length).toBeGreaterThan(0));
    await ctx().server.flush();
    const all = await ctx().db.listChanges(name);
    expect(all.map((c) => [c.userId, c.collection, c.recordId, c.fields])).toEqual([['user-bo', 'meta', '', ['name']]]);
  });
});
