/**
 * Net and gross floor area of a room. A room's polygon is drawn on the centre lines of the walls
 * around it, so its own area is the gross area; the net (usable) area is measured to the inner
 * faces of those walls. A 6 × 4 m room inside 0.2 m walls: 24 m² gross, 5.8 × 3.8 = 22.04 m² net.
 */
import type { Space } from './elements/space';
import type { Wall } from './elements/wall';
import { polygonArea, polygonSignedArea, type Polygon } from './geometry';
import type { PlanPoint, SquareMetres } from './units';

/** The two areas of a room. */
export interface RoomAreas {
  /** To the inner faces of the walls along its edges (edges without a wall count as drawn). */
  readonly net: SquareMetres;
  /** Of the polygon as drawn (on the walls' centre lines). */
  readonly gross: SquareMetres;
}

/** What {@link roomAreas} reads of a wall. */
export type WallLike = Pick<Wall, 'a' | 'b' | 'thickness'> & { readonly storeyId?: string };

/** How far a wall's centre line may sit from a room's edge and still bound it: 1 mm. */
export const WALL_ON_EDGE_TOLERANCE = 1e-3;

type Vec = readonly [number, number];

/** Distance of `p` from the infinite line through `a` with unit direction `u`. */
function offLine(p: Vec, a: Vec, u: Vec): number {
  return Math.abs((p[0] - a[0]) * u[1] - (p[1] - a[1]) * u[0]);
}

/** Thickest wall lying along the edge `p → q` (collinear and overlapping it), 0 when none. */
function edgeWallThickness(p: PlanPoint, q: PlanPoint, walls: readonly WallLike[]): number {
  const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
  if (len === 0) return 0;
  const u: Vec = [(q[0] - p[0]) / len, (q[1] - p[1]) / len];
  let thickest = 0;
  for (const wall of walls) {
    if (offLine(wall.a, p, u) > WALL_ON_EDGE_TOLERANCE || offLine(wall.b, p, u) > WALL_ON_EDGE_TOLERANCE) continue;
    // Overlap of the wall's projection on the edge with the edge itself.
    const s = (wall.a[0] - p[0]) * u[0] + (wall.a[1] - p[1]) * u[1];
    const t = (wall.b[0] - p[0]) * u[0] + (wall.b[1] - p[1]) * u[1];
    const overlap = Math.min(len, Math.max(s, t)) - Math.max(0, Math.min(s, t));
    if (overlap > WALL_ON_EDGE_TOLERANCE) thickest = Math.max(thickest, wall.thickness);
  }
  return thickest;
}

/**
 * `polygon` with every edge moved inward by its own distance (`insets[i]` for the edge from
 * vertex i to i+1); each new vertex is where the two moved edges through it meet.
 */
export function insetPolygon(polygon: Polygon, insets: readonly number[]): PlanPoint[] {
  const n = polygon.length;
  const ccw = polygonSignedArea(polygon) > 0;
  // Each edge as a point on the moved line and its unit direction.
  const lines = polygon.map((p, i) => {
    const q = polygon[(i + 1) % n]!;
    const len = Math.hypot(q[0] - p[0], q[1] - p[1]) || 1;
    const u: Vec = [(q[0] - p[0]) / len, (q[1] - p[1]) / len];
    // Inward is left of the edge for a counter-clockwise ring, right for a clockwise one.
    const inward: Vec = ccw ? [-u[1], u[0]] : [u[1], -u[0]];
    const d = insets[i] ?? 0;
    return { at: [p[0] + inward[0] * d, p[1] + inward[1] * d] as Vec, u, inward, d };
  });
  return polygon.map((vertex, i) => {
    const before = lines[(i - 1 + n) % n]!;
    const after = lines[i]!;
    const cross = before.u[0] * after.u[1] - before.u[1] * after.u[0];
    if (Math.abs(cross) < 1e-12) {
      // Straight through the vertex: move it by the larger of the two insets.
      const line = before.d >= after.d ? before : after;
      return [vertex[0] + line.inward[0] * line.d, vertex[1] + line.inward[1] * line.d] as unknown as PlanPoint;
    }
    const t = ((after.at[0] - before.at[0]) * after.u[1] - (after.at[1] - before.at[1]) * after.u[0]) / cross;
    return [before.at[0] + before.u[0] * t, before.at[1] + before.u[1] * t] as unknown as PlanPoint;
  });
}

/**
 * Net and gross area of `space`. Gross is the polygon's area; net is the area of the polygon
 * with each edge that has a wall along it (within {@link WALL_ON_EDGE_TOLERANCE}, same storey
 * when both say) moved inward by half that wall's thickness. Edges with no wall stay put.
 * A room narrower than its walls has a net area of 0.
 */
export function roomAreas(space: Pick<Space, 'polygon'> & { readonly storeyId?: string }, walls: Iterable<WallLike>): RoomAreas {
  const gross = polygonArea(space.polygon);
  const near = [...walls].filter((w) => space.storeyId === undefined || w.storeyId === undefined || w.storeyId === space.storeyId);
  const n = space.polygon.length;
  const insets = space.polygon.map((p, i) => edgeWallThickness(p, space.polygon[(i + 1) % n]!, near) / 2);
  if (insets.every((d) => d === 0)) return { net: gross, gross };
  const inner = insetPolygon(space.polygon, insets);
  const signedBefore = polygonSignedArea(space.polygon);
  const signedAfter = polygonSignedArea(inner);
  // An inset that turned the ring inside out (walls thicker than the room) leaves no floor.
  const net = Math.sign(signedAfter) === Math.sign(signedBefore) ? Math.min(gross, Math.abs(signedAfter)) : 0;
  return { net: net as SquareMetres, gross };
}

