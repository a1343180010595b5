/**
 * Geometry assets over HTTP (issue #16 point 3): uploaded by editors of a building, stored once
 * under their sha256, served immutably to anyone signed in or holding an active share link.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as asset from '@/app/api/assets/[hash]/route';
import * as buildings from '@/app/api/v1/buildings/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import * as upload from '@/app/api/v1/buildings/[id]/assets/route';
import * as shareLinks from '@/app/api/v1/buildings/[id]/share-links/route';
import { mintShareGrant, shareCookieName } from '@/lib/auth/shareGrant';
import { assetHash } from '@/lib/db/assetStore';
import { encodeAssetUpload } from '@/lib/ifc/assetUpload';
import { encodeMeshAsset } from '@/lib/ifc/meshAsset';
import { call, createUser, makeRequest, SECRET, startApiHarness, type ApiHarness, type CallOptions, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let id: string;

beforeAll(async () => {
  h = await startApiHarness();
  [owner, viewer, stranger] = await Promise.all([createUser(h.prisma, 'Ada'), createUser(h.prisma, 'Vera'), createUser(h.prisma, 'Stranger')]);
  const created = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name: 'Mesh House' } });
  id = (created.json!.building as { id: string }).id;
  await call(members.PUT, 'PUT', `/api/v1/buildings/${id}/members`, { id }, { as: owner, body: { email: viewer.email, role: 'viewer' } });
});
afterAll(() => h?.teardown());
afterEach(() => {
  delete process.env.ARXOS_ASSET_UPLOAD_MAX_BYTES;
});

let counter = 0;
/** Distinct geometry assets (a strip of `triangles` triangles), about 8 bytes a vertex. */
function meshBytes(triangles = 4): Uint8Array {
  const n = triangles + 2;
  const positions = new Float32Array(n * 3).map((_, i) => (i % 3 === 0 ? Math.floor(i / 3) : i % 3 === 1 ? (Math.floor(i / 3) % 2) + ++counter * 1e-3 : 0));
  const normals = new Float32Array(n * 3).map((_, i) => (i % 3 === 2 ? 1 : 0));
  const indices = new Uint32Array(triangles * 3).map((_, i) => Math.floor(i / 3) + (i % 3));
  return encodeMeshAsset({ parts: [{ color: [0.5, 0.5, 0.5, 1], positions, normals, indices }] });
}

function post(options: CallOptions) {
  return call(upload.POST, 'POST', `/api/v1/buildings/${id}/assets`, { id }, options);
}

async function get(hash: string, options: CallOptions = {}) {
  const response = await asset.GET(makeRequest('GET', `/api/assets/${hash}`, options), { params: Promise.resolve({ hash }) });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('POST /api/v1/buildings/:id/assets', () => {
  it('stores each framed asset under its sha256 and answers the hashes in order; again, nothing new', async () => {
    const assets = [meshBytes(10), meshBytes(2_000), meshBytes(64)];
    const before = await h.prisma.asset.count();
    const first = await post({ as: owner, bytes: encodeAssetUpload(assets) });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ hashes: assets.map(assetHash), stored: 3 });
    expect(await h.prisma.asset.count()).toBe(before + 3);
    const again = await post({ as: owner, bytes: encodeAssetUpload([assets[1]!, assets[1]!]) });
    expect(again.json).toEqual({ hashes: [assetHash(assets[1]!), assetHash(assets[1]!)], stored: 0 });
    expect(await h.prisma.asset.count()).toBe(before + 3);
  });

  it('is for editors and owners: 401 signed out, 404 without a role, 403 for a viewer', async () => {
    const bytes = encodeAssetUpload([meshBytes()]);
    expect((await post({ bytes })).status).toBe(401);
    expect((await post({ as: stranger, bytes })).status).toBe(404);
    expect((await post({ as: viewer, bytes })).status).toBe(403);
  });

  it('answers 415 for another content type and 400 for a body that is not a sequence of frames, storing nothing', async () => {
    const before = await h.prisma.asset.count();
    expect((await post({ as: owner, bytes: encodeAssetUpload([meshBytes()]), headers: { 'content-type': 'application/json' } })).status).toBe(415);
    const truncated = encodeAssetUpload([meshBytes(), meshBytes()]).subarray(0, 150);
    const response = await post({ as: owner, bytes: truncated });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'bad_request', message: expect.stringContaining('runs past the end') });
    expect((await post({ as: owner, bytes: new Uint8Array([1, 0]) })).status).toBe(400);
    // Bytes that are not a geometry asset (a PNG, say), even beside a good one: nothing stored.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const mixed = await post({ as: owner, bytes: encodeAssetUpload([meshBytes(), png]) });
    expect(mixed.status).toBe(400);
    expect(mixed.json).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^asset 2 is not a geometry asset \(not an ArxOS geometry asset \(bad magic\)\); nothing was stored$/) });
    expect(await h.prisma.asset.count()).toBe(before);
  });

  it('answers 413 over ARXOS_ASSET_UPLOAD_MAX_BYTES, from Content-Length or while the body streams in', async () => {
    process.env.ARXOS_ASSET_UPLOAD_MAX_BYTES = '1000';
    const before = await h.prisma.asset.count();
    const body = encodeAssetUpload([meshBytes(600), meshBytes(600)]);
    const declared = await post({ as: owner, bytes: body, headers: { 'content-length': String(body.byteLength), 'content-type': 'application/octet-stream' } });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ error: 'payload_too_large', limit: 1000 });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body.subarray(0, 700));
        controller.enqueue(body.subarray(700));
        controller.close();
      },
    });
    expect((await post({ as: owner, bytes: stream })).status).toBe(413);
    expect(await h.prisma.asset.count()).toBe(before);
    expect((await post({ as: owner, bytes: encodeAssetUpload([meshBytes(20)]) })).status).toBe(200);
  });
});

describe('GET /api/assets/:hash', () => {
  let stored: Uint8Array;
  let hash: string;
  beforeAll(async () => {
    stored = meshBytes(300);
    hash = assetHash(stored);
    expect((await post({ as: owner, bytes: encodeAssetUpload([stored]) })).status).toBe(200);
  });

  it('serves the bytes to anyone signed in, cached for good, with the hash as ETag', async () => {
    for (const who of [owner, viewer, stranger]) {
      const response = await get(hash, { as: who });
      expect(response.status).toBe(200);
      expect(response.bytes).toEqual(stored);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(response.headers.get('etag')).toBe(`"${hash}"`);
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const response = await get(hash, { as: owner, headers: { 'if-none-match': `W/"${hash}"` } });
    expect(response.status).toBe(304);
    expect(response.bytes.byteLength).toBe(0);
    expect((await get(hash, { as: owner, headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);
  });

  it('answers 400 for a malformed hash, 404 for an unknown one, 401 without a session or share link', async () => {
    expect((await get('ABC', { as: owner })).status).toBe(400);
    expect((await get(hash.toUpperCase(), { as: owner })).status).toBe(400);
    expect((await get(assetHash(new Uint8Array([1, 2, 3])), { as: owner })).status).toBe(404);
    expect((await get(hash)).status).toBe(401);
  });

  it('serves a guest holding an active share link that allows guests, and nobody with a forged or guest-less one', async () => {
    const link = async (allowGuests: boolean) => {
      const response = await call(shareLinks.POST, 'POST', `/api/v1/buildings/${id}/share-links`, { id }, { as: owner, body: { role: 'viewer', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), allowGuests } });
      return (response.json!.link as { id: string }).id;
    };
    const cookie = async (linkId: string, secret = SECRET) =>
      `${shareCookieName(id)}=${await mintShareGrant({ link: linkId, building: id, guestId: 'guest:g1', guestName: 'Gus' }, secret, new Date(Date.now() + 3_600_000))}`;
    expect((await get(hash, { cookies: [await cookie(await link(true))] })).status).toBe(200);
    expect((await get(hash, { cookies: [await cookie(await link(false))] })).status).toBe(401);
    expect((await get(hash, { cookies: [await cookie(await link(true), 'another-secret'.padEnd(40, '!'))] })).status).toBe(401);
  });
});
