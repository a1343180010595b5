/**
 * Versions over REST (issue #17 points 2-4; issue #16 point 4): save a named version of the live
 * model, list, diff by element and field, restore while an editor is connected (live, in history,
 * undone by restoring the version saved before it), the automatic version before an IFC import,
 * who may do which. Real route handlers, real collaboration server, real database.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as importRoute from '@/app/api/v1/buildings/[id]/import/ifc/route';
import * as versionsRoute from '@/app/api/v1/buildings/[id]/versions/route';
import * as restoreRoute from '@/app/api/v1/buildings/[id]/versions/[versionId]/restore/route';
import * as diffRoute from '@/app/api/v1/buildings/[id]/versions/[versionId]/diff/route';
import * as revertRoute from '@/app/api/v1/buildings/[id]/versions/[versionId]/revert/route';
import { addElement, addStorey, readBuilding, updateElement } from '@/lib/doc';
import { readIfc } from '@/lib/ifc/read';
import { importVersionLabel } from '@/lib/ifc/types';
import { createBuilding, call, createUser, openModelEditor, startApiHarness, type ApiHarness, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  [owner, editor, viewer, stranger] = await Promise.all([createUser(h.prisma, 'Ada'), createUser(h.prisma, 'Bo'), createUser(h.prisma, 'Vic'), createUser(h.prisma, 'Sam')]);
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await h?.teardown();
});

const create = (name: string) => createBuilding(owner, name, [[editor, 'editor'], [viewer, 'viewer']]);

const save = (id: string, label: unknown, as: TestUser) => call(versionsRoute.POST, 'POST', `/api/v1/buildings/${id}/versions`, { id }, { as, body: { label } });
const list = (id: string, as: TestUser) => call(versionsRoute.GET, 'GET', `/api/v1/buildings/${id}/versions`, { id }, { as });
const restore = (id: string, versionId: string, as: TestUser) => call(restoreRoute.POST, 'POST', `/api/v1/buildings/${id}/versions/${versionId}/restore`, { id, versionId }, { as });
const diff = (id: string, versionId: string, as: TestUser, to?: string) =>
  call(diffRoute.GET, 'GET', `/api/v1/buildings/${id}/versions/${versionId}/diff${to === undefined ? '' : `?to=${encodeURIComponent(to)}`}`, { id, versionId }, { as });

const wall = (id: string, x: number) => ({ id, kind: 'wall', storeyId: 'L0', name: id, props: {}, a: [x, 0], b: [x, 4], thickness: 0.2, height: 3 });

describe('versions: save, list, diff, restore', () => {
  it('saves v1, diffs v1..now by element and field, restores v1 while an editor is connected, and restoring the version saved before it brings the edits back', async () => {
    const id = await create('Versioned');
    const ada = await openModelEditor(h, owner, id, providers);
    must(addStorey(ada.doc, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
    for (const [i, w] of ['w1', 'w2', 'w3'].entries()) must(addElement(ada.doc, wall(w, i * 3)));
    await vi.waitFor(async () => expect((await list(id, owner)).status).toBe(200));

    const saved = await save(id, '  v1  ', editor);
    expect(saved.status, saved.text).toBe(201);
    const v1 = saved.json!.version as { id: string; label: string; createdBy: string };
    expect(v1).toMatchObject({ label: 'v1', createdBy: editor.id, kind: 'named', summary: { added: 3, removed: 0, changed: 0 } });
    const atV1 = readBuilding(ada.doc);

    // Edit more: w1 renamed and thicker, a property on w2, w3 deleted by nobody, w4 added.
    must(updateElement(ada.doc, 'w1', { name: 'Front', thickness: 0.3 as never }));
    must(updateElement(ada.doc, 'w2', { props: { fire: 'EI60' } }));
    must(addElement(ada.doc, wall('w4', 12)));
    const edited = readBuilding(ada.doc);
    await vi.waitFor(async () => expect(((await diff(id, v1.id, viewer)).json!.elements as { added: unknown[] }).added).toHaveLength(1), { timeout: 5_000 });

    // The diff v1..now lists exactly the changed elements and fields, with their values.
    const changes = await diff(id, v1.id, viewer);
    expect(changes.status).toBe(200);
    expect(changes.json).toMatchObject({ from: { id: v1.id, label: 'v1' }, to: 'now', meta: [] });
    expect(changes.json!.elements).toEqual({
      added: [{ id: 'w4', kind: 'wall', name: 'w4' }],
      removed: [],
      changed: [
        { id: 'w1', kind: 'wall', name: 'Front', fields: [{ field: 'name', before: 'w1', after: 'Front' }, { field: 'thickness', before: 0.2, after: 0.3 }] },
        { id: 'w2', kind: 'wall', name: 'w2', fields: [{ field: 'props.fire', after: 'EI60' }] },
      ],
    });

    // Restore v1: Ada (connected) sees it live; the restore is in the history.
    const restored = await restore(id, v1.id, editor);
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json).toMatchObject({ restored: { id: v1.id, label: 'v1' }, before: { label: 'Before restoring “v1”', createdBy: editor.id }, applied: 4 });
    await vi.waitFor(() => expect(readBuilding(ada.doc)).toEqual(atV1), { timeout: 5_000 });
    expect(ada.closeCodes).toEqual([]);
    const versions = (await list(id, viewer)).json!.versions as { id: string; label: string; kind: string; summary: unknown }[];
    expect(versions.map((v) => v.label)).toEqual(['Before restoring “v1”', 'v1']);
    // The automatic version's summary: what had changed since v1 (w4 added; w1 and w2 changed).
    expect(versions[0]).toMatchObject({ kind: 'auto', summary: { added: 1, removed: 0, changed: 2 } });

    // Restoring the version saved before the restore brings the edits back.
    const back = await restore(id, versions[0]!.id, owner);
    expect(back.status).toBe(200);
    await vi.waitFor(() => expect(readBuilding(ada.doc)).toEqual(edited), { timeout: 5_000 });
    // Version to version: v1 to the one saved before the restore is the same change set.
    const between = await diff(id, v1.id, viewer, versions[0]!.id);
    expect((between.json!.elements as { changed: { id: string }[] }).changed.map((c) => c.id)).toEqual(['w1', 'w2']);
    expect(between.json!.to).toMatchObject({ id: versions[0]!.id });
  });

  it('lets members read versions and editors write them; refuses the rest by name, writing nothing', async () => {
    const id = await create('Guarded');
    const other = await create('Other');
    const saved = await save(id, 'mine', owner);
    expect(saved.status, saved.text).toBe(201);
    const versionId = (saved.json!.version as { id: string }).id;
    const theirs = await save(other, 'theirs', owner);
    const foreign = (theirs.json!.version as { id: string }).id;

    expect((await save(id, 'no', viewer)).status).toBe(403);
    expect((await restore(id, versionId, viewer)).status).toBe(403);
    expect((await list(id, viewer)).status).toBe(200);
    expect((await list(id, stranger)).status).toBe(404);
    expect((await diff(id, versionId, stranger)).status).toBe(404);
    expect((await save(id, '', editor)).status).toBe(400);
    expect((await save(id, 'x'.repeat(201), editor)).status).toBe(400);
    expect((await save(id, 42, editor)).status).toBe(400);
    // Another building's version is not this building's: 404 for restore and diff, both ways.
    const cross = await restore(id, foreign, editor);
    expect(cross.status).toBe(404);
    expect(cross.json!.message).toContain(`has no version ${foreign}`);
    expect((await diff(id, foreign, editor)).status).toBe(404);
    expect((await diff(id, versionId, editor, foreign)).status).toBe(404);
    expect((await diff(id, versionId, editor, '../x')).status).toBe(400);
    expect((await restore(id, 'no-such-version', editor)).status).toBe(404);
    expect(((await list(id, owner)).json!.versions as unknown[]).length).toBe(1);
  });
});

describe('reverting one person’s changes since a version', () => {
  it('puts back what the editor changed since v1, live, keeps what the owner changed after them, and refuses viewers', async () => {
    const id = await create('Vandalised');
    const ada = await openModelEditor(h, owner, id, providers);
    const bo = await openModelEditor(h, editor, id, providers);
    must(addStorey(ada.doc, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
    for (const [i, w] of ['w1', 'w2'].entries()) must(addElement(ada.doc, wall(w, i * 3)));
    await vi.waitFor(() => expect(Object.keys(readBuilding(bo.doc).elements)).toHaveLength(2));
    const v1 = (await save(id, 'v1', owner)).json!.version as { id: string };

    must(updateElement(bo.doc, 'w1', { name: 'vandal', thickness: 0.9 as never }));
    must(addElement(bo.doc, wall('junk', 20)));
    await vi.waitFor(() => expect(readBuilding(ada.doc).elements.junk).toBeDefined());
    must(updateElement(ada.doc, 'w1', { name: 'Ada’s w1' }));
    await vi.waitFor(() => expect(readBuilding(bo.doc).elements.w1?.name).toBe('Ada’s w1'));

    const revert = (as: TestUser, body: unknown) => call(revertRoute.POST, 'POST', `/api/v1/buildings/${id}/versions/${v1.id}/revert`, { id, versionId: v1.id }, { as, body });
    expect((await revert(viewer, { userId: editor.id })).status).toBe(403);
    expect((await revert(owner, {})).status).toBe(400);
    const response = await revert(owner, { userId: editor.id });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ since: { id: v1.id }, before: { label: 'Before reverting changes since “v1”' }, kept: [{ collection: 'elements', recordId: 'w1', field: 'name', by: owner.id }] });
    await vi.waitFor(() => expect(readBuilding(bo.doc).elements.junk).toBeUndefined(), { timeout: 5_000 });
    expect(readBuilding(bo.doc).elements.w1).toMatchObject({ name: 'Ada’s w1', thickness: 0.2 });
    await vi.waitFor(() => expect(readBuilding(ada.doc)).toEqual(readBuilding(bo.doc)));
  });
});

describe('the version before an IFC import', () => {
  it('is saved by the REST import, and restoring it takes the import out', async () => {
    const id = await create('Import and undo');
    const ada = await openModelEditor(h, owner, id, providers);
    const bytes = new Uint8Array(readFileSync(path.resolve(process.cwd(), '../shared/ifc/IfcOpenHouse_IFC4.ifc')));
    const imported = await call(importRoute.POST, 'POST', `/api/v1/buildings/${id}/import/ifc`, { id }, { as: editor, bytes, headers: { 'content-type': 'application/x-step' } });
    expect(imported.status, imported.text).toBe(200);
    const before = imported.json!.versionBefore as { id: string; label: string };
    expect(before.label).toBe(importVersionLabel(await readIfc(bytes)));
    expect(before.label).toMatch(/^Before importing “.+”$/);
    await vi.waitFor(() => expect(Object.keys(readBuilding(ada.doc).elements).length).toBe(imported.json!.elements), { timeout: 10_000 });

    expect((await restore(id, before.id, editor)).status).toBe(200);
    await vi.waitFor(() => expect(Object.keys(readBuilding(ada.doc).elements)).toEqual([]), { timeout: 10_000 });
    expect(Object.keys(readBuilding(ada.doc).storeys)).toEqual([]);
  });
});

function must<T extends { ok: boolean }>(result: T): T {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
}
