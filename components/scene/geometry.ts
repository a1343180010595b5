/**
 * What the 3D scene draws for one building element: flat-shaded, indexed geometry in
 * storey-local coordinates, sorted into the buckets the scene batches into THREE.BatchedMesh.
 *
 * Coordinates: a plan point `[x, y]` maps to three's world `(x, up, −y)`: world X = plan x
 * (east), world Y = height above the storey floor, world Z = −plan y (south). The plan is drawn
 * with y up the screen (components/plan/camera.ts), so a 3D view from above with north up shows
 * the plan as it is, not its mirror image (both frames are right-handed). The caller adds the
 * storey's elevation with a matrix. Triangles are wound from their world-space normals.
 *
 * Rotation: the model's angles are counter-clockwise on the plan (from +x towards +y), and the
 * plan draws a turned symbol as `(x + cos·u − sin·v, y + sin·u + cos·v)` (placedPath.ts).
 * Plan (u, v) is world (u, 0, −v), and three's `rotateY(θ)` takes +x to (cos θ, 0, −sin θ), that
 * is towards plan +y: the plan's turn by `r` is `rotateY(r)`.
 *
 * Every geometry is indexed and has exactly two Float32 attributes, `position` and `normal`
 * (BatchedMesh needs one attribute set per batch); no uv, no groups. Each face has its own
 * vertices carrying the face normal (flat shading).
 */
import * as THREE from 'three';
import { classifyPoint, GEOMETRY_EPSILON, isPlacedOpening, placedOpeningOutline, segmentsIntersect, type Door, type Element, type Equipment, type EquipmentSystem, type PlanPoint, type Slab, type Wall, type Window } from '@/lib/model';
import { SYSTEM_STYLES, type SymbolShape } from '@/lib/model/systemStyles';

/** The batch an element is drawn in: solid, glass (transparent) or a translucent floor plate. */
export type Bucket = 'opaque' | 'glass' | 'floor';

/** What the scene draws for one element. */
export interface ElementShape {
  readonly bucket: Bucket;
  /** Base colour, 0xRRGGBB. */
  readonly color: number;
  /** Unique geometry already placed in storey-local coordinates (identity matrix), OR */
  readonly geometry?: THREE.BufferGeometry;
  /** a shared geometry key (e.g. 'equipment:hvac') with `shared()` building it once, placed by `matrix`. */
  readonly shared?: { readonly key: string; readonly build: () => THREE.BufferGeometry };
  /** Storey-local placement (identity for unique geometry). */
  readonly matrix: THREE.Matrix4;
}

/** What {@link shapeOf} needs to know about the rest of the building. */
export interface ShapeContext {
  /** Element by id (an opening's host wall). */
  readonly get: (id: string) => Element | undefined;
  /** Openings (doors/windows) hosted by a wall or a slab. */
  readonly openingsOf: (hostId: string) => readonly (Door | Window)[];
}

/** Colours (0xRRGGBB) of the element kinds that have one fixed colour. */
const ELEMENT_COLORS = {
  wall: 0xe5e7eb,
  door: 0x92400e,
  window: 0x7dd3fc,
  slab: 0x9ca3af,
  space: 0x93c5fd,
  object: 0xa8a29e,
} as const;

/** Thickness of a door leaf, metres. */
const DOOR_THICKNESS = 0.05;
/** Thickness of a window pane, metres. */
const PANE_THICKNESS = 0.03;
/** A room's floor plate: from this height… */
const SPACE_PLATE_BOTTOM = 0.01;
/** …to this one, metres above the storey floor. */
const SPACE_PLATE_TOP = 0.03;
/** Size of an equipment symbol (its height; its footprint follows the plan outline), metres. */
const EQUIPMENT_SYMBOL_SIZE = 0.3;
/** Size of an object without `width`/`depth`/`height` props: `[width, depth, height]`, metres. */
const DEFAULT_OBJECT_SIZE = [0.6, 0.6, 0.9] as const;

type Vec3 = readonly [number, number, number];
type Point2 = readonly [number, number];

/** Position, normal and index arrays of one geometry while it is built. */
class MeshBuilder {
  #positions: Float32Array;
  #normals: Float32Array;
  #count = 0;
  readonly indices: number[] = [];

  /** `capacity`: the vertices expected (the arrays grow past it when needed). */
  constructor(capacity = 24) {
    this.#positions = new Float32Array(3 * capacity);
    this.#normals = new Float32Array(3 * capacity);
  }

  /** Number of vertices so far. */
  get vertexCount(): number {
    return this.#count;
  }

  /** Adds a vertex with `normal`; returns its index. */
  vertex(x: number, y: number, z: number, normal: Vec3): number {
    if (3 * this.#count === this.#positions.length) {
      const grow = (from: Float32Array) => {
        const to = new Float32Array(2 * from.length || 72);
        to.set(from);
        return to;
      };
      this.#positions = grow(this.#positions);
      this.#normals = grow(this.#normals);
    }
    const i = 3 * this.#count;
    this.#positions[i] = x;
    this.#positions[i + 1] = y;
    this.#positions[i + 2] = z;
    this.#normals[i] = normal[0];
    this.#normals[i + 1] = normal[1];
    this.#normals[i + 2] = normal[2];
    return this.#count++;
  }

  /** Adds the triangle `a b c` (vertex indices), wound counter-clockwise seen from the side `normal` points to. */
  triangle(a: number, b: number, c: number, normal: Vec3): void {
    const p = this.#positions;
    const [ax, ay, az] = [p[3 * a]!, p[3 * a + 1]!, p[3 * a + 2]!];
    const [ux, uy, uz] = [p[3 * b]! - ax, p[3 * b + 1]! - ay, p[3 * b + 2]! - az];
    const [vx, vy, vz] = [p[3 * c]! - ax, p[3 * c + 1]! - ay, p[3 * c + 2]! - az];
    const facing = (uy * vz - uz * vy) * normal[0] + (uz * vx - ux * vz) * normal[1] + (ux * vy - uy * vx) * normal[2];
    if (facing >= 0) this.indices.push(a, b, c);
    else this.indices.push(a, c, b);
  }

  /** Adds a flat convex face (corners in order around it, either way round) facing `normal`. */
  face(corners: readonly Vec3[], normal: Vec3): void {
    const first = this.#count;
    for (const c of corners) this.vertex(c[0], c[1], c[2], normal);
    for (let i = 2; i < corners.length; i++) this.triangle(first, first + i - 1, first + i, normal);
  }

  /** The finished geometry; `null` when nothing was added. */
  build(): THREE.BufferGeometry | null {
    if (this.indices.length === 0) return null;
    const used = 3 * this.#count;
    const exact = (a: Float32Array) => (a.length === used ? a : a.slice(0, used));
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(exact(this.#positions), 3));
    geometry.setAttribute('normal', new THREE.BufferAttribute(exact(this.#normals), 3));
    geometry.setIndex(this.indices);
    return geometry;
  }
}

const add = (p: Vec3, q: Vec3): Vec3 => [p[0] + q[0], p[1] + q[1], p[2] + q[2]];
const scale = (p: Vec3, k: number): Vec3 => [p[0] * k, p[1] * k, p[2] * k];
const unit = (p: Vec3): Vec3 => scale(p, 1 / (Math.hypot(p[0], p[1], p[2]) || 1));

/**
 * Adds the box `origin + i·u + j·v + k·w` (i, j, k in [0, 1]; u, v, w at right angles): six
 * faces of four vertices each, normals pointing out.
 */
function box(b: MeshBuilder, origin: Vec3, u: Vec3, v: Vec3, w: Vec3): void {
  // Corner (i, j, k) is corners[i + 2j + 4k].
  const corners: Vec3[] = [];
  for (let k = 0; k < 2; k++)
    for (let j = 0; j < 2; j++)
      for (let i = 0; i < 2; i++) corners.push([origin[0] + i * u[0] + j * v[0] + k * w[0], origin[1] + i * u[1] + j * v[1] + k * w[1], origin[2] + i * u[2] + j * v[2] + k * w[2]]);
  const c = (i: number, j: number, k: number): Vec3 => corners[i + 2 * j + 4 * k]!;
  const [nu, nv, nw] = [unit(u), unit(v), unit(w)];
  b.face([c(0, 0, 0), c(0, 1, 0), c(0, 1, 1), c(0, 0, 1)], scale(nu, -1));
  b.face([c(1, 0, 0), c(1, 1, 0), c(1, 1, 1), c(1, 0, 1)], nu);
  b.face([c(0, 0, 0), c(1, 0, 0), c(1, 0, 1), c(0, 0, 1)], scale(nv, -1));
  b.face([c(0, 1, 0), c(1, 1, 0), c(1, 1, 1), c(0, 1, 1)], nv);
  b.face([c(0, 0, 0), c(1, 0, 0), c(1, 1, 0), c(0, 1, 0)], scale(nw, -1));
  b.face([c(0, 0, 1), c(1, 0, 1), c(1, 1, 1), c(0, 1, 1)], nw);
}

const UP: Vec3 = [0, 1, 0];
const DOWN: Vec3 = [0, -1, 0];

/**
 * Adds `polygon` (plan points, an open ring in either winding; a repeated closing point is
 * dropped) extruded from height `y0` to `y1`: top and bottom faces, triangulated with
 * THREE.ShapeUtils, and with `sides` one quad per edge. Adds nothing for a degenerate ring.
 */
function prism(b: MeshBuilder, polygon: readonly Point2[], y0: number, y1: number, sides = true, holes: readonly (readonly Point2[])[] = []): void {
  const outer = ringOf(polygon);
  if (outer === null) return;
  const rings = [outer, ...holes.flatMap((h) => ringOf(h) ?? [])];
  const triangles = THREE.ShapeUtils.triangulateShape(
    outer.points.map((p) => new THREE.Vector2(p[0], p[1])),
    rings.slice(1).map((r) => r.points.map((p) => new THREE.Vector2(p[0], p[1]))),
  );
  const all = rings.flatMap((r) => r.points);
  for (const [y, normal] of [
    [y1, UP],
    [y0, DOWN],
  ] as const) {
    const first = b.vertexCount;
    for (const p of all) b.vertex(p[0], y, -p[1], normal);
    for (const [i, j, k] of triangles) b.triangle(first + i!, first + j!, first + k!, normal);
  }
  if (!sides) return;
  rings.forEach((ring, r) => {
    const { points } = ring;
    const n = points.length;
    // Away from the solid on the plan: right of each edge of a counter-clockwise outline, left of a
    // clockwise one; the other way round for a hole (its sides face into it).
    const out = (ring.twiceArea > 0 ? 1 : -1) * (r === 0 ? 1 : -1);
    for (let i = 0; i < n; i++) {
      const [px, py] = points[i]!;
      const [qx, qy] = points[(i + 1) % n]!;
      const len = Math.hypot(qx - px, qy - py);
      if (len <= GEOMETRY_EPSILON) continue;
      const normal: Vec3 = [(out * (qy - py)) / len, 0, (out * (qx - px)) / len];
      b.face(
        [
          [px, y0, -py],
          [qx, y0, -qy],
          [qx, y1, -qy],
          [px, y1, -py],
        ],
        normal,
      );
    }
  });
}

/** A ring without its closing repeat, with twice its signed area; null when degenerate. */
function ringOf(polygon: readonly Point2[]): { points: readonly Point2[]; twiceArea: number } | null {
  let n = polygon.length;
  if (n > 2 && polygon[n - 1]![0] === polygon[0]![0] && polygon[n - 1]![1] === polygon[0]![1]) n--;
  let twiceArea = 0;
  for (let i = 0; i < n; i++) {
    const p = polygon[i]!;
    const q = polygon[(i + 1) % n]!;
    twiceArea += p[0] * q[1] - q[0] * p[1];
  }
  if (n < 3 || Math.abs(twiceArea) <= GEOMETRY_EPSILON) return null;
  return { points: n === polygon.length ? polygon : polygon.slice(0, n), twiceArea };
}

/**
 * The holes the doors and windows in a slab (roof windows, hatches) cut through it: the outline of
 * each, when it lies wholly inside the slab's polygon and clear of the holes before it. One that
 * does not (half off the slab, or overlapping another) is drawn over the slab, which it does not cut.
 */
export function slabHoles(slab: Slab, ctx: ShapeContext): PlanPoint[][] {
  const holes: PlanPoint[][] = [];
  const edges = (ring: readonly PlanPoint[]) => ring.map((p, i) => [p, ring[(i + 1) % ring.length]!] as const);
  const crosses = (a: readonly PlanPoint[], c: readonly PlanPoint[]) => edges(a).some(([p, q]) => edges(c).some(([u, v]) => segmentsIntersect(p, q, u, v)));
  for (const opening of ctx.openingsOf(slab.id)) {
    if (!isPlacedOpening(opening)) continue;
    const outline = placedOpeningOutline(opening);
    if (!outline.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))) continue;
    if (!outline.every((p) => classifyPoint(p, slab.polygon) === 'inside') || crosses(outline, slab.polygon)) continue;
    if (holes.some((h) => crosses(outline, h) || classifyPoint(outline[0], h) !== 'outside' || classifyPoint(h[0]!, outline) !== 'outside')) continue;
    holes.push(outline);
  }
  return holes;
}

/** Adds an octahedron centred on the origin: corners at ±`r` on x and z, ±`h` on y. */
function octahedron(b: MeshBuilder, r: number, h: number): void {
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1]) {
        b.face(
          [
            [sx * r, 0, 0],
            [0, sy * h, 0],
            [0, 0, sz * r],
          ],
          unit([sx / r, sy / h, sz / r]),
        );
      }
}

// ---- walls and openings ----------------------------------------------------------------

/** A wall's frame: `a` in world coordinates, unit vector along it, unit vector across it, length. */
interface WallFrame {
  readonly origin: Vec3;
  readonly along: Vec3;
  readonly across: Vec3;
  readonly length: number;
}

function wallFrame(wall: Wall): WallFrame | null {
  const dx = wall.b[0] - wall.a[0];
  const dy = wall.b[1] - wall.a[1];
  const length = Math.hypot(dx, dy);
  if (length <= GEOMETRY_EPSILON) return null;
  return { origin: [wall.a[0], 0, -wall.a[1]], along: [dx / length, 0, -dy / length], across: [-dy / length, 0, -dx / length], length };
}

/** Adds the part of a wall-aligned slab from `s0` to `s1` along the wall and `y0` to `y1` high, `thickness` wide on the centre line. */
function wallPiece(b: MeshBuilder, f: WallFrame, s0: number, s1: number, y0: number, y1: number, thickness: number): void {
  const origin = add(add(add(f.origin, scale(f.along, s0)), [0, y0, 0]), scale(f.across, -thickness / 2));
  box(b, origin, scale(f.along, s1 - s0), [0, y1 - y0, 0], scale(f.across, thickness));
}

/** An opening's extent in its wall: along the wall `s0`–`s1`, heights `y0`–`y1`. */
interface Cut {
  s0: number;
  s1: number;
  y0: number;
  y1: number;
}

/** An opening clamped to its wall (length and height); `null` when nothing of it is left. */
function cutOf(opening: Door | Window, length: number, height: number): Cut | null {
  const s0 = Math.max(0, opening.offset);
  const s1 = Math.min(length, opening.offset + opening.width);
  const y0 = Math.max(0, opening.sill);
  const y1 = Math.min(height, opening.sill + opening.height);
  return s1 - s0 > GEOMETRY_EPSILON && y1 - y0 > GEOMETRY_EPSILON ? { s0, s1, y0, y1 } : null;
}

/**
 * The holes in a wall, in order along it: its openings clamped to the wall, and openings that
 * overlap (or touch) merged into one hole spanning both (from the lower sill to the higher head).
 */
function cutsOf(wall: Wall, length: number, ctx: ShapeContext): Cut[] {
  const cuts: Cut[] = [];
  for (const opening of ctx.openingsOf(wall.id)) {
    if (isPlacedOpening(opening)) continue;
    const cut = cutOf(opening, length, wall.height);
    if (cut) cuts.push(cut);
  }
  if (cuts.length < 2) return cuts;
  cuts.sort((p, q) => p.s0 - q.s0);
  const merged: Cut[] = [cuts[0]!];
  for (let i = 1; i < cuts.length; i++) {
    const cut = cuts[i]!;
    const last = merged[merged.length - 1]!;
    if (cut.s0 <= last.s1 + GEOMETRY_EPSILON) {
      last.s1 = Math.max(last.s1, cut.s1);
      last.y0 = Math.min(last.y0, cut.y0);
      last.y1 = Math.max(last.y1, cut.y1);
    } else {
      merged.push(cut);
    }
  }
  return merged;
}

function wallGeometry(wall: Wall, ctx: ShapeContext): THREE.BufferGeometry | null {
  const f = wallFrame(wall);
  if (!f) return null;
  const cuts = cutsOf(wall, f.length, ctx);
  const b = new MeshBuilder(24 * (1 + 3 * cuts.length));
  const { height, thickness } = wall;
  let at = 0;
  for (const cut of cuts) {
    if (cut.s0 - at > GEOMETRY_EPSILON) wallPiece(b, f, at, cut.s0, 0, height, thickness);
    if (cut.y0 > GEOMETRY_EPSILON) wallPiece(b, f, cut.s0, cut.s1, 0, cut.y0, thickness);
    if (height - cut.y1 > GEOMETRY_EPSILON) wallPiece(b, f, cut.s0, cut.s1, cut.y1, height, thickness);
    at = cut.s1;
  }
  if (f.length - at > GEOMETRY_EPSILON) wallPiece(b, f, at, f.length, 0, height, thickness);
  return b.build();
}

/**
 * A door leaf or window pane filling the opening's hole (clamped to the host wall like the hole),
 * on the wall's centre line; one in a slab lies flat, `width` × `height` about its position.
 */
function openingGeometry(opening: Door | Window, ctx: ShapeContext, thickness: number): THREE.BufferGeometry | null {
  if (isPlacedOpening(opening)) {
    const b = new MeshBuilder();
    placedBox(b, opening.position, opening.rotation, opening.width, opening.height, thickness);
    return b.build();
  }
  const host = ctx.get(opening.hostId);
  if (host?.kind !== 'wall') return null;
  const f = wallFrame(host);
  const cut = f && cutOf(opening, f.length, host.height);
  if (!f || !cut) return null;
  const b = new MeshBuilder();
  wallPiece(b, f, cut.s0, cut.s1, cut.y0, cut.y1, thickness);
  return b.build();
}

// ---- equipment ---------------------------------------------------------------------------

/** Metres per unit of the plan's symbol outlines (components/plan/symbols/equipmentSymbols.ts, ~10 units across a half). */
const SYMBOL_UNIT = EQUIPMENT_SYMBOL_SIZE / 20;

/** A regular `n`-gon of radius `r` (plan units), first corner at `start` radians. */
function regularPolygon(n: number, r: number, start = 0): Point2[] {
  return Array.from({ length: n }, (_, i) => [r * Math.cos(start + (2 * Math.PI * i) / n), r * Math.sin(start + (2 * Math.PI * i) / n)] as const);
}

/** A stadium: straight sides ±`half` on x, rounded ends of radius `r`, `steps` segments per end. */
function stadium(half: number, r: number, steps: number): Point2[] {
  const points: Point2[] = [];
  for (const [cx, start] of [
    [half, -Math.PI / 2],
    [-half, Math.PI / 2],
  ] as const) {
    for (let i = 0; i <= steps; i++) {
      const t = start + (Math.PI * i) / steps;
      points.push([cx + r * Math.cos(t), r * Math.sin(t)]);
    }
  }
  return points;
}

/**
 * Footprints of the symbols, in symbol units with y pointing north on the plan (plan +y, world −z):
 * the plan's outlines (SHAPE_PATHS, drawn y-down then flipped), curves as a few straight edges.
 * The diamond is an octahedron instead.
 */
const SYMBOL_FOOTPRINTS: Readonly<Record<Exclude<SymbolShape, 'diamond'>, readonly Point2[]>> = {
  circle: regularPolygon(12, 9),
  square: [
    [-8, -8],
    [8, -8],
    [8, 8],
    [-8, 8],
  ],
  triangle: [
    [0, 9.5],
    [-11, -9.5],
    [11, -9.5],
  ],
  hexagon: regularPolygon(6, 10, Math.PI / 2),
  pentagon: [
    [0, 9.5],
    [-9.99, 2.24],
    [-6.17, -9.5],
    [6.17, -9.5],
    [9.99, 2.24],
  ],
  shield: [
    [-9, 10],
    [-9, 2],
    [-6, -5.5],
    [0, -10],
    [6, -5.5],
    [9, 2],
    [9, 10],
  ],
  pill: stadium(6, 7, 4),
};

/** The symbol of one shape, centred on the origin, {@link EQUIPMENT_SYMBOL_SIZE} high. */
function symbolGeometry(shape: SymbolShape): THREE.BufferGeometry {
  const b = new MeshBuilder();
  const h = EQUIPMENT_SYMBOL_SIZE / 2;
  if (shape === 'diamond') {
    octahedron(b, 10.5 * SYMBOL_UNIT, h);
  } else {
    const footprint = SYMBOL_FOOTPRINTS[shape].map(([x, y]) => [x * SYMBOL_UNIT, y * SYMBOL_UNIT] as const);
    prism(b, footprint, -h, h);
  }
  const geometry = b.build();
  if (!geometry) throw new Error(`equipment symbol "${shape}" has no faces`);
  return geometry;
}

/** Per system, built once: the shared-geometry entry and the colour. */
const EQUIPMENT_LOOKS = Object.fromEntries(
  (Object.keys(SYSTEM_STYLES) as EquipmentSystem[]).map((system) => {
    const style = SYSTEM_STYLES[system];
    const shared = { key: `equipment:${system}`, build: () => symbolGeometry(style.shape) };
    return [system, { shared, color: parseInt(style.colour.slice(1), 16) }];
  }),
) as Record<EquipmentSystem, { readonly shared: NonNullable<ElementShape['shared']>; readonly color: number }>;

/** translate(x, z + half the symbol, −y) · rotateY(rotation): the symbol's bottom at the equipment's height. */
function equipmentMatrix(equipment: Equipment): THREE.Matrix4 {
  const [x, y, z] = equipment.position;
  const c = Math.cos(equipment.rotation);
  const s = Math.sin(equipment.rotation);
  // rotateY(θ) with θ = rotation: [cos θ, 0, sin θ; 0, 1, 0; −sin θ, 0, cos θ].
  return new THREE.Matrix4().set(c, 0, s, x, 0, 1, 0, z + EQUIPMENT_SYMBOL_SIZE / 2, -s, 0, c, -y, 0, 0, 0, 1);
}

// ---- objects -----------------------------------------------------------------------------

/** A box `width` × `depth` on the plan centred on `position`, turned by `rotation`, from its z up `height`. */
function placedBox(b: MeshBuilder, position: readonly [number, number, number], rotation: number, width: number, depth: number, height: number): void {
  const [x, y, z] = position;
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  // The plan's local x (width) turned by `rotation` is (cos, sin); its local y (depth) is (−sin, cos).
  const u: Vec3 = [c * width, 0, -s * width];
  const w: Vec3 = [-s * depth, 0, -c * depth];
  box(b, [x - u[0] / 2 - w[0] / 2, z, -y - u[2] / 2 - w[2] / 2], u, [0, height, 0], w);
}

const positive = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);

// ---- the entry points ----------------------------------------------------------------------

const unique = (bucket: Bucket, color: number, geometry: THREE.BufferGeometry | null): ElementShape | null =>
  geometry && { bucket, color, geometry, matrix: new THREE.Matrix4() };

/**
 * What the scene draws for `element`, in storey-local coordinates; `null` for nothing (an
 * opening without a host wall, or one entirely off its wall; a degenerate polygon).
 *
 * - wall: a box on the centre line, 0 to `height`, with its openings cut out: full-height pieces
 *   between holes, and a piece under each sill and over each head. Openings are clamped to the
 *   wall; overlapping ones make one hole.
 * - door / window: a leaf (0.05 m) or glass pane (0.03 m) filling the hole, on the centre line;
 *   one in a slab: the leaf or pane lying flat, `width` × `height` about `position`, turned by
 *   `rotation`, its bottom at `position[2]` (its asset instead, when it has one: SceneController).
 * - slab: its polygon from 0 down to `-thickness`, with a hole for each door or window in it
 *   ({@link slabHoles}). space: a floor plate 0.01–0.03 m (no sides).
 * - equipment: the system's shared symbol (`equipment:<system>`), its bottom at `position[2]`.
 * - object: a box from the `width`/`depth`/`height` props (default 0.6 × 0.6 × 0.9 m), centred on
 *   `position` on the plan with its bottom at `position[2]`, turned by `rotation`.
 */
export function shapeOf(element: Element, ctx: ShapeContext): ElementShape | null {
  switch (element.kind) {
    case 'wall':
      return unique('opaque', ELEMENT_COLORS.wall, wallGeometry(element, ctx));
    case 'door':
      return unique('opaque', ELEMENT_COLORS.door, openingGeometry(element, ctx, DOOR_THICKNESS));
    case 'window':
      return unique('glass', ELEMENT_COLORS.window, openingGeometry(element, ctx, PANE_THICKNESS));
    case 'slab': {
      const holes = slabHoles(element, ctx);
      const b = new MeshBuilder(6 * (element.polygon.length + 4 * holes.length));
      prism(b, element.polygon, -element.thickness, 0, true, holes);
      return unique('opaque', ELEMENT_COLORS.slab, b.build());
    }
    case 'space': {
      const b = new MeshBuilder(2 * element.polygon.length);
      prism(b, element.polygon, SPACE_PLATE_BOTTOM, SPACE_PLATE_TOP, false);
      return unique('floor', ELEMENT_COLORS.space, b.build());
    }
    case 'equipment': {
      const look = EQUIPMENT_LOOKS[element.system];
      return { bucket: 'opaque', color: look.color, shared: look.shared, matrix: equipmentMatrix(element) };
    }
    case 'object': {
      const b = new MeshBuilder();
      const size = DEFAULT_OBJECT_SIZE;
      placedBox(b, element.position, element.rotation, positive(element.props.width, size[0]), positive(element.props.depth, size[1]), positive(element.props.height, size[2]));
      return unique('opaque', ELEMENT_COLORS.object, b.build());
    }
    default: {
      const unknown: never = element;
      void unknown;
      return null;
    }
  }
}

/**
 * Vertex and index counts the scene should reserve for an element's unique geometry (about 2x
 * what it needs now, so it can gain openings without re-allocating).
 */
export function reserveFor(geometry: THREE.BufferGeometry): { vertices: number; indices: number } {
  const vertices = geometry.getAttribute('position').count;
  const indices = geometry.getIndex()?.count ?? vertices;
  return { vertices: 2 * vertices, indices: 2 * indices };
}
