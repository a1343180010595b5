/**
 * Snapping for the plan editor: grid, existing end points and 0/45/90° directions.
 * Pure; the editor feeds it plan points and gets plan points back with the reason it snapped.
 */
import { distance, distancePointToSegment, wallDirection, wallLength, type Segment } from './geometry';
import { metres, planPoint, type Metres, type PlanPoint } from './units';

/** Why a point ended where it did. */
export type SnapKind = 'none' | 'grid' | 'endpoint' | 'angle';

/** A snapped point and how it was obtained. */
export interface Snapped {
  readonly point: PlanPoint;
  readonly kind: SnapKind;
}

/** Options of {@link snapPoint}. */
export interface SnapOptions {
  /** Grid spacing in metres; 0 turns grid snapping off. */
  readonly grid: number;
  /** End points (e.g. of walls) to snap to when within `tolerance`. */
  readonly endpoints?: readonly PlanPoint[];
  /** Distance within which an end point wins over the grid, in metres. */
  readonly tolerance: number;
  /** Chain anchor: when set, the direction from it is snapped to multiples of `angleStep`. */
  readonly anchor?: PlanPoint;
  /** Angle step in radians for direction snapping (default π/4: 0/45/90°). */
  readonly angleStep?: number;
}

/** Rounds a point to the nearest grid node; `grid <= 0` returns the point unchanged. */
export function snapToGrid(p: PlanPoint, grid: number): PlanPoint {
  if (!(grid > 0)) return p;
  const round = (v: number) => Math.round(v / grid) * grid;
  // Normalise -0 and floating noise such as 0.30000000000000004.
  const clean = (v: number) => Number(round(v).toFixed(9)) + 0;
  return planPoint(clean(p[0]), clean(p[1]));
}

/** The nearest of `candidates` within `tolerance` of `p`, or undefined. */
export function nearestPoint(p: PlanPoint, candidates: readonly PlanPoint[], tolerance: number): PlanPoint | undefined {
  let best: PlanPoint | undefined;
  let bestD = tolerance;
  for (const c of candidates) {
    const d = distance(p, c);
    if (d <= bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/**
 * Keeps the distance from `anchor` to `p` but turns the direction to the nearest multiple of
 * `step` (default 45°).
 */
export function snapAngle(anchor: PlanPoint, p: PlanPoint, step = Math.PI / 4): PlanPoint {
  const dx = p[0] - anchor[0];
  const dy = p[1] - anchor[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return p;
  const angle = Math.round(Math.atan2(dy, dx) / step) * step;
  const clean = (v: number) => Number(v.toFixed(9)) + 0;
  return planPoint(clean(anchor[0] + len * Math.cos(angle)), clean(anchor[1] + len * Math.sin(angle)));
}

/**
 * Snaps a pointer position for drawing: an end point within tolerance wins; otherwise, with an
 * anchor, the direction snaps to 0/45/90° and the length to the grid; otherwise the grid.
 */
export function snapPoint(p: PlanPoint, options: SnapOptions): Snapped {
  const endpoint = options.endpoints ? nearestPoint(p, options.endpoints, options.tolerance) : undefined;
  if (endpoint) return { point: endpoint, kind: 'endpoint' };
  if (options.anchor) {
    const angled = snapAngle(options.anchor, p, options.angleStep);
    const len = Math.hypot(angled[0] - options.anchor[0], angled[1] - options.anchor[1]);
    if (len === 0 || !(options.grid > 0)) return { point: angled, kind: 'angle' };
    const snappedLen = Math.max(options.grid, Math.round(len / options.grid) * options.grid);
    const k = snappedLen / len;
    const clean = (v: number) => Number(v.toFixed(9)) + 0;
    return {
      point: planPoint(clean(options.anchor[0] + (angled[0] - options.anchor[0]) * k), clean(options.anchor[1] + (angled[1] - options.anchor[1]) * k)),
      kind: 'angle',
    };
  }
  if (options.grid > 0) return { point: snapToGrid(p, options.grid), kind: 'grid' };
  return { point: p, kind: 'none' };
}

/**
 * Distance along `wall` from `a` to the projection of `p`, clamped to the wall (for placing a
 * door or window where the pointer is).
 */
export function projectOntoWall(wall: Segment, p: PlanPoint): Metres {
  const [ux, uy] = wallDirection(wall);
  const t = (p[0] - wall.a[0]) * ux + (p[1] - wall.a[1]) * uy;
  return metres(Math.max(0, Math.min(wallLength(wall), t)));
}

/** The wall whose centre line is nearest to `p` within `tolerance`, or undefined. */
export function nearestWall<W extends Segment & { readonly thickness?: number }>(p: PlanPoint, walls: Iterable<W>, tolerance: number): W | undefined {
  let best: W | undefined;
  let bestD = Infinity;
  for (const wall of walls) {
    const d = distancePointToSegment(p, wall.a, wall.b) - (wall.thickness ?? 0) / 2;
    if (d <= tolerance && d < bestD) {
      best = wall;
      bestD = d;
    }
  }
  return best;
}
