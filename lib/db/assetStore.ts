/**
 * Content-addressed assets (ARCHITECTURE.md section 2): heavy immutable geometry (an IFC element's
 * encoded mesh, lib/ifc/meshAsset.ts) is not in the CRDT; it is stored once under the sha256 of
 * its bytes (table `assets`), and the element holds only the hash. Immutable: the same hash always
 * names the same bytes, so a write of an asset that exists changes nothing, and readers may cache
 * forever.
 *
 * Every implementation (`PrismaAssetStore`, `InMemoryAssetStore`) passes the contract suite in
 * test/integration/db/assetStoreContract.ts.
 */
import { createHash } from 'node:crypto';

/** A sha256 digest as 64 lower-case hex characters: the only form of an asset's name. */
export const ASSET_HASH_PATTERN = /^[0-9a-f]{64}$/;

/** What assets are served as unless stored with another type: opaque bytes (the mesh codec's own format). */
export const DEFAULT_ASSET_CONTENT_TYPE = 'application/octet-stream';

/**
 * Most bytes one write statement carries (one bytea parameter holds them all; Postgres refuses a
 * value over 1 GB and a big statement holds the embedded database's one session the longest).
 * A larger put goes out in several statements; a single larger asset alone.
 */
export const MAX_ASSET_BYTES_PER_WRITE = 32 * 1024 * 1024;
/** Most assets one write statement carries. */
export const MAX_ASSETS_PER_WRITE = 2_000;

/** An asset to store: its bytes and the hash they must have. */
export interface AssetInput {
  /** sha256 of `bytes`, lower-case hex; checked on write. */
  readonly hash: string;
  readonly bytes: Uint8Array;
  /** Default {@link DEFAULT_ASSET_CONTENT_TYPE}. */
  readonly contentType?: string;
}

/** An asset as stored. */
export interface StoredAsset {
  readonly hash: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly size: number;
}

/** Storage of content-addressed assets. */
export interface AssetStore {
  /**
   * Stores `assets` (each hash checked against its bytes first: a mismatch throws
   * {@link AssetHashMismatch} before anything is written). Assets that exist already are left as
   * they are. Resolves with how many were new. Not atomic across write statements (see
   * {@link MAX_ASSET_BYTES_PER_WRITE}): after a failure some may be stored, which is harmless (an
   * asset is only ever the bytes of its hash) and a retry finishes the rest.
   */
  putAssets(assets: readonly AssetInput[]): Promise<{ stored: number }>;
  /** The asset named `hash`, or null if there is none (or `hash` is not a sha256 hex digest). */
  getAsset(hash: string): Promise<StoredAsset | null>;
  /** The stored assets among `hashes`, by hash (unknown and malformed hashes are left out). */
  getAssets(hashes: readonly string[]): Promise<Map<string, StoredAsset>>;
  /** Which of `hashes` are stored. */
  hasAssets(hashes: readonly string[]): Promise<Set<string>>;
}

/** An asset whose bytes do not hash to the name it was given: a caller's bug, nothing is written. */
export class AssetHashMismatch extends Error {
  override readonly name = 'AssetHashMismatch';
}

/** sha256 of `bytes` as lower-case hex. */
export function assetHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether `hash` can name an asset (64 lower-case hex characters). */
export function isAssetHash(hash: string): boolean {
  return ASSET_HASH_PATTERN.test(hash);
}

/**
 * The argument checks every store makes before writing: each hash well formed and the sha256 of
 * its bytes. Returns the assets with one entry per hash (the first given), content types filled in.
 */
export function checkAssets(assets: readonly AssetInput[]): Required<AssetInput>[] {
  const unique = new Map<string, Required<AssetInput>>();
  for (const asset of assets) {
    if (!isAssetHash(asset.hash)) throw new AssetHashMismatch(`asset hash ${JSON.stringify(asset.hash)} is not a lower-case sha256 hex digest`);
    const actual = assetHash(asset.bytes);
    if (actual !== asset.hash) throw new AssetHashMismatch(`asset ${asset.hash}: its ${asset.bytes.byteLength} bytes hash to ${actual}`);
    if (!unique.has(asset.hash)) unique.set(asset.hash, { hash: asset.hash, bytes: asset.bytes, contentType: asset.contentType ?? DEFAULT_ASSET_CONTENT_TYPE });
  }
  return [...unique.values()];
}

/** Splits checked assets into write statements of at most {@link MAX_ASSETS_PER_WRITE} and {@link MAX_ASSET_BYTES_PER_WRITE} (a single larger asset alone). */
export function assetWrites<T extends { bytes: Uint8Array }>(assets: readonly T[]): T[][] {
  const writes: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const asset of assets) {
    if (current.length > 0 && (current.length >= MAX_ASSETS_PER_WRITE || bytes + asset.bytes.byteLength > MAX_ASSET_BYTES_PER_WRITE)) {
      writes.push(current);
      current = [];
      bytes = 0;
    }
    current.push(asset);
    bytes += asset.bytes.byteLength;
  }
  if (current.length > 0) writes.push(current);
  return writes;
}
