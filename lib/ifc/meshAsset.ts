/**
 * The geometry asset of an element: its triangle mesh, encoded compactly, stored once under the
 * sha256 of the encoded bytes (ARCHITECTURE.md section 2: heavy geometry is not in the CRDT; the
 * element holds only the hash). Runs the same in Node, a browser worker and the page.
 *
 * Frame: metres, in the element's own frame: plan axes x (east) and y (north) turned by the
 * element's `rotation`, z up, with the origin at the element's `position` (z above the storey's
 * elevation). Moving or turning the element moves its mesh.
 *
 * Encoding (little-endian), version 1:
 *   "AXG1"            4 bytes magic
 *   u32 partCount
 *   per part:
 *     u8 r, g, b, a   colour (sRGB) and opacity
 *     u32 vertexCount, u32 indexCount
 *     f32 min[3], f32 max[3]          bounds of the part's positions
 *     u16 position[3 * vertexCount]   quantised within the bounds (max error = extent / 131070)
 *     i8 normal[2 * vertexCount]      octahedral unit vectors
 *     u16|u32 index[indexCount]       u16 when vertexCount <= 65536, padded to 4 bytes before u32s
 * About 8 bytes a vertex instead of 24 for raw float positions and normals.
 */

/** One coloured triangle list. */
export interface MeshPart {
  /** sRGB colour, 0..1 each, and opacity 0..1. */
  readonly color: readonly [number, number, number, number];
  /** x, y, z per vertex. */
  readonly positions: Float32Array;
  /** Unit normal per vertex (x, y, z). */
  readonly normals: Float32Array;
  /** Three vertex indices per triangle. */
  readonly indices: Uint32Array | Uint16Array;
}

/** An element's mesh: one part per colour. */
export interface MeshAsset {
  readonly parts: readonly MeshPart[];
}

const MAGIC = 0x31475841; // "AXG1" read as a little-endian u32
/** Whether typed arrays are little-endian here (every platform ArxOS runs on): then the encoder writes through them, else through a DataView. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Most vertices or indices in one part (a sanity bound for decoding untrusted bytes). */
const MAX_COUNT = 1 << 24;

/** Error thrown for bytes that are not a valid asset. */
export class MeshAssetError extends Error {
  override readonly name = 'MeshAssetError';
}

/** Encodes a mesh. Parts without triangles are dropped. */
export function encodeMeshAsset(asset: MeshAsset): Uint8Array {
  const parts = asset.parts.filter((p) => p.indices.length >= 3 && p.positions.length >= 9);
  let size = 8;
  for (const p of parts) {
    const n = p.positions.length / 3;
    size += 4 + 8 + 24 + n * 6 + n * 2;
    size = align4(size);
    size += p.indices.length * (n <= 65536 ? 2 : 4);
    size = align4(size);
  }
  const buffer = new ArrayBuffer(size);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, parts.length, true);
  let at = 8;
  for (const p of parts) {
    const n = p.positions.length / 3;
    if (!Number.isInteger(n)) throw new MeshAssetError('positions must hold three numbers a vertex');
    if (p.normals.length !== p.positions.length) throw new MeshAssetError('normals must match positions');
    for (let c = 0; c < 4; c++) bytes[at + c] = Math.round(clamp01(p.color[c] ?? 1) * 255);
    view.setUint32(at + 4, n, true);
    view.setUint32(at + 8, p.indices.length, true);
    at += 12;
    // Bounds per axis (one vertex a step: the same comparisons as one value a step).
    const positions = p.positions;
    let minX = Infinity, minY = Infinity, minZ = Infinity;
    let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
    for (let i = 0; i < positions.length; i += 3) {
      const x = positions[i]!, y = positions[i + 1]!, z = positions[i + 2]!;
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) throw new MeshAssetError('positions must be finite numbers');
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (z < minZ) minZ = z;
      if (z > maxZ) maxZ = z;
    }
    view.setFloat32(at, minX, true);
    view.setFloat32(at + 4, minY, true);
    view.setFloat32(at + 8, minZ, true);
    view.setFloat32(at + 12, maxX, true);
    view.setFloat32(at + 16, maxY, true);
    view.setFloat32(at + 20, maxZ, true);
    // Quantise against the bounds as stored (float32), so decoding reproduces them exactly.
    const lo = [view.getFloat32(at, true), view.getFloat32(at + 4, true), view.getFloat32(at + 8, true)];
    const hi = [view.getFloat32(at + 12, true), view.getFloat32(at + 16, true), view.getFloat32(at + 20, true)];
    at += 24;
    // `at` is 4-aligned here (header and part headers are whole words): u16 views fit.
    const extents = [hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!];
    if (LITTLE_ENDIAN) {
      const quantised = new Uint16Array(buffer, at, n * 3);
      for (let axis = 0; axis < 3; axis++) {
        const extent = extents[axis]!;
        const low = lo[axis]!;
        for (let i = axis; i < positions.length; i += 3) {
          quantised[i] = extent > 0 ? Math.min(65535, Math.max(0, Math.round(((positions[i]! - low) / extent) * 65535))) : 0;
        }
      }
    } else {
      for (let i = 0; i < positions.length; i++) {
        const axis = i % 3;
        const extent = extents[axis]!;
        const q = extent > 0 ? Math.min(65535, Math.max(0, Math.round(((positions[i]! - lo[axis]!) / extent) * 65535))) : 0;
        view.setUint16(at + i * 2, q, true);
      }
    }
    at += n * 6;
    const octahedral = new Int8Array(buffer, at, n * 2);
    for (let v = 0; v < n; v++) octEncode(p.normals[v * 3]!, p.normals[v * 3 + 1]!, p.normals[v * 3 + 2]!, octahedral, v * 2);
    at = align4(at + n * 2);
    const wide = n > 65536;
    const out = LITTLE_ENDIAN ? (wide ? new Uint32Array(buffer, at, p.indices.length) : new Uint16Array(buffer, at, p.indices.length)) : undefined;
    for (let i = 0; i < p.indices.length; i++) {
      const index = p.indices[i]!;
      if (index >= n) throw new MeshAssetError(`index ${index} is past the part's ${n} vertices`);
      if (out !== undefined) out[i] = index;
      else if (wide) view.setUint32(at + i * 4, index, true);
      else view.setUint16(at + i * 2, index, true);
    }
    at = align4(at + p.indices.length * (wide ? 4 : 2));
  }
  return bytes;
}

/** Decodes an asset; throws {@link MeshAssetError} on bytes that are not one (never reads out of bounds). */
export function decodeMeshAsset(input: Uint8Array): MeshAsset {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const need = (at: number, bytes: number) => {
    if (at + bytes > input.byteLength) throw new MeshAssetError('the asset is truncated');
  };
  need(0, 8);
  if (view.getUint32(0, true) !== MAGIC) throw new MeshAssetError('not an ArxOS geometry asset (bad magic)');
  const count = view.getUint32(4, true);
  if (count > MAX_COUNT) throw new MeshAssetError('too many parts');
  const parts: MeshPart[] = [];
  let at = 8;
  for (let k = 0; k < count; k++) {
    need(at, 36);
    const color = [0, 1, 2, 3].map((c) => input[at + c]! / 255) as unknown as [number, number, number, number];
    const n = view.getUint32(at + 4, true);
    const m = view.getUint32(at + 8, true);
    if (n > MAX_COUNT || m > MAX_COUNT * 3 || m % 3 !== 0) throw new MeshAssetError('bad vertex or index count');
    at += 12;
    const lo = [view.getFloat32(at, true), view.getFloat32(at + 4, true), view.getFloat32(at + 8, true)];
    const hi = [view.getFloat32(at + 12, true), view.getFloat32(at + 16, true), view.getFloat32(at + 20, true)];
    at += 24;
    need(at, n * 8);
    const positions = new Float32Array(n * 3);
    for (let i = 0; i < n * 3; i++) {
      const axis = i % 3;
      positions[i] = lo[axis]! + (view.getUint16(at, true) / 65535) * (hi[axis]! - lo[axis]!);
      at += 2;
    }
    const normals = new Float32Array(n * 3);
    for (let v = 0; v < n; v++) {
      octDecode(view.getInt8(at), view.getInt8(at + 1), normals, v * 3);
      at += 2;
    }
    at = align4(at);
    const wide = n > 65536;
    need(at, m * (wide ? 4 : 2));
    const indices = wide ? new Uint32Array(m) : new Uint16Array(m);
    for (let i = 0; i < m; i++) {
      const index = wide ? view.getUint32(at, true) : view.getUint16(at, true);
      if (index >= n) throw new MeshAssetError(`index ${index} is past the part's ${n} vertices`);
      indices[i] = index;
      at += wide ? 4 : 2;
    }
    at = align4(at);
    parts.push({ color, positions, normals, indices });
  }
  if (at !== input.byteLength) throw new MeshAssetError('the asset has trailing bytes');
  return { parts };
}

/**
 * sha256 of bytes as 64 lower-case hex characters: Node's own hash, synchronously, where there is
 * one (a Web Crypto digest goes through the thread pool: about 0.1 ms an asset even for small
 * ones); else Web Crypto (browsers, workers).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const node = nodeCrypto();
  if (node !== undefined) return node.createHash('sha256').update(bytes).digest('hex');
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

type NodeCrypto = { createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(encoding: 'hex'): string } } };
let nodeCryptoModule: NodeCrypto | null | undefined;

/** Node's crypto module, found at run time so that bundles for the browser do not pull it in; undefined outside Node. */
function nodeCrypto(): NodeCrypto | undefined {
  if (nodeCryptoModule === undefined) {
    const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const found = typeof getBuiltin === 'function' ? (getBuiltin('node:crypto') as NodeCrypto | undefined) : undefined;
    nodeCryptoModule = typeof found?.createHash === 'function' ? found : null;
  }
  return nodeCryptoModule ?? undefined;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}

/** Octahedral encoding of a unit vector into two signed bytes, written at `out[at]` and `out[at + 1]`. */
function octEncode(x: number, y: number, z: number, out: Int8Array, at: number): void {
  const l = Math.abs(x) + Math.abs(y) + Math.abs(z);
  if (!(l > 0)) {
    out[at] = 0;
    out[at + 1] = 127;
    return;
  }
  let u = x / l;
  let v = y / l;
  if (z < 0) {
    const pu = u;
    u = (1 - Math.abs(v)) * (pu >= 0 ? 1 : -1);
    v = (1 - Math.abs(pu)) * (v >= 0 ? 1 : -1);
  }
  out[at] = Math.round(u * 127);
  out[at + 1] = Math.round(v * 127);
}

function octDecode(a: number, b: number, out: Float32Array, at: number): void {
  let x = Math.max(-1, a / 127);
  let y = Math.max(-1, b / 127);
  const z = 1 - Math.abs(x) - Math.abs(y);
  if (z < 0) {
    const px = x;
    x = (1 - Math.abs(y)) * (px >= 0 ? 1 : -1);
    y = (1 - Math.abs(px)) * (y >= 0 ? 1 : -1);
  }
  const l = Math.hypot(x, y, z) || 1;
  out[at] = x / l;
  out[at + 1] = y / l;
  out[at + 2] = z / l;
}
