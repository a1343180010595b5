/**
 * Measure tool (M): click two points to read the distance and direction between them; snaps as
 * drawing does (end and mid points, perpendiculars, the grid; any direction). Writes nothing to the model; the measure stays until the next click.
 */
import type { PlanPoint } from '@/lib/model';
import type { DrawSnap } from '../snapping';
import { snapOnStorey } from './drawing';
import { defineTool } from './types';

export interface MeasureToolState {
  /** The first point, once clicked. */
  readonly a: PlanPoint | null;
  /** The second point: the snapped pointer until clicked. */
  readonly b: PlanPoint | null;
  /** True once the second point is clicked. */
  readonly done: boolean;
  readonly snap: DrawSnap | null;
}

/** Distance (metres) and direction (degrees counter-clockwise from east, in (-180, 180]) from a to b. */
export function measureBetween(a: PlanPoint, b: PlanPoint): { metres: number; degrees: number } {
  const degrees = (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
  return { metres: Math.hypot(b[0] - a[0], b[1] - a[1]), degrees: degrees === -180 ? 180 : degrees + 0 };
}

export const measureTool = defineTool<MeasureToolState>({
  id: 'measure',
  label: 'Measure',
  keys: ['m'],
  edits: false,
  hint: 'Click two points to measure the distance and angle between them. Nothing is drawn into the model.',
  initial: { a: null, b: null, done: false, snap: null },
  onPointerDown(ctx, p) {
    const { a, done } = ctx.state;
    if (!a || done) {
      const snap = snapOnStorey(ctx.view, p);
      return ctx.setState({ a: snap.point, b: null, done: false, snap });
    }
    const snap = snapOnStorey(ctx.view, p, [], a, false);
    ctx.setState({ a, b: snap.point, done: true, snap: null });
  },
  onPointerMove(ctx, p) {
    const { a, done } = ctx.state;
    if (done) return;
    const snap = snapOnStorey(ctx.view, p, [], a ?? undefined, false);
    ctx.setState({ ...ctx.state, b: a ? snap.point : null, snap });
  },
  onKey(ctx, key) {
    if (key !== 'enter' || !ctx.state.a) return false;
    ctx.setState(measureTool.initial);
    return true;
  },
  overlay(state) {
    return { snap: state.snap ?? undefined, measure: state.a && state.b ? { a: state.a, b: state.b } : undefined };
  },
});
