/**
 * Geometry assets for the 3D scene: an element of kind `object` or `equipment` may carry `asset`,
 * the sha256 of its mesh (lib/ifc/meshAsset.ts), served same-origin at `GET /api/assets/<hash>`
 * (immutable). {@link AssetLoader} fetches each hash once (concurrent requests share one fetch, a
 * few at a time, a failed fetch retried once), decodes it in the page and keeps the result in a
 * cache bounded by bytes (least recently used first out).
 *
 * Frames: an asset is in its element's frame (metres; plan x and y turned by the element's
 * rotation, z up, origin at the element's position). The scene's world is (plan x, up, −plan y)
 * (geometry.ts), so an asset point (x, y, z) becomes (x, z, −y) here, once, when it is decoded: a
 * proper rotation (determinant +1), so the triangles keep their winding. {@link assetPlacement}
 * then places it like the element's box or symbol: turned by `rotation` about the vertical, at
 * `position` (the storey elevation is added by the scene).
 *
 * Colour: one {@link AssetPiece} per part of the asset (a part is one colour), drawn by the scene
 * as its own instance with the part's colour as instance colour; opaque parts go in the opaque
 * batch, translucent ones (opacity < 1) in the glass batch.
 */
import * as THREE from 'three';
import { decodeMeshAsset, type MeshPart } from '@/lib/ifc/meshAsset';
import { isOpening, isPlacedOpening, type Element, type Radians, type WorldPoint } from '@/lib/model';

/** Where assets are served (same origin; never another host). */
export const ASSET_ROUTE = '/api/assets';
const HASH = /^[0-9a-f]{64}$/;

/** One part of a decoded asset, ready for a batch: one colour, element-local world axes. */
export interface AssetPiece {
  /** The batch it is drawn in: translucent parts in `glass`. */
  readonly bucket: 'opaque' | 'glass';
  /** sRGB colour, 0xRRGGBB. */
  readonly color: number;
  /** Opacity, 0 < opacity <= 1. */
  readonly opacity: number;
  /** Indexed geometry with Float32 `position` and `normal` only (what the batches hold), in the element's frame on world axes. */
  readonly geometry: THREE.BufferGeometry;
}

/** A decoded asset. */
export interface SceneAsset {
  readonly hash: string;
  readonly pieces: readonly AssetPiece[];
  /** Bytes its arrays hold (what the cache counts). */
  readonly bytes: number;
}

/** Where a hash stands in a loader. `idle`: never asked for, or dropped from the cache. */
export type AssetState = 'idle' | 'pending' | 'loaded' | 'failed';

/** Counts a test or the dev handle reads. */
export interface AssetLoaderStats {
  /** Assets in the cache. */
  readonly loaded: number;
  /** Assets being fetched or waiting for a connection. */
  readonly pending: number;
  /** Assets that could not be fetched or decoded (not asked for again in this page). */
  readonly failed: number;
  /** Bytes the cached assets hold. */
  readonly bytes: number;
}

/** The part of `fetch`'s response the loader reads. */
export interface AssetResponse {
  readonly ok: boolean;
  readonly status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Options of an {@link AssetLoader}. */
export interface AssetLoaderOptions {
  /** How to fetch a same-origin path. Default: the page's `fetch`. Tests pass a fake (no network). */
  readonly fetch?: (url: string) => Promise<AssetResponse>;
  /** Most fetches at once. Default 6 (what a browser opens per host over HTTP/1.1; more would only queue there). */
  readonly concurrency?: number;
  /**
   * Bytes of decoded geometry kept for assets (least recently used dropped first). Default 64 MiB.
   * What the scene draws is in its batches and does not need the cache; the cache spares a
   * re-fetch and a decode when a scene is rebuilt or a new element uses a hash. Guards the page's
   * memory on models with many distinct assets.
   */
  readonly maxBytes?: number;
  /** Wait before the one retry of a failed fetch, ms. Default 500. */
  readonly retryDelayMs?: number;
  /** Where a failure is reported, once per hash. Default `console.warn`. */
  readonly warn?: (message: string, error: unknown) => void;
}

/** An asset that could not be loaded: an error status, a bad hash, nothing to draw (bytes that are no asset throw lib/ifc's MeshAssetError). */
export class AssetLoadError extends Error {
  override readonly name = 'AssetLoadError';
}

const DEFAULT_CONCURRENCY = 6;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_RETRY_DELAY_MS = 500;
/** Fetches tried after the first one fails. */
const RETRIES = 1;

/**
 * Loads, decodes and caches geometry assets by hash. One per page ({@link pageAssetLoader}) so
 * every scene shares its cache; the scene asks with {@link request} and hears back through
 * {@link subscribe}.
 */
export class AssetLoader {
  readonly #fetch: (url: string) => Promise<AssetResponse>;
  readonly #concurrency: number;
  readonly #maxBytes: number;
  readonly #retryDelayMs: number;
  readonly #warn: (message: string, error: unknown) => void;
  /** Cached assets, least recently used first (a Map keeps insertion order). */
  readonly #cache = new Map<string, SceneAsset>();
  #bytes = 0;
  readonly #inflight = new Map<string, Promise<SceneAsset>>();
  readonly #failed = new Map<string, unknown>();
  readonly #listeners = new Set<(hash: string, asset: SceneAsset | null) => void>();
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: AssetLoaderOptions = {}) {
    this.#fetch = options.fetch ?? ((url) => fetch(url, { credentials: 'same-origin' }));
    this.#concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.#warn = options.warn ?? ((message, error) => console.warn(message, error));
  }

  /** The asset if it is cached (and marks it recently used); never fetches. */
  get(hash: string): SceneAsset | undefined {
    const asset = this.#cache.get(hash);
    if (asset) {
      this.#cache.delete(hash);
      this.#cache.set(hash, asset);
    }
    return asset;
  }

  stateOf(hash: string): AssetState {
    if (this.#cache.has(hash)) return 'loaded';
    if (this.#inflight.has(hash)) return 'pending';
    if (this.#failed.has(hash)) return 'failed';
    return 'idle';
  }

  /** Starts loading `hash` unless it is cached, loading or failed; the outcome reaches the {@link subscribe}rs. */
  request(hash: string): void {
    if (this.stateOf(hash) === 'idle') this.load(hash).catch(() => {}); // reported by warn and to subscribers
  }

  /**
   * The asset of `hash`: from the cache, the fetch already under way, or a new one. Rejects when
   * it cannot be fetched (after one retry) or decoded, and then for the rest of the page's life.
   */
  load(hash: string): Promise<SceneAsset> {
    const cached = this.get(hash);
    if (cached) return Promise.resolve(cached);
    const inflight = this.#inflight.get(hash);
    if (inflight) return inflight;
    if (this.#failed.has(hash)) return Promise.reject(this.#failed.get(hash));
    const promise = this.#fetchAndDecode(hash).then(
      (asset) => {
        this.#inflight.delete(hash);
        this.#store(asset);
        this.#notify(hash, asset);
        return asset;
      },
      (error: unknown) => {
        this.#inflight.delete(hash);
        this.#failed.set(hash, error);
        this.#warn(`3D view: geometry asset ${hash} could not be loaded; its elements stay boxes and symbols`, error);
        this.#notify(hash, null);
        throw error;
      },
    );
    this.#inflight.set(hash, promise);
    return promise;
  }

  /** Calls `listener(hash, asset)` when an asset arrives (`asset`) or fails (`null`). Returns the unsubscribe. */
  subscribe(listener: (hash: string, asset: SceneAsset | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stats(): AssetLoaderStats {
    return { loaded: this.#cache.size, pending: this.#inflight.size, failed: this.#failed.size, bytes: this.#bytes };
  }

  #notify(hash: string, asset: SceneAsset | null) {
    for (const listener of [...this.#listeners]) {
      try {
        listener(hash, asset);
      } catch (error) {
        this.#warn(`3D view: a listener failed on geometry asset ${hash}`, error);
      }
    }
  }

  #store(asset: SceneAsset) {
    this.#cache.set(asset.hash, asset);
    this.#bytes += asset.bytes;
    // Least recently used first out; the newest stays even when it alone is over the bound.
    for (const [hash, old] of this.#cache) {
      if (this.#bytes <= this.#maxBytes || hash === asset.hash) break;
      this.#cache.delete(hash);
      this.#bytes -= old.bytes;
    }
  }

  async #fetchAndDecode(hash: string): Promise<SceneAsset> {
    if (!HASH.test(hash)) throw new AssetLoadError(`"${hash}" is not a sha256 hash`);
    const bytes = await this.#withConnection(() => this.#fetchBytes(`${ASSET_ROUTE}/${hash}`));
    return sceneAssetOf(hash, bytes);
  }

  async #fetchBytes(url: string): Promise<Uint8Array> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.#fetch(url);
        if (!response.ok) throw new AssetLoadError(`GET ${url} answered ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        if (attempt >= RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.#retryDelayMs));
      }
    }
  }

  /** Runs `task` when fewer than `concurrency` tasks run (a semaphore handing its slot on). */
  async #withConnection<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.#concurrency) this.#running++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

let pageLoader: AssetLoader | undefined;
/** The page's one loader (made on first use), shared by every scene so a hash is fetched once per page. */
export function pageAssetLoader(): AssetLoader {
  return (pageLoader ??= new AssetLoader());
}

/**
 * Decodes asset bytes into pieces on the scene's world axes; throws on bytes that are not an
 * asset (lib/ifc/meshAsset's MeshAssetError) or an asset with nothing to draw.
 */
export function sceneAssetOf(hash: string, bytes: Uint8Array): SceneAsset {
  const { parts } = decodeMeshAsset(bytes);
  const pieces: AssetPiece[] = [];
  let size = 0;
  for (const part of parts) {
    const opacity = part.color[3];
    // A fully transparent part (IFC transparency 1) is not seen; a part without triangles draws nothing.
    if (!(opacity > 0) || part.indices.length < 3) continue;
    const geometry = worldGeometryOf(part);
    size += part.positions.byteLength + part.normals.byteLength + part.indices.byteLength;
    const [r, g, b] = part.color.map((c) => Math.round(c * 255));
    pieces.push({ bucket: opacity < 1 ? 'glass' : 'opaque', color: (r! << 16) | (g! << 8) | b!, opacity, geometry });
  }
  if (pieces.length === 0) throw new AssetLoadError(`geometry asset ${hash} has nothing to draw`);
  return { hash, pieces, bytes: size };
}

/** A part's geometry on world axes: asset (x, y, z up) → (x, z, −y), in place on the decoded arrays. */
function worldGeometryOf(part: MeshPart): THREE.BufferGeometry {
  for (const array of [part.positions, part.normals]) {
    for (let i = 0; i < array.length; i += 3) {
      const y = array[i + 1]!;
      array[i + 1] = array[i + 2]!;
      array[i + 2] = -y;
    }
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(part.positions, 3));
  geometry.setAttribute('normal', new THREE.BufferAttribute(part.normals, 3));
  geometry.setIndex(new THREE.BufferAttribute(part.indices, 1));
  return geometry;
}

/** The hash of the asset `element` draws, or null: objects and equipment (placed by position and rotation) with an `asset`. */
export function assetHashOf(element: Element): string | null {
  return element.asset && assetPlaced(element) ? element.asset : null;
}

/** An element whose asset the scene can place: an object, equipment, or a door/window in a slab (placed on its own). */
export type AssetPlaced = { readonly position: WorldPoint; readonly rotation: Radians };

/** Whether `element` is placed by a position and a turn (so its asset can be drawn there). */
export function assetPlaced(element: Element): element is Element & AssetPlaced {
  return element.kind === 'object' || element.kind === 'equipment' || (isOpening(element) && isPlacedOpening(element));
}

/**
 * Storey-local placement of an asset: translate(x, z, −y) · rotateY(rotation). The plan's
 * counter-clockwise turn by `r` is three's `rotateY(r)` (geometry.ts), so the asset's x axis
 * points along the plan's (cos r, sin r).
 */
export function assetPlacement(element: AssetPlaced): THREE.Matrix4 {
  const [x, y, z] = element.position;
  const c = Math.cos(element.rotation);
  const s = Math.sin(element.rotation);
  return new THREE.Matrix4().set(c, 0, s, x, 0, 1, 0, z, -s, 0, c, -y, 0, 0, 0, 1);
}
