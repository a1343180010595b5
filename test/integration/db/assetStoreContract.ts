import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetHashMismatch, assetHash, assetWrites, DEFAULT_ASSET_CONTENT_TYPE, MAX_ASSET_BYTES_PER_WRITE, type AssetStore } from '@/lib/db/assetStore';

/** A store under test plus how to dispose of it. */
export interface AssetStoreFixture {
  store: AssetStore;
  /** How many assets the store holds (checks that nothing was written). */
  count(): Promise<number>;
  teardown(): Promise<void>;
}

/** Random bytes and their hash. */
export function randomAsset(size = 64): { hash: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(randomBytes(size));
  return { hash: assetHash(bytes), bytes };
}

/**
 * The AssetStore contract (lib/db/assetStore.ts). Every implementation runs this same suite; each
 * test uses fresh random assets, so tests are independent of each other's data.
 */
export function describeAssetStoreContract(name: string, factory: () => Promise<AssetStoreFixture>): void {
  describe(`AssetStore contract: ${name}`, () => {
    let fixture: AssetStoreFixture;
    let store: AssetStore;
    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterAll(() => fixture?.teardown());

    it('stores assets under their sha256 and reads them back byte for byte', async () => {
      const assets = [randomAsset(10), randomAsset(1_000), randomAsset(0)];
      expect(await store.putAssets(assets)).toEqual({ stored: 3 });
      for (const asset of assets) {
        const stored = await store.getAsset(asset.hash);
        expect(stored).toEqual({ hash: asset.hash, bytes: asset.bytes, contentType: DEFAULT_ASSET_CONTENT_TYPE, size: asset.bytes.byteLength });
      }
      expect(await store.hasAssets([...assets.map((a) => a.hash), randomAsset().hash])).toEqual(new Set(assets.map((a) => a.hash)));
      const many = await store.getAssets([assets[0]!.hash, randomAsset().hash, 'nonsense', assets[1]!.hash, assets[0]!.hash]);
      expect([...many.keys()].sort()).toEqual([assets[0]!.hash, assets[1]!.hash].sort());
      expect(many.get(assets[1]!.hash)!.bytes).toEqual(assets[1]!.bytes);
    });

    it('writes an asset once: putting it again, or twice in one call, changes nothing', async () => {
      const a = randomAsset();
      const b = randomAsset();
      const before = await fixture.count();
      expect(await store.putAssets([a, a])).toEqual({ stored: 1 });
      expect(await store.putAssets([a, b])).toEqual({ stored: 1 });
      expect(await store.putAssets([{ ...a, contentType: 'text/plain' }])).toEqual({ stored: 0 });
      expect((await store.getAsset(a.hash))!.contentType).toBe(DEFAULT_ASSET_CONTENT_TYPE);
      expect(await fixture.count()).toBe(before + 2);
    });

    it('refuses bytes that do not hash to their name, and malformed names, writing nothing of the call', async () => {
      const good = randomAsset();
      const bad = { hash: randomAsset().hash, bytes: randomAsset().bytes };
      const before = await fixture.count();
      await expect(store.putAssets([good, bad])).rejects.toThrow(AssetHashMismatch);
      await expect(store.putAssets([{ hash: good.hash.toUpperCase(), bytes: good.bytes }])).rejects.toThrow(/not a lower-case sha256/);
      await expect(store.putAssets([{ hash: 'abc', bytes: good.bytes }])).rejects.toThrow(AssetHashMismatch);
      expect(await fixture.count()).toBe(before);
      expect(await store.getAsset(good.hash)).toBeNull();
    });

    it('answers null for an unknown or malformed hash', async () => {
      expect(await store.getAsset(randomAsset().hash)).toBeNull();
      expect(await store.getAsset('not-a-hash')).toBeNull();
      expect(await store.getAsset("'; drop table assets; --")).toBeNull();
    });

    it('stores a put larger than one write in several, and many small assets in one', async () => {
      const big = [randomAsset(MAX_ASSET_BYTES_PER_WRITE - 10), randomAsset(20), randomAsset(MAX_ASSET_BYTES_PER_WRITE + 1)];
      expect(assetWrites(big).map((w) => w.length)).toEqual([1, 1, 1]);
      const small = Array.from({ length: 3_000 }, () => randomAsset(16));
      expect(assetWrites(small).map((w) => w.length)).toEqual([2_000, 1_000]);
      expect(await store.putAssets([...big, ...small])).toEqual({ stored: 3_003 });
      const last = big[2]!;
      const read = (await store.getAsset(last.hash))!;
      // (Compared by hash and length: a deep equality of 32 MiB arrays element by element is too slow.)
      expect([read.size, read.bytes.byteLength, assetHash(read.bytes)]).toEqual([last.bytes.byteLength, last.bytes.byteLength, last.hash]);
      expect((await store.hasAssets(small.map((a) => a.hash))).size).toBe(3_000);
      expect((await store.getAssets(small.map((a) => a.hash))).size).toBe(3_000);
    });
  });
}
