/**
 * Room from walls (Shift+R): click inside an area closed by walls to make it a room. Clicking
 * inside a room that already covers that area selects it instead of making a duplicate.
 */
import { classifyPoint, detectRoom, distance, polygonArea, type PlanPoint, type Space } from '@/lib/model';
import { requireStorey } from './drawing';
import { addRoom } from './roomTool';
import { defineTool } from './types';

/** Same corners within this distance (metres) make the same area. */
const SAME_CORNER = 0.01;

/** True when two outlines have the same corners (any start, either winding). */
export function sameOutline(a: readonly PlanPoint[], b: readonly PlanPoint[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p) => b.some((q) => distance(p, q) <= SAME_CORNER));
}

/**
 * The existing room that already is the area `polygon` around `p`: one with the same corners,
 * or one that contains `p` and has the same area (within 1%).
 */
export function roomCovering(rooms: readonly Space[], polygon: readonly PlanPoint[], p: PlanPoint): Space | undefined {
  const area = polygonArea(polygon);
  return (
    rooms.find((r) => sameOutline(r.polygon, polygon)) ??
    rooms.find((r) => classifyPoint(p, r.polygon) === 'inside' && Math.abs(polygonArea(r.polygon) - area) <= area * 0.01)
  );
}

export const roomFromWallsTool = defineTool<null>({
  id: 'room-detect',
  label: 'Room from walls',
  keys: ['shift+r'],
  edits: true,
  hint: 'Click inside an area closed by walls to make it a room.',
  initial: null,
  onPointerDown(ctx, p) {
    if (!requireStorey(ctx)) return;
    const polygon = detectRoom(ctx.view.storeyWalls, p);
    if (!polygon) return ctx.editor.showError('No area closed by walls around that point: draw the missing walls or use the Room tool.');
    const rooms = ctx.view.onStorey.filter((e): e is Space => e.kind === 'space');
    const existing = roomCovering(rooms, polygon, p);
    if (existing) {
      ctx.editor.select([existing.id]);
      return ctx.editor.showInfo(`This area is already ${existing.name || 'a room'}.`);
    }
    addRoom(ctx.editor, ctx.view, polygon);
  },
});
