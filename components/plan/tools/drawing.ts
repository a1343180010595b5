/** Helpers the drawing tools share: snapping against the storey, and the current storey check. */
import { planPoint, type PlanPoint, type Segment } from '@/lib/model';
import { snapDrawing, type DrawSnap } from '../snapping';
import { SNAP_GRID, type PlanViewInfo, type ToolContext } from './types';

/**
 * Snaps a pointer position for drawing on the current storey: to the storey's wall ends, mid
 * points and perpendicular feet, the chain drawn so far, 0/45/90° from `anchor`, and the grid.
 */
export function snapOnStorey(view: PlanViewInfo, p: PlanPoint, chain: readonly PlanPoint[] = [], anchor?: PlanPoint, angles = true): DrawSnap {
  const legs: Segment[] = [];
  for (let i = 1; i < chain.length; i++) legs.push({ a: chain[i - 1]!, b: chain[i]! });
  return snapDrawing(p, { grid: SNAP_GRID, tolerance: view.tolerance, segments: [...view.storeyWalls, ...legs], points: chain, anchor, angles });
}

/** True when there is a storey to draw on; otherwise says so. */
export function requireStorey<S>(ctx: ToolContext<S>): boolean {
  if (ctx.view.storeyId) return true;
  ctx.editor.showError('Add a storey first.');
  return false;
}

/** The mean of two points. */
export function midpoint(a: PlanPoint, b: PlanPoint): PlanPoint {
  return planPoint((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
}
