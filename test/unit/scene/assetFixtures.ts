/**
 * Fixtures for the geometry asset tests: box parts, encoded assets, and a fake same-origin server
 * (a `fetch` answering from a table; no network).
 */
import { expect } from 'vitest';
import { ASSET_ROUTE, type AssetLoader, type AssetResponse } from '@/components/scene/assets';
import { encodeMeshAsset, type MeshPart } from '@/lib/ifc/meshAsset';

type V3 = readonly [number, number, number];
/** A hash for test asset `n` (64 hex characters; the loader does not check content against it). */
export const hashOf = (n: number): string => n.toString(16).padStart(64, '0');

/** An axis-aligned box from `min` to `max` in the asset frame: 8 corners, 12 triangles. */
export function boxPart(min: V3, max: V3, color: readonly [number, number, number, number] = [1, 1, 1, 1]): MeshPart {
  const positions: number[] = [];
  for (let k = 0; k < 8; k++) positions.push(k & 1 ? max[0] : min[0], k & 2 ? max[1] : min[1], k & 4 ? max[2] : min[2]);
  const normals = positions.map((_, i) => (i % 3 === 2 ? 1 : 0));
  // prettier-ignore
  const indices = [0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5];
  return { color, positions: new Float32Array(positions), normals: new Float32Array(normals), indices: new Uint16Array(indices) };
}
export const assetBytes = (...parts: MeshPart[]): Uint8Array => encodeMeshAsset({ parts });

/** What the fake server answers for a hash: bytes, a status, a network error, or one failure then bytes. */
export type Served = Uint8Array | number | 'network-error' | { readonly firstFails: Uint8Array };

/** A fake same-origin server: `fetch` answers from `table`, and records every URL asked for. */
export function fakeServer(table: Record<string, Served>) {
  const urls: string[] = [];
  const tries = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = async (url: string): Promise<AssetResponse> => {
    urls.push(url);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const hash = url.startsWith(`${ASSET_ROUTE}/`) ? url.slice(ASSET_ROUTE.length + 1) : '';
      const served = table[hash];
      const n = (tries.get(hash) ?? 0) + 1;
      tries.set(hash, n);
      if (served === 'network-error') throw new TypeError('fetch failed');
      if (served === undefined || typeof served === 'number') return new Response('no', { status: typeof served === 'number' ? served : 404 });
      if (!(served instanceof Uint8Array)) {
        if (n === 1) return new Response('busy', { status: 503 });
        return new Response(served.firstFails.slice());
      }
      return new Response(served.slice());
    } finally {
      inFlight--;
    }
  };
  return { fetch, urls, maxInFlight: () => maxInFlight };
}

/** Waits until the loader has nothing in flight. */
export async function settle(loader: AssetLoader): Promise<void> {
  for (let i = 0; i < 200 && loader.stats().pending > 0; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(loader.stats().pending).toBe(0);
}
