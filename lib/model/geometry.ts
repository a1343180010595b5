/**
 * Plan geometry: lengths, areas, centroids, containment, distances and opening placement.
 * All inputs and outputs carry units ({@link Metres}, {@link Radians}, {@link PlanPoint}).
 * Polygons are open rings (the last point is NOT a repeat of the first) in either winding.
 */
import type { Metres, PlanPoint, PlanVector, Radians, SquareMetres } from './units';

/** A polygon as an open ring of plan points. */
export type Polygon = readonly PlanPoint[];
/** Anything with two end points, such as a wall's centre line. */
export interface Segment {
  readonly a: PlanPoint;
  readonly b: PlanPoint;
}
/** Axis-aligned bounding box on the plan. */
export interface BoundingBox {
  readonly min: PlanPoint;
  readonly max: PlanPoint;
}
/** Where an opening (door/window) sits on its host wall. */
export interface OpeningPlacement {
  /** Point on the wall centre line at `offset` from `a`. */
  readonly start: PlanPoint;
  /** Point on the wall centre line at `offset + width` from `a`. */
  readonly end: PlanPoint;
  /** Midpoint of start and end. */
  readonly centre: PlanPoint;
  /** True when `0 <= offset` and `offset + width <= wall length` (within {@link GEOMETRY_EPSILON}). */
  readonly fits: boolean;
}

/** Tolerance for geometric comparisons, in metres (and m² for areas). */
export const GEOMETRY_EPSILON = 1e-9;

const m = (n: number) => n as Metres;
const pt = (x: number, y: number): PlanPoint => [m(x), m(y)];

/** Euclidean distance between two plan points. */
export function distance(p: PlanPoint, q: PlanPoint): Metres {
  return m(Math.hypot(q[0] - p[0], q[1] - p[1]));
}

/** True when two points are closer than `epsilon` (default {@link GEOMETRY_EPSILON}). */
export function pointsEqual(p: PlanPoint, q: PlanPoint, epsilon = GEOMETRY_EPSILON): boolean {
  return distance(p, q) <= epsilon;
}

/** Length of a wall's centre line. */
export function wallLength(wall: Segment): Metres {
  return distance(wall.a, wall.b);
}

/** Unit vector from `a` to `b`; `[0, 0]` for a zero-length segment. */
export function wallDirection(wall: Segment): readonly [number, number] {
  const len = wallLength(wall);
  if (len <= GEOMETRY_EPSILON) return [0, 0];
  return [(wall.b[0] - wall.a[0]) / len, (wall.b[1] - wall.a[1]) / len];
}

/** Angle of `a → b` from the +x axis, counter-clockwise, in `(-π, π]`. */
export function wallAngle(wall: Segment): Radians {
  return Math.atan2(wall.b[1] - wall.a[1], wall.b[0] - wall.a[0]) as Radians;
}

/**
 * Signed area by the shoelace formula: positive for counter-clockwise rings (y up),
 * negative for clockwise. Fewer than 3 points → 0.
 */
export function polygonSignedArea(poly: Polygon): SquareMetres {
  const n = poly.length;
  if (n < 3) return 0 as SquareMetres;
  let twice = 0;
  for (let i = 0; i < n; i++) {
    const p = poly[i]!;
    const q = poly[(i + 1) % n]!;
    twice += p[0] * q[1] - q[0] * p[1];
  }
  return (twice / 2) as SquareMetres;
}

/** Unsigned area of a simple polygon (either winding). */
export function polygonArea(poly: Polygon): SquareMetres {
  return Math.abs(polygonSignedArea(poly)) as SquareMetres;
}

/**
 * Area centroid of a simple polygon (either winding; concave is fine). For a degenerate
 * (zero-area) ring returns the mean of its vertices; for an empty ring, `[0, 0]`.
 */
export function polygonCentroid(poly: Polygon): PlanPoint {
  const n = poly.length;
  if (n === 0) return pt(0, 0);
  const area = polygonSignedArea(poly);
  if (Math.abs(area) <= GEOMETRY_EPSILON) {
    let sx = 0;
    let sy = 0;
    for (const p of poly) {
      sx += p[0];
      sy += p[1];
    }
    return pt(sx / n, sy / n);
  }
  // Translate to the first vertex for numerical stability far from the origin.
  const [ox, oy] = poly[0]!;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    const px = poly[i]![0] - ox;
    const py = poly[i]![1] - oy;
    const qx = poly[(i + 1) % n]![0] - ox;
    const qy = poly[(i + 1) % n]![1] - oy;
    const cross = px * qy - qx * py;
    cx += (px + qx) * cross;
    cy += (py + qy) * cross;
  }
  return pt(ox + cx / (6 * area), oy + cy / (6 * area));
}

/** Shortest distance from `p` to the segment `a–b` (to `a` when the segment has zero length). */
export function distancePointToSegment(p: PlanPoint, a: PlanPoint, b: PlanPoint): Metres {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return distance(p, a);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return m(Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy)));
}

/** Where a point lies relative to a polygon. */
export type PointLocation = 'inside' | 'outside' | 'boundary';

/**
 * Classifies `p` against `poly`: `'boundary'` when within `epsilon` of an edge, otherwise
 * `'inside'`/`'outside'` by the even-odd (ray casting) rule.
 */
export function classifyPoint(p: PlanPoint, poly: Polygon, epsilon = GEOMETRY_EPSILON): PointLocation {
  const n = poly.length;
  if (n === 0) return 'outside';
  for (let i = 0; i < n; i++) {
    if (distancePointToSegment(p, poly[i]!, poly[(i + 1) % n]!) <= epsilon) return 'boundary';
  }
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/**
 * True when `p` is inside `poly` OR ON ITS BOUNDARY (within `epsilon`): a point on a room's
 * wall line counts as in the room. Use {@link classifyPoint} to tell the cases apart.
 */
export function isPointInPolygon(p: PlanPoint, poly: Polygon, epsilon = GEOMETRY_EPSILON): boolean {
  return classifyPoint(p, poly, epsilon) !== 'outside';
}

function orient(a: PlanPoint, b: PlanPoint, c: PlanPoint): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) <= GEOMETRY_EPSILON ? 0 : Math.sign(v);
}

function onSegment(a: PlanPoint, b: PlanPoint, p: PlanPoint): boolean {
  return distancePointToSegment(p, a, b) <= GEOMETRY_EPSILON;
}

/** True when segments `p1–p2` and `q1–q2` share at least one point (touching counts). */
export function segmentsIntersect(p1: PlanPoint, p2: PlanPoint, q1: PlanPoint, q2: PlanPoint): boolean {
  const o1 = orient(p1, p2, q1);
  const o2 = orient(p1, p2, q2);
  const o3 = orient(q1, q2, p1);
  const o4 = orient(q1, q2, p2);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  return onSegment(p1, p2, q1) || onSegment(p1, p2, q2) || onSegment(q1, q2, p1) || onSegment(q1, q2, p2);
}

/**
 * True when the ring is simple: no repeated consecutive points, no edge touching a
 * non-adjacent edge, and no adjacent edges folding back onto each other. O(n²).
 */
export function isSimplePolygon(poly: Polygon): boolean {
  const n = poly.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    if (pointsEqual(poly[i]!, poly[(i + 1) % n]!)) return false;
  }
  for (let i = 0; i < n; i++) {
    const a1 = poly[i]!;
    const a2 = poly[(i + 1) % n]!;
    // Adjacent edge (i, i+1) shares a2: reject a fold-back (collinear and reversing).
    const a3 = poly[(i + 2) % n]!;
    const cross = (a2[0] - a1[0]) * (a3[1] - a2[1]) - (a2[1] - a1[1]) * (a3[0] - a2[0]);
    const dot = (a2[0] - a1[0]) * (a3[0] - a2[0]) + (a2[1] - a1[1]) * (a3[1] - a2[1]);
    if (Math.abs(cross) <= GEOMETRY_EPSILON && dot < 0) return false;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
      if (segmentsIntersect(a1, a2, poly[j]!, poly[(j + 1) % n]!)) return false;
    }
  }
  return true;
}

/** True when all points lie on one line (within {@link GEOMETRY_EPSILON}); true for fewer than 3. */
export function arePointsCollinear(points: readonly PlanPoint[]): boolean {
  const p0 = points[0];
  const p1 = points.find((p) => p0 !== undefined && !pointsEqual(p, p0));
  if (p0 === undefined || p1 === undefined) return true;
  return points.every((p) => orient(p0, p1, p) === 0);
}

/** Clamps `value` into `[min, max]` (returns `min` when `max < min`). */
export function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/**
 * Places an opening of `width` whose near edge is `offset` metres from the wall's `a` end,
 * measured along the centre line. Points beyond the wall's ends are extrapolated along the
 * wall's direction; `fits` says whether the opening lies within the wall.
 */
export function placeOpening(wall: Segment, offset: Metres, width: Metres): OpeningPlacement {
  const [ux, uy] = wallDirection(wall);
  const at = (d: number) => pt(wall.a[0] + ux * d, wall.a[1] + uy * d);
  const len = wallLength(wall);
  return {
    start: at(offset),
    end: at(offset + width),
    centre: at(offset + width / 2),
    fits: offset >= -GEOMETRY_EPSILON && offset + width <= len + GEOMETRY_EPSILON && width > 0,
  };
}

/**
 * The offset closest to `offset` at which an opening of `width` fits in the wall:
 * clamped to `[0, length - width]`; 0 when the opening is wider than the wall.
 */
export function clampOpeningOffset(wall: Segment, offset: Metres, width: Metres): Metres {
  return m(clamp(offset, 0, Math.max(0, wallLength(wall) - width)));
}

/** Bounding box of a set of points; `undefined` for none. */
export function boundingBox(points: Iterable<PlanPoint>): BoundingBox | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let any = false;
  for (const p of points) {
    any = true;
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  return any ? { min: pt(minX, minY), max: pt(maxX, maxY) } : undefined;
}

/** `p + delta`. */
export function translatePoint(p: PlanPoint, delta: PlanVector): PlanPoint {
  return pt(p[0] + delta[0], p[1] + delta[1]);
}

/**
 * The outline of a wall on the plan: its centre line `a–b` widened by `thickness`, as four
 * corners (a's left side, b's left side, b's right side, a's right side; left of `a → b`).
 * A zero-length wall gives a zero-width outline at `a`.
 */
export function wallOutline(wall: Segment & { readonly thickness: Metres }): [PlanPoint, PlanPoint, PlanPoint, PlanPoint] {
  const dx = wall.b[0] - wall.a[0];
  const dy = wall.b[1] - wall.a[1];
  const len = Math.hypot(dx, dy) || 1;
  const nx = (-dy / len) * (wall.thickness / 2);
  const ny = (dx / len) * (wall.thickness / 2);
  return [pt(wall.a[0] + nx, wall.a[1] + ny), pt(wall.b[0] + nx, wall.b[1] + ny), pt(wall.b[0] - nx, wall.b[1] - ny), pt(wall.a[0] - nx, wall.a[1] - ny)];
}
