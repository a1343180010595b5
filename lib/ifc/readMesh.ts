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
import type { IfcAPI, PlacedGeometry } from 'web-ifc';
import type { MeshPart } from './meshAsset';
import { encodeMeshAsset } from './meshAsset';
import { captureWebIfcLogs, messageOf } from './webIfc';

/** Where an asset's frame sits in the world: metres, IFC Z-up, and its turn about z. */
export interface AssetFrame {
  readonly origin: readonly [number, number, number];
  readonly rotation: number;
}

interface PartBuffer {
  readonly color: [number, number, number, number];
  readonly positions: number[];
  readonly normals: number[];
  readonly indices: number[];
}

interface Target {
  /** Collect an asset in this frame. */
  readonly frame?: AssetFrame;
  /** Collect world vertices. */
  readonly keepPoints: boolean;
  readonly parts: Map<string, PartBuffer>;
  readonly points: number[];
  /** Vertex indices into `points` (three per triangle). */
  readonly triangles: number[];
}

/** World vertices and triangles of an element's mesh (metres, IFC Z-up). */
export interface WorldMesh {
  /** x, y, z per vertex. */
  readonly points: readonly number[];
  /** Three vertex indices per triangle. */
  readonly triangles: readonly number[];
}

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

  constructor(
    private readonly api: IfcAPI,
    private readonly modelID: number,
  ) {}

  /** Wants `owner`'s mesh, built from the meshes of `sources` (itself and its parts). */
  want(owner: number, sources: Iterable<number>, wish: MeshWish): void {
    if (wish.asset === undefined && wish.points !== true) return;
    this.#targets.set(owner, { frame: wish.asset, keepPoints: wish.points === true, parts: new Map(), points: [], triangles: [] });
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
  }

  #streamSafely(ids: number[]): string | undefined {
    try {
      this.api.StreamMeshes(this.modelID, ids, (mesh) => {
        const target = this.#targets.get(this.#sources.get(mesh.expressID) ?? -1);
        if (target === undefined) return;
        for (let i = 0; i < mesh.geometries.size(); i++) this.#add(target, mesh.geometries.get(i));
      });
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  #add(target: Target, placed: PlacedGeometry): void {
    const geometry = this.api.GetGeometry(this.modelID, placed.geometryExpressID);
    try {
      const vertices = this.api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize());
      const indices = this.api.GetIndexArray(geometry.GetIndexData(), geometry.GetIndexDataSize());
      if (vertices.length < 18 || indices.length < 3) return;
      const m = placed.flatTransformation;
      const count = vertices.length / 6;
      const world = new Float64Array(count * 3);
      const normals = new Float64Array(count * 3);
      for (let v = 0; v < count; v++) {
        const x = vertices[v * 6]!, y = vertices[v * 6 + 1]!, z = vertices[v * 6 + 2]!;
        const nx = vertices[v * 6 + 3]!, ny = vertices[v * 6 + 4]!, nz = vertices[v * 6 + 5]!;
        // Y-up (three.js) → IFC Z-up: (X, Y, Z) = (x, −z, y).
        const px = m[0]! * x + m[4]! * y + m[8]! * z + m[12]!;
        const py = m[1]! * x + m[5]! * y + m[9]! * z + m[13]!;
        const pz = m[2]! * x + m[6]! * y + m[10]! * z + m[14]!;
        world[v * 3] = px;
        world[v * 3 + 1] = -pz;
        world[v * 3 + 2] = py;
        const qx = m[0]! * nx + m[4]! * ny + m[8]! * nz;
        const qy = m[1]! * nx + m[5]! * ny + m[9]! * nz;
        const qz = m[2]! * nx + m[6]! * ny + m[10]! * nz;
        const l = Math.hypot(qx, qy, qz) || 1;
        normals[v * 3] = qx / l;
        normals[v * 3 + 1] = -qz / l;
        normals[v * 3 + 2] = qy / l;
      }
      if (!world.every(Number.isFinite)) return;
      if (target.keepPoints) {
        const base = target.points.length / 3;
        for (let i = 0; i < world.length; i++) target.points.push(world[i]!);
        for (let i = 0; i + 2 < indices.length; i += 3) target.triangles.push(base + indices[i]!, base + indices[i + 1]!, base + indices[i + 2]!);
      }
      if (target.frame !== undefined) this.#addPart(target.frame, target.parts, placed.color, world, normals, indices);
    } finally {
      geometry.delete();
    }
  }

  #addPart(frame: AssetFrame, parts: Map<string, PartBuffer>, c: PlacedGeometry['color'], world: Float64Array, normals: Float64Array, indices: Uint32Array): void {
    const color: [number, number, number, number] = [c.x, c.y, c.z, c.w].map((v) => Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v : 1)) * 255) / 255) as [number, number, number, number];
    const key = color.join(',');
    let part = parts.get(key);
    if (part === undefined) {
      part = { color, positions: [], normals: [], indices: [] };
      parts.set(key, part);
    }
    const base = part.positions.length / 3;
    const cos = Math.cos(frame.rotation);
    const sin = Math.sin(frame.rotation);
    const [ox, oy, oz] = frame.origin;
    for (let v = 0; v < world.length / 3; v++) {
      const dx = world[v * 3]! - ox;
      const dy = world[v * 3 + 1]! - oy;
      part.positions.push(cos * dx + sin * dy, -sin * dx + cos * dy, world[v * 3 + 2]! - oz);
      const nx = normals[v * 3]!, ny = normals[v * 3 + 1]!;
      part.normals.push(cos * nx + sin * ny, -sin * nx + cos * ny, normals[v * 3 + 2]!);
    }
    for (let i = 0; i + 2 < indices.length; i += 3) part.indices.push(base + indices[i]!, base + indices[i + 1]!, base + indices[i + 2]!);
  }

  /** The encoded asset of `owner`, or `undefined` when web-ifc gave it no triangles. */
  asset(owner: number): Uint8Array | undefined {
    const target = this.#targets.get(owner);
    if (target === undefined || target.parts.size === 0) return undefined;
    const parts: MeshPart[] = [...target.parts.values()]
      .filter((p) => p.indices.length >= 3)
      .map((p) => ({ color: p.color, positions: new Float32Array(p.positions), normals: new Float32Array(p.normals), indices: new Uint32Array(p.indices) }));
    return parts.length === 0 ? undefined : encodeMeshAsset({ parts });
  }

  /** World vertices of `owner` (x, y, z, … in metres, Z-up); empty when there were none. */
  points(owner: number): readonly number[] {
    return this.#targets.get(owner)?.points ?? [];
  }

  /** World vertices and triangles of `owner`. */
  mesh(owner: number): WorldMesh {
    const target = this.#targets.get(owner);
    return { points: target?.points ?? [], triangles: target?.triangles ?? [] };
  }

  /** Frees the collected buffers of `owner` once it has been used. */
  release(owner: number): void {
    this.#targets.delete(owner);
  }
}
