/**
 * Review snapshots over HTTP (issue #17 point 1): a thread's viewpoint picture, uploaded as a PNG
 * or JPEG of at most 2 MiB by anyone who may write review threads (owners, editors, commenters),
 * stored once under its sha256 with its type, and served from /api/assets/:hash with that type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as asset from '@/app/api/assets/[hash]/route';
import * as snapshots from '@/app/api/v1/buildings/[id]/snapshots/route';
import { assetHash } from '@/lib/db/assetStore';
import { call, createBuilding, createUser, makeRequest, startApiHarness, type ApiHarness, type CallOptions, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let commenter: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let id: string;

beforeAll(async () => {
  h = await startApiHarness();
  [owner, commenter, viewer, stranger] = await Promise.all([createUser(h.prisma, 'Ada'), createUser(h.prisma, 'Cy'), createUser(h.prisma, 'Vera'), createUser(h.prisma, 'Stranger')]);
  id = await createBuilding(owner, 'Snapshot House', [
    [commenter, 'commenter'],
    [viewer, 'viewer'],
  ]);
});
afterAll(() => h?.teardown());

let counter = 0;
/** A distinct (not decodable, but signed) image of `type`, `size` bytes long. */
function image(type: 'png' | 'jpeg', size = 512): Uint8Array {
  const head = type === 'png' ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] : [0xff, 0xd8, 0xff, 0xe0];
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + ++counter) % 251);
  bytes.set(head);
  return bytes;
}

function post(bytes: Uint8Array, contentType: string, options: CallOptions) {
  return call(snapshots.POST, 'POST', `/api/v1/buildings/${id}/snapshots`, { id }, { ...options, bytes, headers: { 'content-type': contentType, ...options.headers } });
}

describe('POST /api/v1/buildings/:id/snapshots', () => {
  it('stores a JPEG under its sha256 and serves it back with its type', async () => {
    const bytes = image('jpeg');
    const stored = await post(bytes, 'image/jpeg', { as: owner });
    expect(stored.status).toBe(200);
    expect(stored.json).toEqual({ hash: assetHash(bytes) });
    const served = await asset.GET(makeRequest('GET', `/api/assets/${assetHash(bytes)}`, { as: viewer }), { params: Promise.resolve({ hash: assetHash(bytes) }) });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });

  it('takes a PNG from a commenter, and the same image twice is stored once', async () => {
    const bytes = image('png');
    const first = await post(bytes, 'image/png', { as: commenter });
    const again = await post(bytes, 'image/png', { as: owner });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.json).toEqual(first.json);
    expect(await h.prisma.asset.count({ where: { sha256: assetHash(bytes) } })).toBe(1);
  });

  it('refuses viewers (403), outsiders (404) and the signed-out (401), storing nothing', async () => {
    const bytes = image('png');
    expect((await post(bytes, 'image/png', { as: viewer })).status).toBe(403);
    expect((await post(bytes, 'image/png', { as: stranger })).status).toBe(404);
    expect((await post(bytes, 'image/png', { as: null })).status).toBe(401);
    expect(await h.prisma.asset.count({ where: { sha256: assetHash(bytes) } })).toBe(0);
  });

  it('refuses another type (415), bytes that are not the image type sent (400) and more than 2 MiB (413)', async () => {
    const gif = image('png');
    expect((await post(gif, 'image/gif', { as: owner })).status).toBe(415);
    const notPng = image('jpeg');
    const refused = await post(notPng, 'image/png', { as: owner });
    expect(refused.status).toBe(400);
    expect(refused.json!.message).toMatch(/not a PNG image/);
    const large = await post(image('jpeg', 2 * 1024 * 1024 + 1), 'image/jpeg', { as: owner });
    expect(large.status).toBe(413);
    expect(await h.prisma.asset.count({ where: { sha256: { in: [assetHash(notPng), assetHash(gif)] } } })).toBe(0);
  });

  it('refuses a cross-site upload', async () => {
    const response = await post(image('jpeg'), 'image/jpeg', { as: owner, headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
  });
});
