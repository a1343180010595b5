/**
 * Versions through the collaboration server (issue #17): `saveVersion` saves the live state
 * before a change; `restore` writes the field-level edits back to a version as one change on top
 * of history, live for everyone connected, and is itself undone by restoring the version saved
 * just before it. Real server, real y-websocket providers, real database.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { requestServerEdit, SERVER_EDIT_SUBJECT, type ServerEditRequest } from '@/lib/auth/serverEdit';
import { mintInternalToken } from '@/lib/auth/revocation';
import { addElement, copyWithoutHistory, deleteElement, getMaps, MAP_NAMES, updateElement } from '@/lib/doc';
import { schemaVersionOf } from '@/lib/doc/updates';
import { docNames } from '@/lib/protocol';
import { describeCollab, eventually, SECRET } from './harness';
import { docOf, must, snapshot, wallRecord, storeBuilding } from './model';

describeCollab('collab server: versions and restores (POST /internal/edit)', describe, {}, (ctx) => {
  const storedBuilding = (walls: readonly string[]) => storeBuilding(ctx().db, ctx().building(), walls);
  const edit = (body: ServerEditRequest) => requestServerEdit(body, SECRET, { baseUrl: `http://127.0.0.1:${ctx().server.port}` });
  const stored = async (name: string) => snapshot(docOf((await ctx().db.load(name)).state));

  it('saves a version, restores it while two clients are connected (both see it live, it is persisted), and restoring the version saved before it brings the edits back', async () => {
    const name = await storedBuilding(['w1', 'w2']);
    const ada = await ctx().client(name);
    const bo = await ctx().client(name);
    await Promise.all([ada.synced(), bo.synced()]);

    const saved = await edit({ doc: name, edits: [], saveVersion: { label: 'v1' }, user: 'ada' });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({ applied: 0, version: { label: 'v1', createdBy: 'ada' } });
    const v1 = saved.value.version!.id;
    const atV1 = snapshot(ada.doc);

    // Edits after v1, by both: a wall renamed, one thickened, one deleted, one added.
    must(updateElement(ada.doc, 'w1', { name: 'Renamed after v1' }));
    must(updateElement(bo.doc, 'w1', { thickness: 0.3 as never }));
    must(deleteElement(bo.doc, 'w2'));
    must(addElement(ada.doc, wallRecord('w3', 10)));
    await eventually(async () => expect((await stored(name)).elements.w3).toBeDefined());
    await eventually(() => expect(snapshot(bo.doc)).toEqual(snapshot(ada.doc)));
    const edited = snapshot(ada.doc);

    const restored = await edit({ doc: name, edits: [], restore: v1, user: 'bo', reason: 'restore' });
    if (!restored.ok) throw new Error(restored.error.message);
    // w1's name and thickness set back, w2 set whole, w3 deleted.
    expect(restored.value).toMatchObject({ applied: 4, skipped: [], version: { label: 'Before restoring “v1”', createdBy: 'bo' } });
    await eventually(() => expect(snapshot(ada.doc)).toEqual(atV1));
    await eventually(() => expect(snapshot(bo.doc)).toEqual(atV1));
    expect(await stored(name)).toEqual(atV1);
    expect(ada.closeCodes).toEqual([]);

    // The restore is in history: the versions list has both, newest first; restoring the one
    // saved before the restore undoes it.
    const versions = await ctx().db.listVersions(name);
    expect(versions.map((v) => v.label)).toEqual(['Before restoring “v1”', 'v1']);
    const back = await edit({ doc: name, edits: [], restore: restored.value.version!.id, user: 'ada' });
    expect(back.ok).toBe(true);
    await eventually(() => expect(snapshot(bo.doc)).toEqual(edited));
    expect(await stored(name)).toEqual(edited);
  });

  it('reverts one user’s changes since a version while others are connected, keeping what someone changed after them (the vandalism case)', async () => {
    const name = await storedBuilding(['w1', 'w2', 'w3']);
    const ada = await ctx().client(name, 'editor', { user: { sub: 'user-ada', name: 'Ada' } });
    const bo = await ctx().client(name, 'editor', { user: { sub: 'user-bo', name: 'Bo' } });
    await Promise.all([ada.synced(), bo.synced()]);
    const saved = await edit({ doc: name, edits: [], saveVersion: { label: 'before Bo' } });
    if (!saved.ok) throw new Error(saved.error.message);
    const atV = snapshot(ada.doc);

    // Bo vandalises: deletes w1, renames w2, thickens w3, adds a wall. Ada then renames w3.
    must(deleteElement(bo.doc, 'w1'));
    must(updateElement(bo.doc, 'w2', { name: 'BO WAS HERE' }));
    must(updateElement(bo.doc, 'w3', { thickness: 0.6 as never, name: 'bo' }));
    must(addElement(bo.doc, wallRecord('w-bo', 30)));
    await eventually(() => expect(snapshot(ada.doc).elements['w-bo']).toBeDefined());
    must(updateElement(ada.doc, 'w3', { name: 'Ada’s w3' }));
    await eventually(() => expect(snapshot(bo.doc).elements.w3?.name).toBe('Ada’s w3'));

    const reverted = await edit({ doc: name, edits: [], revert: { user: 'user-bo', since: saved.value.version!.id }, user: 'user-ada', reason: 'revert' });
    if (!reverted.ok) throw new Error(reverted.error.message);
    expect(reverted.value.kept).toEqual([{ collection: 'elements', recordId: 'w3', field: 'name', by: 'user-ada' }]);
    expect(reverted.value.version?.label).toBe('Before reverting changes since “before Bo”');
    const expected = { ...atV, elements: { ...atV.elements, w3: { ...atV.elements.w3!, name: 'Ada’s w3' } } };
    await eventually(() => expect(snapshot(ada.doc)).toEqual(expected));
    await eventually(() => expect(snapshot(bo.doc)).toEqual(expected));
    expect(await stored(name)).toEqual(expected);
    expect([ada.closeCodes, bo.closeCodes]).toEqual([[], []]);
  });

  it('restores a version saved before a rebase onto the rebased document (no shared Yjs items), writing only what differs', async () => {
    const name = await storedBuilding(['w1', 'w2']);
    // Saved straight into the store: no room is loaded while the store rebases below.
    const saved = await ctx().db.saveVersion(name, 'before rebase', (await ctx().db.load(name)).state!, 'ada');
    // A change, then a rebase in the store: the content re-created without history under lineage 1.
    const live = docOf((await ctx().db.load(name)).state);
    const change: Uint8Array[] = [];
    live.on('update', (u: Uint8Array) => change.push(u));
    must(updateElement(live, 'w2', { name: 'Changed' }));
    await ctx().db.appendUpdates(name, change);
    const loaded = await ctx().db.load(name);
    const rebased = await ctx().db.rebase(name, { expect: { lineage: loaded.lineage, seq: loaded.seq }, finalState: Y.encodeStateAsUpdate(live), newState: copyWithoutHistory(live, MAP_NAMES, 9_001), baseClient: 9_001, schemaVersion: schemaVersionOf(live) });
    expect(rebased).toMatchObject({ rebased: true, lineage: 1 });
    const client = await ctx().client(name);
    await client.synced();
    expect(getMaps(client.doc).elements.get('w2')).toBeInstanceOf(Y.Map);
    expect(snapshot(client.doc).elements.w2?.name).toBe('Changed');

    const restored = await edit({ doc: name, edits: [], restore: saved.id });
    expect(restored.ok && restored.value.applied).toBe(1);
    await eventually(() => expect(snapshot(client.doc).elements.w2?.name).toBe('w2'));
  });

  it('refuses what it cannot do, by name, and writes nothing: an unknown version, another building’s version, a restore with edits, a review document, a bad label', async () => {
    const name = await storedBuilding(['w1']);
    const other = await storedBuilding(['x1']);
    const otherVersion = await edit({ doc: other, edits: [], saveVersion: { label: 'theirs' } });
    if (!otherVersion.ok) throw new Error(otherVersion.error.message);
    const before = await ctx().db.load(name);

    const unknown = await edit({ doc: name, edits: [], restore: 'no-such-version' });
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'refused', status: 404, error: 'version_not_found' });
    // A version id of another building does not restore here (an editor of this one cannot read that one).
    const foreign = await edit({ doc: name, edits: [], restore: otherVersion.value.version!.id });
    expect(!foreign.ok && foreign.error).toMatchObject({ code: 'refused', status: 404, error: 'version_not_found' });
    const withEdits = await edit({ doc: name, edits: [{ op: 'set', path: ['meta', 'name'], value: { json: 'x' } }], restore: otherVersion.value.version!.id });
    expect(!withEdits.ok && withEdits.error).toMatchObject({ code: 'refused', status: 400 });
    expect(!withEdits.ok && withEdits.error.message).toContain('edits: must be empty when restoring a version');
    const review = await edit({ doc: docNames.review(ctx().building()), edits: [], restore: otherVersion.value.version!.id });
    expect(!review.ok && review.error).toMatchObject({ code: 'refused', status: 400 });
    const blank = await fetch(`http://127.0.0.1:${ctx().server.port}/internal/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintInternalToken(SECRET, { subject: SERVER_EDIT_SUBJECT })}` },
      body: JSON.stringify({ doc: name, edits: [], saveVersion: { label: '   ' } }),
    });
    expect(blank.status).toBe(400);

    const after = await ctx().db.load(name);
    expect(after.seq).toBe(before.seq);
    expect(await ctx().db.listVersions(name)).toEqual([]);
  });

  it('saves the version before an edit in the same request, so the state just before an import can be restored', async () => {
    const name = await storedBuilding(['w1']);
    const result = await edit({
      doc: name,
      edits: [{ op: 'set', path: ['elements', 'w9'], value: { map: Object.fromEntries(Object.entries(wallRecord('w9', 20)).map(([k, v]) => [k, k === 'props' ? { map: {} } : { json: v }])) } }],
      saveVersion: { label: 'Before importing model.ifc' },
      user: 'importer',
    });
    if (!result.ok) throw new Error(result.error.message);
    const version = await ctx().db.loadVersion(result.value.version!.id);
    expect(Object.keys(snapshot(docOf(version!.state)).elements)).toEqual(['w1']);
    expect(Object.keys((await stored(name)).elements).sort()).toEqual(['w1', 'w9']);
  });
});
