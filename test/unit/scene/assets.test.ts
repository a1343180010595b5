/**
 * The 3D scene's geometry asset loader (components/scene/assets.ts), against a fake `fetch` that
 * serves encodeMeshAsset bytes from a table (no network): one same-origin request per hash, a few at
 * a time, one retry, a cache bounded by bytes, and assets turned from their frame (x, y plan, z up)
 * to the scene's world axes (x, z, −y).
 */
import { describe, expect, it, vi } from 'vitest';
import { AssetLoader, sceneAssetOf } from '@/components/scene/assets';
import { MeshAssetError, type MeshPart } from '@/lib/ifc/meshAsset';
import { assetBytes, boxPart, fakeServer, hashOf, settle } from './assetFixtures';

const quiet = () => vi.fn<(message: string, error: unknown) => void>();

// ---- decoding into the scene's frame ------------------------------------------------------------

describe('sceneAssetOf', () => {
  it('turns asset (x, y, z up) into world axes (x, z, −y): positions and normals, winding kept', () => {
    const part: MeshPart = {
      color: [1, 0.5, 0, 1],
      positions: new Float32Array([0, 0, 0, 2, 0, 0, 0, 3, 1]),
      normals: new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1]),
      indices: new Uint16Array([0, 1, 2]),
    };
    const asset = sceneAssetOf(hashOf(1), assetBytes(part));
    expect(asset.pieces).toHaveLength(1);
    const { geometry, bucket, color, opacity } = asset.pieces[0]!;
    expect(bucket).toBe('opaque');
    expect(opacity).toBe(1);
    expect(color).toBe(0xff8000);
    const p = [...geometry.getAttribute('position').array].map((v) => Math.round(v * 1e4) / 1e4 + 0);
    expect(p).toEqual([0, 0, 0, 2, 0, 0, 0, 1, -3]);
    const n = [...geometry.getAttribute('normal').array].map((v) => Math.round(v * 1e3) / 1e3 + 0);
    // The asset's up (z) is the world's up (y).
    expect(n).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect([...geometry.getIndex()!.array]).toEqual([0, 1, 2]);
    expect(Object.keys(geometry.attributes).sort()).toEqual(['normal', 'position']);
    // Wound as before: the triangle's normal (right hand) points up in the world as it did in the asset.
    const [a, b, c] = [0, 1, 2].map((i) => p.slice(3 * i, 3 * i + 3));
    const u = b!.map((v, i) => v - a![i]!);
    const w = c!.map((v, i) => v - a![i]!);
    expect(u[2]! * w[0]! - u[0]! * w[2]!).toBeGreaterThan(0);
  });

  it('puts translucent parts in the glass batch, drops invisible parts, and counts bytes', () => {
    const asset = sceneAssetOf(hashOf(2), assetBytes(boxPart([0, 0, 0], [1, 1, 1], [1, 0, 0, 1]), boxPart([0, 0, 0], [1, 1, 1], [0, 0, 1, 0.4]), boxPart([0, 0, 0], [1, 1, 1], [0, 1, 0, 0])));
    expect(asset.pieces.map((p) => [p.bucket, p.color])).toEqual([
      ['opaque', 0xff0000],
      ['glass', 0x0000ff],
    ]);
    expect(asset.pieces[1]!.opacity).toBeCloseTo(0.4, 2);
    expect(asset.bytes).toBe(2 * (8 * 12 + 8 * 12 + 36 * 2));
  });

  it('throws on bytes that are not an asset, and on an asset with nothing to draw', () => {
    expect(() => sceneAssetOf(hashOf(3), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(MeshAssetError);
    expect(() => sceneAssetOf(hashOf(3), assetBytes(boxPart([0, 0, 0], [1, 1, 1], [1, 1, 1, 0])))).toThrow(/nothing to draw/);
  });
});

// ---- the loader ------------------------------------------------------------------------------

describe('AssetLoader', () => {
  it('fetches each hash once from the same-origin /api/assets/<hash>, however many ask at once', async () => {
    const server = fakeServer({ [hashOf(1)]: assetBytes(boxPart([0, 0, 0], [1, 1, 1])) });
    const loader = new AssetLoader({ fetch: server.fetch, warn: quiet() });
    const arrivals: string[] = [];
    loader.subscribe((hash, asset) => arrivals.push(`${hash.slice(-1)}:${asset ? 'ok' : 'failed'}`));

    expect(loader.stateOf(hashOf(1))).toBe('idle');
    const asked = [loader.load(hashOf(1)), loader.load(hashOf(1))];
    loader.request(hashOf(1));
    expect(loader.stateOf(hashOf(1))).toBe('pending');
    expect(loader.stats().pending).toBe(1);
    const [a, b] = await Promise.all(asked);
    expect(a).toBe(b);
    expect(await loader.load(hashOf(1))).toBe(a);
    loader.request(hashOf(1));
    expect(loader.get(hashOf(1))).toBe(a);

    expect(server.urls).toEqual([`/api/assets/${hashOf(1)}`]);
    expect(arrivals).toEqual(['1:ok']);
    expect(loader.stateOf(hashOf(1))).toBe('loaded');
    expect(loader.stats()).toEqual({ loaded: 1, pending: 0, failed: 0, bytes: a!.bytes });
  });

  it('fetches at most `concurrency` assets at once (6 by default), and all of them in the end', async () => {
    const table = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [hashOf(i + 1), assetBytes(boxPart([0, 0, 0], [i + 1, 1, 1]))]));
    for (const [concurrency, expected] of [
      [undefined, 6],
      [2, 2],
    ] as const) {
      const server = fakeServer(table);
      const loader = new AssetLoader({ fetch: server.fetch, concurrency, warn: quiet() });
      const all = await Promise.all(Object.keys(table).map((hash) => loader.load(hash)));
      expect(all).toHaveLength(20);
      expect(server.maxInFlight()).toBe(expected);
      expect(new Set(server.urls).size).toBe(20);
      expect(server.urls).toHaveLength(20);
    }
  });

  it('retries a failed fetch once: a passing retry loads, two failures fail (one warning, never fetched again)', async () => {
    const bytes = assetBytes(boxPart([0, 0, 0], [1, 1, 1]));
    const server = fakeServer({ [hashOf(1)]: { firstFails: bytes }, [hashOf(2)]: 'network-error', [hashOf(3)]: 500 });
    const warn = quiet();
    const loader = new AssetLoader({ fetch: server.fetch, retryDelayMs: 0, warn });

    await expect(loader.load(hashOf(1))).resolves.toMatchObject({ hash: hashOf(1) });
    await expect(loader.load(hashOf(2))).rejects.toThrow('fetch failed');
    await expect(loader.load(hashOf(3))).rejects.toThrow(/answered 500/);
    expect(server.urls.filter((u) => u.endsWith(hashOf(1)))).toHaveLength(2);
    expect(server.urls.filter((u) => u.endsWith(hashOf(2)))).toHaveLength(2);
    expect(server.urls.filter((u) => u.endsWith(hashOf(3)))).toHaveLength(2);

    // Failed for good: asking again neither fetches nor warns again.
    loader.request(hashOf(2));
    await expect(loader.load(hashOf(2))).rejects.toThrow('fetch failed');
    expect(server.urls).toHaveLength(6);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls.map(([message]) => message).join('\n')).toContain(hashOf(2));
    expect(loader.stateOf(hashOf(2))).toBe('failed');
    expect(loader.stats()).toMatchObject({ loaded: 1, pending: 0, failed: 2 });
  });

  it('garbage bytes fail at once (no retry), with one warning', async () => {
    const server = fakeServer({ [hashOf(1)]: new TextEncoder().encode('<html>not an asset</html>') });
    const warn = quiet();
    const loader = new AssetLoader({ fetch: server.fetch, retryDelayMs: 0, warn });
    const failed: string[] = [];
    loader.subscribe((hash, asset) => {
      if (!asset) failed.push(hash);
    });
    loader.request(hashOf(1));
    loader.request(hashOf(1));
    await settle(loader);
    expect(server.urls).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![1]).toBeInstanceOf(MeshAssetError);
    expect(failed).toEqual([hashOf(1)]);
  });

  it('never fetches a malformed hash (no path of our choosing)', async () => {
    const server = fakeServer({});
    const warn = quiet();
    const loader = new AssetLoader({ fetch: server.fetch, warn });
    await expect(loader.load('../../etc/passwd')).rejects.toThrow(/not a sha256/);
    await expect(loader.load('https://example.com/x')).rejects.toThrow(/not a sha256/);
    expect(server.urls).toEqual([]);
  });

  it('keeps at most `maxBytes` of assets, dropping the least recently used first', async () => {
    const table = Object.fromEntries([1, 2, 3].map((n) => [hashOf(n), assetBytes(boxPart([0, 0, 0], [n, 1, 1]))]));
    const server = fakeServer(table);
    const one = sceneAssetOf(hashOf(1), table[hashOf(1)] as Uint8Array).bytes;
    const loader = new AssetLoader({ fetch: server.fetch, maxBytes: 2 * one, warn: quiet() });
    await loader.load(hashOf(1));
    await loader.load(hashOf(2));
    expect(loader.get(hashOf(1))).toBeDefined(); // 1 is now the most recently used
    await loader.load(hashOf(3));
    expect(loader.stateOf(hashOf(2))).toBe('idle');
    expect(loader.stateOf(hashOf(1))).toBe('loaded');
    expect(loader.stateOf(hashOf(3))).toBe('loaded');
    expect(loader.stats()).toMatchObject({ loaded: 2, bytes: 2 * one });
    // A dropped asset is fetched again when asked for.
    await loader.load(hashOf(2));
    expect(server.urls.filter((u) => u.endsWith(hashOf(2)))).toHaveLength(2);
    expect(loader.stateOf(hashOf(1))).toBe('idle');
  });

  it('a subscriber that throws is reported, and the others still hear', async () => {
    const server = fakeServer({ [hashOf(1)]: assetBytes(boxPart([0, 0, 0], [1, 1, 1])) });
    const warn = quiet();
    const loader = new AssetLoader({ fetch: server.fetch, warn });
    const heard: string[] = [];
    loader.subscribe(() => {
      throw new Error('boom');
    });
    const off = loader.subscribe((hash) => heard.push(hash));
    await loader.load(hashOf(1));
    expect(heard).toEqual([hashOf(1)]);
    expect(warn).toHaveBeenCalledTimes(1);
    off();
  });
});
