/**
 * BCF over REST (issue #17 point 6): every official sample (3.0 and 2.1) imports as threads with
 * its topics, comments and viewpoints counted; components resolve to elements by IfcGuid after
 * importing ../shared/ifc/Architectural.ifc, the rest listed; export in both versions validates
 * against the XSDs and imports back with topics, comments, camera and GUIDs kept; a PNG, an empty
 * zip, broken XML and a zip bomb are refused by name with nothing written; who may do which.
 * Real route handlers, real collaboration server, real database.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as exportBcfRoute from '@/app/api/v1/buildings/[id]/export/bcf/route';
import * as importBcfRoute from '@/app/api/v1/buildings/[id]/import/bcf/route';
import * as importIfcRoute from '@/app/api/v1/buildings/[id]/import/ifc/route';
import { mintCollabToken } from '@/lib/auth/collabToken';
import { readBcf } from '@/lib/bcf/read';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { readBuilding, readThreads } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { findXmllint, rawZip, deflatedZeros, sample, validateArchive } from '@/test/unit/bcf/bcfHelpers';
import { SAMPLE_FILES } from '@/test/unit/bcf/sampleTable';
import { createBuilding, call, createUser, makeRequest, SECRET, startApiHarness, type ApiHarness, type TestUser } from './harness';

const architectural = new Uint8Array(readFileSync(path.resolve(process.cwd(), '../shared/ifc/Architectural.ifc')));
const ZIP = { 'content-type': 'application/zip' };
const xmllint = findXmllint();

let h: ApiHarness;
let owner: TestUser;
let commenter: TestUser;
let viewer: TestUser;
let stranger: TestUser;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  [owner, commenter, viewer, stranger] = await Promise.all([createUser(h.prisma, 'Ada'), createUser(h.prisma, 'Cy'), createUser(h.prisma, 'Vic'), createUser(h.prisma, 'Sam')]);
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await h?.teardown();
});
afterEach(() => {
  delete process.env.ARXOS_BCF_MAX_BYTES;
});

const create = (name: string) => createBuilding(owner, name, [[commenter, 'commenter'], [viewer, 'viewer']]);

const importBcf = (id: string, bytes: Uint8Array, as: TestUser = commenter, headers: Record<string, string> = ZIP) => call(importBcfRoute.POST, 'POST', `/api/v1/buildings/${id}/import/bcf`, { id }, { as, bytes, headers });
async function exportBcf(id: string, version: string | undefined, as: TestUser = viewer) {
  const response = await exportBcfRoute.GET(makeRequest('GET', `/api/v1/buildings/${id}/export/bcf${version === undefined ? '' : `?version=${version}`}`, { as }), { params: Promise.resolve({ id }) });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}
async function storedThreads(id: string) {
  const { state, seq } = await new PrismaDocumentStore(h.prisma).load(docNames.review(id));
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return { threads: readThreads(doc).threads, seq };
}

describe('POST /api/v1/buildings/:id/import/bcf and GET .../export/bcf', () => {
  let archId: string;
  let originalId: string;

  it('imports every official sample with its topics, comments and viewpoints counted, live for an open reviewer', async () => {
    const id = await create('Samples');
    const reviewer = new Y.Doc();
    const token = await mintCollabToken({ sub: viewer.id, name: viewer.name, building: id, role: 'viewer' }, SECRET);
    const provider = new WebsocketProvider(h.collab.url, docNames.review(id), reviewer, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token }, disableBc: true });
    providers.push(provider);
    let topics = 0;
    for (const s of SAMPLE_FILES) {
      const response = await importBcf(id, sample(s.dir, s.file));
      expect(response.status, `${s.file}: ${response.text}`).toBe(200);
      expect(response.json, s.file).toMatchObject({ version: s.version, topics: s.counts.topics, comments: s.counts.comments, viewpoints: s.counts.viewpoints });
      topics += s.counts.topics;
    }
    expect((await storedThreads(id)).threads).toHaveLength(topics);
    await vi.waitFor(() => expect(readThreads(reviewer).threads).toHaveLength(topics), { timeout: 10_000 });
    // Every comment arrived, and every viewpoint is on its thread or on the comment that refers to it.
    const threads = readThreads(reviewer).threads;
    expect(threads.reduce((n, t) => n + Object.keys(t.comments).length, 0)).toBe(SAMPLE_FILES.reduce((n, s) => n + s.counts.comments, 0));
    const viewpoints = new Set(threads.flatMap((t) => [t.viewpoint, ...(t.moreViewpoints ?? []), ...Object.values(t.comments).map((c) => c.viewpoint)].flatMap((v) => (v ? [v.id] : []))));
    expect(viewpoints.size).toBe(SAMPLE_FILES.reduce((n, s) => n + s.counts.viewpoints, 0));
    // Authors who are not members are kept by the name the file gives them.
    expect(threads.every((t) => t.createdBy === commenter.id || t.createdBy.startsWith('bcf:'))).toBe(true);
    expect(threads.some((t) => t.createdBy.startsWith('bcf:'))).toBe(true);
  });

  it('resolves a sample’s components to the elements of Architectural.ifc by IfcGuid, and lists the one it cannot', async () => {
    archId = await create('Architectural');
    const imported = await call(importIfcRoute.POST, 'POST', `/api/v1/buildings/${archId}/import/ifc`, { id: archId }, { as: owner, bytes: architectural, headers: { 'content-type': 'application/x-step' } });
    expect(imported.status, imported.text).toBe(200);
    const { state } = await new PrismaDocumentStore(h.prisma).load(docNames.model(archId));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state!);
    const elements = Object.values(readBuilding(doc).elements);
    const byGuid = (g: string) => elements.filter((e) => e.ifc?.globalId === g || e.props['Assembly.GlobalId'] === g).map((e) => e.id).sort();

    const response = await importBcf(archId, sample(SAMPLE_FILES.find((s) => s.file === 'component_selection.bcf')!.dir, 'component_selection.bcf'));
    expect(response.status, response.text).toBe(200);
    const [thread] = (await storedThreads(archId)).threads;
    originalId = thread!.id;
    const selection = ['0KkZ20so9BsO1d1hFcfLOl', '1XbKhGD91DvhOpYZbhzGTI', '3D9pjHJ0HCnggyepvsht8s'];
    const hidden = ['1bbI761TbBCOoIa5Kt6PXt', '1m5wAJelDFdhn6qBdOGjos'];
    const resolved = selection.flatMap(byGuid);
    expect(resolved.length).toBeGreaterThanOrEqual(2);
    expect([...thread!.viewpoint!.selected].sort()).toEqual([...new Set(resolved)].sort());
    expect([...thread!.viewpoint!.hidden].sort()).toEqual([...new Set(hidden.flatMap(byGuid))].sort());
    const unmatched = [...selection, ...hidden].filter((g) => byGuid(g).length === 0).sort();
    expect(unmatched.length).toBeGreaterThan(0);
    expect(response.json!.unresolved).toEqual([{ topic: thread!.id, title: thread!.title, components: unmatched }]);
    expect(thread!.anchor.elementId).toBe(thread!.viewpoint!.selected[0]);
    // The camera with its up vector, as the file has it (orthogonal).
    expect(thread!.viewpoint!.camera).toMatchObject({ kind: 'orthogonal', position: [9.061518529355535, -39.13140881031754, 37.183202420175064] });
    expect(thread!.viewpoint!.camera.up[0]).toBeCloseTo(0.10251666605472565, 12);
    expect(thread!.viewpoint!.snapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(await h.prisma.asset.count({ where: { sha256: thread!.viewpoint!.snapshot } })).toBe(1);
  });

  it.each(['3.0', '2.1'])('exports BCF %s that validates against its XSDs and imports back with topics, comments, camera and GUIDs kept', async (version) => {
    const response = await exportBcf(archId, version);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toContain(version === '2.1' ? 'Architectural.bcf' : 'Architectural.bcfzip');
    if (xmllint) {
      const { errors, checked } = validateArchive(response.bytes, version as '3.0' | '2.1', xmllint);
      expect(checked.length).toBeGreaterThanOrEqual(3);
      expect(errors).toEqual({});
    } else if (process.env.CI === 'true') throw new Error('xmllint is missing (apt-get install libxml2-utils)');
    const archive = readBcf(response.bytes);
    const original = (await storedThreads(archId)).threads.find((t) => t.id === originalId);
    const topic = archive.topics.find((t) => t.guid === originalId);
    expect(topic?.title).toBe(original!.title);
    expect(archive.topics.length).toBe((await storedThreads(archId)).threads.length);
    const vp = topic!.viewpoints[0]!;
    expect(vp.camera).toMatchObject({ kind: 'orthogonal', position: { x: original!.viewpoint!.camera.position[0] }, up: { x: original!.viewpoint!.camera.up[0], y: original!.viewpoint!.camera.up[1], z: original!.viewpoint!.camera.up[2] } });
    expect(vp.components.selection.map((c) => c.ifcGuid).filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(vp.snapshot?.bytes.length).toBeGreaterThan(1000);

    // Back in, into the same building: the same topics, comments, components and camera.
    const threadsBefore = Object.fromEntries((await storedThreads(archId)).threads.map((t) => [t.id, true]));
    const again = await importBcf(archId, response.bytes);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({ topics: archive.topics.length, comments: archive.topics.reduce((n, t) => n + t.comments.length, 0) });
    const threads = (await storedThreads(archId)).threads;
    // Its GUID is taken (the original is still there), so it comes back under a new id with the same content.
    const back = threads.find((t) => t.id !== original!.id && t.title === original!.title && !Object.hasOwn(threadsBefore, t.id))!;
    expect([...back.viewpoint!.selected].sort()).toEqual([...original!.viewpoint!.selected].sort());
    expect(back.viewpoint!.camera.up).toEqual(original!.viewpoint!.camera.up);
  });

  it.each<{ name: string; bytes: () => Uint8Array; code: string }>([
    { name: 'a PNG renamed .bcf', bytes: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), code: 'not_zip' },
    { name: 'an empty zip', bytes: () => zipSync({}), code: 'empty' },
    { name: 'broken XML in a markup', bytes: () => zipSync({ 'bcf.version': strToU8('<Version VersionId="3.0"/>'), 'a0000000-0000-4000-8000-000000000000/markup.bcf': strToU8('<Markup><Topic>') }), code: 'broken_xml' },
    { name: 'a zip bomb', bytes: () => rawZip([{ name: 'a0000000-0000-4000-8000-000000000000/markup.bcf', data: deflatedZeros(258 * 1_200_000 + 1), method: 8, declaredSize: 1024 }]), code: 'zip_bomb' },
  ])('refuses $name by name with 422, writing nothing', async ({ bytes, code }) => {
    const id = await create('Refusals');
    const before = await storedThreads(id);
    const response = await importBcf(id, bytes());
    expect(response.status, response.text).toBe(422);
    expect(response.json).toMatchObject({ error: 'unprocessable', code });
    expect(String(response.json!.message).length).toBeGreaterThan(20);
    const after = await storedThreads(id);
    expect(after.seq).toBe(before.seq);
    expect(after.threads).toEqual([]);
  });

  it('answers a file over ARXOS_BCF_MAX_BYTES with 413, another content type with 415, and lets only members who may comment import', async () => {
    const id = await create('Guarded');
    const bytes = sample(SAMPLE_FILES[0]!.dir, SAMPLE_FILES[0]!.file);
    process.env.ARXOS_BCF_MAX_BYTES = '1000';
    expect((await importBcf(id, bytes)).status).toBe(413);
    delete process.env.ARXOS_BCF_MAX_BYTES;
    expect((await importBcf(id, bytes, commenter, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await importBcf(id, bytes, viewer)).status).toBe(403);
    expect((await importBcf(id, bytes, stranger)).status).toBe(404);
    expect((await exportBcf(id, '3.0', stranger)).status).toBe(404);
    expect((await exportBcf(id, '4.0', viewer)).status).toBe(400);
    expect((await storedThreads(id)).threads).toEqual([]);
    expect((await importBcf(id, bytes, owner)).status).toBe(200);
  });
});
