/**
 * Drawing snaps of the plan editor with the reason each point snapped, so the view can show a
 * marker, a label and guide lines (CAD "object snaps"). Pure: plan points in, plan points out.
 * Order of preference: an end point, a mid point, the foot of the perpendicular from the anchor
 * onto a wall, then (with an anchor) the 0/45/90° direction with the length on the grid, then the
 * grid itself.
 */
import { distance, distancePointToSegment, nearestPoint, planPoint, snapAngle as snapDirection, snapToGrid, type PlanPoint, type Segment } from '@/lib/model';

/** Why a point ended where it did. */
export type DrawSnapKind = 'endpoint' | 'midpoint' | 'perpendicular' | 'angle' | 'grid' | 'none';

/** A guide line to draw with a snap (plan points; the view extends `angle` guides across itself). */
export interface SnapGuide {
  readonly kind: 'angle' | 'perpendicular';
  readonly from: PlanPoint;
  readonly to: PlanPoint;
}

/** A snapped point, why, and the guides that explain it. */
export interface DrawSnap {
  readonly point: PlanPoint;
  readonly kind: DrawSnapKind;
  readonly guides: readonly SnapGuide[];
  /** For `angle`: the direction in degrees (0, 45, 90, ...). */
  readonly degrees?: number;
}

/** What {@link snapDrawing} snaps to. */
export interface DrawSnapOptions {
  /** Grid spacing in metres; 0 turns grid snapping off. */
  readonly grid: number;
  /** Distance within which a point snap wins, metres (the view passes a few pixels / zoom). */
  readonly tolerance: number;
  /** Segments whose ends, mid points and perpendicular feet snap (walls, chain legs). */
  readonly segments?: readonly Segment[];
  /** Extra points that snap as end points (the chain drawn so far). */
  readonly points?: readonly PlanPoint[];
  /** The point the line being drawn starts at: enables direction and perpendicular snaps. */
  readonly anchor?: PlanPoint;
  /** Direction step in radians (default π/4: 0/45/90°). */
  readonly angleStep?: number;
  /** Snap the direction from the anchor (default true; a measure snaps to points and the grid only). */
  readonly angles?: boolean;
}

/** A short label for a snap kind, shown beside its marker. */
export const SNAP_LABELS: Record<DrawSnapKind, string> = {
  endpoint: 'End',
  midpoint: 'Mid',
  perpendicular: 'Perpendicular',
  angle: '',
  grid: 'Grid',
  none: '',
};

const clean = (v: number) => Number(v.toFixed(9)) + 0;

/** The foot of the perpendicular from `p` onto the segment's line, when it lies on the segment. */
export function perpendicularFoot(p: PlanPoint, s: Segment): PlanPoint | undefined {
  const dx = s.b[0] - s.a[0];
  const dy = s.b[1] - s.a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return undefined;
  const t = ((p[0] - s.a[0]) * dx + (p[1] - s.a[1]) * dy) / len2;
  if (t < 0 || t > 1) return undefined;
  return planPoint(clean(s.a[0] + t * dx), clean(s.a[1] + t * dy));
}

/** Snaps a pointer position for drawing, measuring or moving; see the module comment for the order. */
export function snapDrawing(p: PlanPoint, options: DrawSnapOptions): DrawSnap {
  const { tolerance, anchor, segments = [], points = [] } = options;
  const ends = [...points, ...segments.flatMap((s) => [s.a, s.b])];
  const end = nearestPoint(p, ends, tolerance);
  if (end) return { point: end, kind: 'endpoint', guides: [] };
  const mids = segments.map((s) => planPoint(clean((s.a[0] + s.b[0]) / 2), clean((s.a[1] + s.b[1]) / 2)));
  const mid = nearestPoint(p, mids, tolerance);
  if (mid) return { point: mid, kind: 'midpoint', guides: [] };
  if (anchor) {
    for (const s of segments) {
      // A wall the anchor lies on has the anchor as its own foot: nothing to snap to.
      if (distancePointToSegment(anchor, s.a, s.b) <= 1e-9) continue;
      const foot = perpendicularFoot(anchor, s);
      if (foot && distance(p, foot) <= tolerance) return { point: foot, kind: 'perpendicular', guides: [{ kind: 'perpendicular', from: anchor, to: foot }] };
    }
  }
  if (anchor && options.angles !== false) {
    const step = options.angleStep ?? Math.PI / 4;
    const len = distance(anchor, p);
    if (len === 0) return { point: p, kind: 'none', guides: [] };
    const angled = snapDirection(anchor, p, step);
    const snappedLen = options.grid > 0 ? Math.max(options.grid, Math.round(len / options.grid) * options.grid) : len;
    const k = snappedLen / len;
    const point = planPoint(clean(anchor[0] + (angled[0] - anchor[0]) * k), clean(anchor[1] + (angled[1] - anchor[1]) * k));
    const degrees = Math.round((Math.atan2(point[1] - anchor[1], point[0] - anchor[0]) * 180) / Math.PI) + 0;
    return { point, kind: 'angle', guides: [{ kind: 'angle', from: anchor, to: point }], degrees };
  }
  if (options.grid > 0) return { point: snapToGrid(p, options.grid), kind: 'grid', guides: [] };
  return { point: p, kind: 'none', guides: [] };
}

/**
 * The end of a line of `length` metres from `anchor`: at `degrees` (counter-clockwise from east)
 * when given, else in the direction of `toward` snapped to multiples of `step` (0/45/90°), east
 * when `toward` is the anchor itself.
 */
export function pointAtLength(anchor: PlanPoint, toward: PlanPoint, length: number, degrees?: number, step = Math.PI / 4): PlanPoint {
  const angle =
    degrees !== undefined
      ? (degrees * Math.PI) / 180
      : distance(anchor, toward) === 0
        ? 0
        : Math.round(Math.atan2(toward[1] - anchor[1], toward[0] - anchor[0]) / step) * step;
  return planPoint(clean(anchor[0] + length * Math.cos(angle)), clean(anchor[1] + length * Math.sin(angle)));
}
