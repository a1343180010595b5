import { checkAssets, isAssetHash, type AssetInput, type AssetStore, type StoredAsset } from './assetStore';

/**
 * {@link AssetStore} in memory (unit tests, processes without durability). Passes the same contract
 * suite as the Prisma store; bytes are copied in and out, as a database would.
 */
export class InMemoryAssetStore implements AssetStore {
  readonly #assets = new Map<string, StoredAsset>();

  async putAssets(assets: readonly AssetInput[]): Promise<{ stored: number }> {
    let stored = 0;
    for (const asset of checkAssets(assets)) {
      if (this.#assets.has(asset.hash)) continue;
      this.#assets.set(asset.hash, { hash: asset.hash, bytes: asset.bytes.slice(), contentType: asset.contentType, size: asset.bytes.byteLength });
      stored++;
    }
    return { stored };
  }

  async getAsset(hash: string): Promise<StoredAsset | null> {
    const asset = isAssetHash(hash) ? this.#assets.get(hash) : undefined;
    return asset ? { ...asset, bytes: asset.bytes.slice() } : null;
  }

  async getAssets(hashes: readonly string[]): Promise<Map<string, StoredAsset>> {
    const found = new Map<string, StoredAsset>();
    for (const hash of hashes) {
      const asset = this.#assets.get(hash);
      if (asset) found.set(hash, { ...asset, bytes: asset.bytes.slice() });
    }
    return found;
  }

  async hasAssets(hashes: readonly string[]): Promise<Set<string>> {
    return new Set(hashes.filter((h) => this.#assets.has(h)));
  }

  /** How many assets are stored (tests). */
  get size(): number {
    return this.#assets.size;
  }
}
