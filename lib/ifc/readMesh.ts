/**
 * Collects the triangle meshes web-ifc computes for products, for two uses:
 *
 * - assets: the mesh of an object or piece of equipment in the element's own frame (metres,
 *   plan x/y turned back by the element's rotation, z up, origin at its position; the frame of
 *   meshAsset.ts), one part per colour;
 * - points: world vertices (metres, IFC Z-up) of walls, slabs, spaces and openings whose
 *   parametric fields are missing, to measure them.
 *
 * web-ifc hands meshes over Y-up (x, z, −y) and already scaled to metres; `flatTransformation`
 * is column-major. A product's parts (the plates and members of a window) can be routed to it.
 */
import { streamMeshes } from './streamMeshes';
import type { IfcAPI, PlacedGeometry } from 'web-ifc';
import type { MeshPart } from './meshAsset';
import { encodeMeshAsset } from './meshAsset';
import { captureWebIfcLogs, messageOf } from './webIfc';

/** Where an asset's frame sits in the world: metres, IFC Z-up, and its turn about z. */
export interface AssetFrame {
  readonly origin: readonly [number, number, number];
  readonly rotation: number;
}

/** One placed geometry as web-ifc gave it, copied out of its heap; transformed only when used. */
interface Piece {
  /** x, y, z, nx, ny, nz per vertex, in web-ifc's Y-up geometry frame. */
  readonly vertices: Float32Array;
  readonly indices: Uint32Array;
  /** Geometry frame → world (Y-up, metres), column-major. */
  readonly matrix: readonly number[];
  readonly color: PlacedGeometry['color'];
}

interface Target {
  /** Build an asset in this frame. */
  readonly frame?: AssetFrame;
  /** Keep the world vertices. */
  readonly keepPoints: boolean;
  readonly pieces: Piece[];
  /** World vertices and triangles, made from the pieces on first use. */
  world?: WorldMesh;
}

/** World vertices and triangles of an element's mesh (metres, IFC Z-up). */
export interface WorldMesh {
  /** x, y, z per vertex. */
  readonly points: Float64Array;
  /** Three vertex indices per triangle. */
  readonly triangles: Uint32Array;
}

const EMPTY: WorldMesh = { points: new Float64Array(0), triangles: new Uint32Array(0) };

/** What to collect for an element. */
export interface MeshWish {
  /** Build an asset in this frame. */
  readonly asset?: AssetFrame;
  /** Keep the world vertices, to measure the element. */
  readonly points?: boolean;
}

/** What streaming reported, for the caller to turn into warnings. */
export interface StreamProblem {
  /** The product, when the problem is known to be one product's. */
  readonly product?: number;
  readonly message: string;
}

/** Products streamed per web-ifc call: fewer calls are faster, smaller batches isolate failures. */
const BATCH = 25;

export class MeshCollector {
  readonly #targets = new Map<number, Target>();
  /** Product whose mesh is wanted → the element (product) it belongs to. */
  readonly #sources = new Map<number, number>();
  /**
   * Geometries copied so far while streaming, by web-ifc's geometry id (a mapped item placed many
   * times, duplex's identical windows, is copied once; null: too small to keep). Dropped when
   * streaming ends.
   */
  #copies = new Map<number, Pick<Piece, 'vertices' | 'indices'> | null>();

  constructor(
    private readonly api: IfcAPI,
    private readonly modelID: number,
  ) {}

  /** Wants `owner`'s mesh, built from the meshes of `sources` (itself and its parts). */
  want(owner: number, sources: Iterable<number>, wish: MeshWish): void {
    if (wish.asset === undefined && wish.points !== true) return;
    this.#targets.set(owner, { frame: wish.asset, keepPoints: wish.points === true, pieces: [] });
    for (const source of sources) this.#sources.set(source, owner);
  }

  /** How many products will be streamed. */
  get total(): number {
    return this.#sources.size;
  }

  /**
   * Streams every wanted product, `BATCH` at a time, calling `between` after each batch (to report
   * progress, yield to the event loop and honour a cancel). A batch that throws is retried one
   * product at a time so that only the bad product is lost.
   */
  async stream(between: (done: number) => Promise<void>, problems: StreamProblem[]): Promise<void> {
    const ids = [...this.#sources.keys()];
    for (let at = 0; at < ids.length; at += BATCH) {
      const batch = ids.slice(at, at + BATCH);
      const { value: failure, logs } = captureWebIfcLogs(() => this.#streamSafely(batch));
      if (failure !== undefined) {
        for (const id of batch) {
          const single = captureWebIfcLogs(() => this.#streamSafely([id]));
          if (single.value !== undefined) problems.push({ product: id, message: `its geometry could not be computed (${single.value})` });
          for (const line of single.logs) problems.push({ product: id, message: `web-ifc: ${line}` });
        }
      } else {
        for (const line of logs) problems.push({ message: `web-ifc: ${line}` });
      }
      await between(Math.min(ids.length, at + BATCH));
    }
    this.#copies = new Map();
  }

  #streamSafely(ids: number[]): string | undefined {
    try {
      streamMeshes(this.api, this.modelID, ids, (mesh) => {
        const target = this.#targets.get(this.#sources.get(mesh.expressID) ?? -1);
        if (target === undefined) return;
        for (let i = 0; i < mesh.geometries.size(); i++) this.#add(target, mesh.geometries.get(i));
      });
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Keeps one placed geometry: its placement and colour, and a copy of its geometry (what web-ifc hands over lives in its heap only during the call). */
  #add(target: Target, placed: PlacedGeometry): void {
    const copy = this.#copy(placed.geometryExpressID);
    if (copy === null) return;
    const c = placed.color;
    target.pieces.push({ vertices: copy.vertices, indices: copy.indices, matrix: Array.from(placed.flatTransformation), color: { x: c.x, y: c.y, z: c.z, w: c.w } });
  }

  /** The vertices and indices of web-ifc's geometry `id`, copied once; null when too small to be a piece. */
  #copy(id: number): Pick<Piece, 'vertices' | 'indices'> | null {
    let copy = this.#copies.get(id);
    if (copy !== undefined) return copy;
    const geometry = this.api.GetGeometry(this.modelID, id);
    try {
      const vertices = this.api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize());
      const indices = this.api.GetIndexArray(geometry.GetIndexData(), geometry.GetIndexDataSize());
      copy = vertices.length < 18 || indices.length < 3 ? null : { vertices: this.#own(vertices), indices: this.#own(indices) };
    } finally {
      geometry.delete();
    }
    this.#copies.set(id, copy);
    return copy;
  }

  /**
   * `array` as a buffer of our own: web-ifc 0.0.78's GetVertexArray and GetIndexArray already
   * return copies (`subarray(…).slice(0)`), so they are kept as they are; a view into the wasm
   * heap (which the next call may overwrite or detach) is copied.
   */
  #own<T extends Float32Array | Uint32Array>(array: T): T {
    const heap = (this.api as unknown as { wasmModule?: { HEAPU8?: Uint8Array } }).wasmModule?.HEAPU8;
    return heap === undefined || array.buffer === heap.buffer ? (array.slice() as T) : array;
  }

  /**
   * The encoded asset of `owner`, or `undefined` when web-ifc gave it no triangles; in the frame
   * it was wanted in, or in `frame` (one placed from its mesh, like a roof window).
   */
  asset(owner: number, frame?: AssetFrame): Uint8Array | undefined {
    const target = this.#targets.get(owner);
    const within = frame ?? target?.frame;
    if (target === undefined || within === undefined) return undefined;
    const { origin, rotation } = within;
    const cos = Math.cos(rotation);
    const sin = Math.sin(rotation);
    const [ox, oy, oz] = origin;
    // One part per colour, in the order the colours first appear.
    const groups = new Map<string, { color: [number, number, number, number]; pieces: { piece: Piece; world: Float64Array }[]; vertices: number; indices: number }>();
    for (const piece of target.pieces) {
      const world = worldPositions(piece);
      if (world === undefined) continue;
      const c = piece.color;
      const color = [c.x, c.y, c.z, c.w].map((v) => Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v : 1)) * 255) / 255) as [number, number, number, number];
      const key = color.join(',');
      let group = groups.get(key);
      if (group === undefined) {
        group = { color, pieces: [], vertices: 0, indices: 0 };
        groups.set(key, group);
      }
      group.pieces.push({ piece, world });
      group.vertices += world.length / 3;
      group.indices += piece.indices.length - (piece.indices.length % 3);
    }
    const parts: MeshPart[] = [];
    for (const group of groups.values()) {
      if (group.indices < 3) continue;
      const positions = new Float32Array(group.vertices * 3);
      const normals = new Float32Array(group.vertices * 3);
      const indices = new Uint32Array(group.indices);
      let v = 0;
      let i = 0;
      for (const { piece, world } of group.pieces) {
        const base = v;
        const { vertices: source, matrix: m } = piece;
        const m0 = m[0]!, m1 = m[1]!, m2 = m[2]!, m4 = m[4]!, m5 = m[5]!, m6 = m[6]!, m8 = m[8]!, m9 = m[9]!, m10 = m[10]!;
        // `world` holds the piece's world positions (worldPositions); `s` is the vertex's normal in `source`.
        for (let k = 0, s = 3; k < world.length; k += 3, s += 6, v++) {
          const o = v * 3;
          const dx = world[k]! - ox;
          const dy = world[k + 1]! - oy;
          positions[o] = cos * dx + sin * dy;
          positions[o + 1] = -sin * dx + cos * dy;
          positions[o + 2] = world[k + 2]! - oz;
          // The world normal (IFC Z-up): the matrix's rotation part, normalised, Y-up → Z-up.
          const gx = source[s]!, gy = source[s + 1]!, gz = source[s + 2]!;
          const qx = m0 * gx + m4 * gy + m8 * gz;
          const qy = m1 * gx + m5 * gy + m9 * gz;
          const qz = m2 * gx + m6 * gy + m10 * gz;
          const l = Math.sqrt(qx * qx + qy * qy + qz * qz) || 1;
          const nx = qx / l, ny = -qz / l, nz = qy / l;
          normals[o] = cos * nx + sin * ny;
          normals[o + 1] = -sin * nx + cos * ny;
          normals[o + 2] = nz;
        }
        const ix = piece.indices;
        for (let k = 0; k + 2 < ix.length; k += 3) {
          indices[i++] = base + ix[k]!;
          indices[i++] = base + ix[k + 1]!;
          indices[i++] = base + ix[k + 2]!;
        }
      }
      parts.push({ color: group.color, positions, normals, indices });
    }
    return parts.length === 0 ? undefined : encodeMeshAsset({ parts });
  }

  /** World vertices of `owner` (x, y, z, … in metres, Z-up); empty when there were none. */
  points(owner: number): Float64Array {
    return this.mesh(owner).points;
  }

  /** World vertices and triangles of `owner` (kept only for owners that asked for points). */
  mesh(owner: number): WorldMesh {
    const target = this.#targets.get(owner);
    if (target === undefined || !target.keepPoints) return EMPTY;
    target.world ??= worldMesh(target.pieces);
    return target.world;
  }

  /** Frees the collected buffers of `owner` once it has been used. */
  release(owner: number): void {
    this.#targets.delete(owner);
  }
}

/** A piece's vertices in the world: metres, IFC Z-up; undefined when any is not finite (the piece is dropped). */
function worldPositions(piece: Piece): Float64Array | undefined {
  const { vertices, matrix: m } = piece;
  const count = vertices.length / 6;
  const world = new Float64Array(count * 3);
  for (let v = 0; v < count; v++) {
    const x = vertices[v * 6]!, y = vertices[v * 6 + 1]!, z = vertices[v * 6 + 2]!;
    // Y-up (three.js) → IFC Z-up: (X, Y, Z) = (x, −z, y).
    const px = m[0]! * x + m[4]! * y + m[8]! * z + m[12]!;
    const py = m[1]! * x + m[5]! * y + m[9]! * z + m[13]!;
    const pz = m[2]! * x + m[6]! * y + m[10]! * z + m[14]!;
    if (!Number.isFinite(px) || !Number.isFinite(py) || !Number.isFinite(pz)) return undefined;
    world[v * 3] = px;
    world[v * 3 + 1] = -pz;
    world[v * 3 + 2] = py;
  }
  return world;
}

/** The world vertices and triangles of all of an owner's finite pieces, in one pair of arrays. */
function worldMesh(pieces: readonly Piece[]): WorldMesh {
  const worlds: { world: Float64Array; indices: Uint32Array }[] = [];
  let vertices = 0;
  let indices = 0;
  for (const piece of pieces) {
    const world = worldPositions(piece);
    if (world === undefined) continue;
    worlds.push({ world, indices: piece.indices });
    vertices += world.length;
    indices += piece.indices.length - (piece.indices.length % 3);
  }
  if (worlds.length === 0) return EMPTY;
  const points = new Float64Array(vertices);
  const triangles = new Uint32Array(indices);
  let p = 0;
  let t = 0;
  for (const { world, indices: ix } of worlds) {
    const base = p / 3;
    points.set(world, p);
    p += world.length;
    for (let k = 0; k + 2 < ix.length; k += 3) {
      triangles[t++] = base + ix[k]!;
      triangles[t++] = base + ix[k + 1]!;
      triangles[t++] = base + ix[k + 2]!;
    }
  }
  return { points, triangles };
}
