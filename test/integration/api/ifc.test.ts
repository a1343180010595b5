/**
 * IFC over REST (issue #16 point 6): import into a building as one change that open editors see
 * arrive live, export as IFC4; who may do which; limits; and nothing written on an error (checked
 * in the database). Real route handlers, real collaboration server, real web-ifc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as buildings from '@/app/api/v1/buildings/route';
import * as exportRoute from '@/app/api/v1/buildings/[id]/export/ifc/route';
import * as importRoute from '@/app/api/v1/buildings/[id]/import/ifc/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { getMaps, listStoreys, readBuilding } from '@/lib/doc';
import { readIfc } from '@/lib/ifc/read';
import { docNames } from '@/lib/protocol';
import { call, createUser, makeRequest, startApiHarness, type ApiHarness, type CallOptions, type TestUser, openModelEditor } from './harness';

const IFC_DIR = path.resolve(process.cwd(), '../shared/ifc');
const fzk = new Uint8Array(readFileSync(`${IFC_DIR}/AC20-FZK-Haus.ifc`));
const openHouse = new Uint8Array(readFileSync(`${IFC_DIR}/IfcOpenHouse_IFC4.ifc`));
/** The first bytes of a PNG file. */
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const STEP = { 'content-type': 'application/x-step' };

let h: ApiHarness;
let owner: TestUser;
let viewer: TestUser;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  [owner, viewer] = await Promise.all([createUser(h.prisma, 'Ida'), createUser(h.prisma, 'Vic')]);
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await h?.teardown();
});
afterEach(() => {
  delete process.env.ARXOS_IFC_MAX_BYTES;
});

async function create(name: string): Promise<string> {
  const response = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name } });
  expect(response.status).toBe(201);
  const id = (response.json!.building as { id: string }).id;
  await call(members.PUT, 'PUT', `/api/v1/buildings/${id}/members`, { id }, { as: owner, body: { email: viewer.email, role: 'viewer' } });
  return id;
}

function importFile(id: string, options: CallOptions) {
  return call(importRoute.POST, 'POST', `/api/v1/buildings/${id}/import/ifc`, { id }, { headers: STEP, ...options });
}

async function exportFile(id: string, options: CallOptions = {}) {
  const response = await exportRoute.GET(makeRequest('GET', `/api/v1/buildings/${id}/export/ifc`, options), { params: Promise.resolve({ id }) });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** What the database holds of a building: its stored model document and the asset count. */
async function stored(id: string) {
  const loaded = await new PrismaDocumentStore(h.prisma).load(docNames.model(id));
  return { seq: loaded.seq, state: loaded.state, assets: await h.prisma.asset.count() };
}

function docOf(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/** A connected editor of the building's model (the stock provider). */
const openEditor = (id: string) => openModelEditor(h, owner, id, providers);

describe('POST /api/v1/buildings/:id/import/ifc and GET .../export/ifc', () => {
  let id: string;

  it('imports AC20-FZK-Haus into an empty building as one change an open editor sees arrive live', async () => {
    id = await create('FZK Haus');
    const editor = await openEditor(id);
    const before = await stored(id);
    const arrived: number[] = [];
    getMaps(editor.doc).elements.observe(() => arrived.push(getMaps(editor.doc).elements.size));

    const response = await importFile(id, { as: owner, bytes: fzk });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({
      counts: { storeys: 2, wall: 13, door: 5, window: 11, slab: 4, space: 7 },
      storeys: 2,
      schema: 'IFC4',
    });
    expect(Array.isArray(response.json!.warnings)).toBe(true);
    const elementCount = response.json!.elements as number;

    // Live, without reconnecting, in one go: the editor saw the elements arrive in one transaction.
    await vi.waitFor(() => expect(getMaps(editor.doc).elements.size).toBe(elementCount), { timeout: 10_000, interval: 20 });
    expect(arrived).toEqual([elementCount]);
    expect(editor.closeCodes).toEqual([]);
    const live = readBuilding(editor.doc);
    expect(Object.values(live.storeys).map((s) => s.elevation).sort()).toEqual([0, 2.7]);
    expect(Object.values(live.elements).filter((e) => e.kind === 'wall')).toHaveLength(13);
    const openings = Object.values(live.elements).filter((e) => e.kind === 'door' || e.kind === 'window');
    expect(openings).toHaveLength(16);

    // In the store, with its geometry assets.
    const after = await stored(id);
    expect(after.seq).toBe(before.seq + 1);
    expect(Object.keys(readBuilding(docOf(after.state)).elements)).toHaveLength(elementCount);
    const hashes = new Set(Object.values(live.elements).flatMap((e) => (e.asset ? [e.asset] : [])));
    expect(hashes.size).toBeGreaterThan(0);
    expect(after.assets).toBe(before.assets + hashes.size);
    expect(await h.prisma.asset.count({ where: { sha256: { in: [...hashes] } } })).toBe(hashes.size);
  });

  it('exports the building as IFC4 that reads back with the same walls; viewers may export', async () => {
    for (const who of [owner, viewer]) {
      const response = await exportFile(id, { as: who });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-step');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="FZK Haus.ifc"; filename*=UTF-8''FZK%20Haus.ifc`);
      expect(new TextDecoder().decode(response.bytes.subarray(0, 13))).toBe('ISO-10303-21;');
      const reread = await readIfc(response.bytes);
      expect(reread.schema).toBe('IFC4');
      expect(reread.counts.wall).toBe(13);
      expect(reread.counts.storeys).toBe(2);
    }
  });

  it('imports into a building that has storeys as new storeys above them', async () => {
    const response = await importFile(id, { as: owner, bytes: openHouse });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ counts: { wall: 4, door: 1, window: 5 } });
    const storeys = listStoreys(docOf((await stored(id)).state));
    const added = response.json!.storeys as number;
    expect(storeys).toHaveLength(2 + added);
    expect(storeys.slice(2).map((s) => s.order)).toEqual(Array.from({ length: added }, (_, i) => 2 + i));
  });

  it('lets editors and owners import, not viewers (403) nor anyone signed out (401); export needs access too', async () => {
    const target = await create('Guarded');
    const before = await stored(target);
    expect((await importFile(target, { as: viewer, bytes: fzk })).status).toBe(403);
    expect((await importFile(target, { bytes: fzk })).status).toBe(401);
    expect((await exportFile(target)).status).toBe(401);
    expect(await stored(target)).toEqual(before);
  });

  it('answers 415 for another content type and 413 over ARXOS_IFC_MAX_BYTES, writing nothing', async () => {
    const target = await create('Limits');
    const before = await stored(target);
    expect((await importFile(target, { as: owner, bytes: fzk, headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await importFile(target, { as: owner, bytes: fzk, headers: { 'content-type': 'application/json' } })).status).toBe(415);
    process.env.ARXOS_IFC_MAX_BYTES = '100000';
    const declared = await importFile(target, { as: owner, bytes: fzk, headers: { ...STEP, 'content-length': String(fzk.byteLength) } });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ error: 'payload_too_large', limit: 100000 });
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < fzk.byteLength; at += 64 * 1024) controller.enqueue(fzk.subarray(at, at + 64 * 1024));
        controller.close();
      },
    });
    expect((await importFile(target, { as: owner, bytes: streamed })).status).toBe(413);
    expect(await stored(target)).toEqual(before);
  });

  it('answers 422 in words for a PNG, an empty body and FZK-Haus cut in half, with nothing written', async () => {
    const target = await create('Broken');
    const editor = await openEditor(target);
    const before = await stored(target);
    const cases: [string, Uint8Array, string][] = [
      ['a PNG', png, 'not_ifc'],
      ['an empty body', new Uint8Array(0), 'not_ifc'],
      ['FZK-Haus cut in half', fzk.subarray(0, fzk.byteLength >> 1), 'truncated'],
    ];
    for (const [what, bytes, code] of cases) {
      const response = await importFile(target, { as: owner, bytes, headers: { 'content-type': 'application/octet-stream' } });
      expect(response.status, what).toBe(422);
      expect(response.json, what).toMatchObject({ error: 'unprocessable', code, message: expect.any(String) });
      expect((response.json!.message as string).length, what).toBeGreaterThan(10);
    }
    expect(await stored(target)).toEqual(before);
    expect(getMaps(editor.doc).elements.size).toBe(0);
    expect(getMaps(editor.doc).storeys.size).toBe(0);
  });

  it('answers every file of shared/ifc/malformed with an error in words and nothing written, or a partial import with its warnings', async () => {
    const expected: Record<string, { status: 422; code: string } | { status: 200; warnings: RegExp }> = {
      'cyclic-placement.ifc': { status: 200, warnings: /[Cc]yclic or excessively deep placement/ },
      'missing-placement.ifc': { status: 200, warnings: /Invalid ExpressID 999999/ },
      'invalid-index.ifc': { status: 200, warnings: /[Ii]nvalid triangulated face index/ },
      'unterminated-comment.ifc': { status: 422, code: 'not_ifc' },
      'unterminated-string.ifc': { status: 422, code: 'not_ifc' },
    };
    const files = readdirSync(path.join(IFC_DIR, 'malformed')).filter((f) => f.endsWith('.ifc')).sort();
    expect(files).toEqual(Object.keys(expected).sort());
    for (const file of files) {
      const target = await create(`Malformed ${file}`);
      const before = await stored(target);
      const response = await importFile(target, { as: owner, bytes: new Uint8Array(readFileSync(path.join(IFC_DIR, 'malformed', file))) });
      const want = expected[file]!;
      expect(response.status, file).toBe(want.status);
      if (want.status === 422) {
        expect(response.json, file).toMatchObject({ error: 'unprocessable', code: want.code, message: expect.stringMatching(/\w+ \w+ \w+/) });
        expect(await stored(target), `${file}: nothing written`).toEqual(before);
      } else {
        const warnings = response.json!.warnings as { message: string }[];
        expect(warnings.map((w) => w.message).join('\n'), file).toMatch(want.warnings);
        const after = readBuilding(docOf((await stored(target)).state));
        expect(Object.keys(after.elements).length, `${file}: what could be read is written`).toBe(response.json!.elements);
        expect(Object.keys(after.elements).length, file).toBeGreaterThan(0);
      }
    }
  });
});
