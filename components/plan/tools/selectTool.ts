/**
 * Select tool (V) as child states, after tldraw's SelectTool: `idle`; `pointing` (pressed on an
 * element, not yet moved); `translating` (dragging the selection: one transaction on release);
 * `brushing` (a selection rectangle from empty space); `rotating` (turning the selection about
 * its centre; the rotate tool enters it).
 */
import { moveElements } from '@/lib/doc';
import { distance, planPoint, planVector, snapToGrid, type PlanPoint, type PlanVector, type Segment, type Wall } from '@/lib/model';
import { elementBounds } from '../elementGeometry';
import { dragAngle, selectionCentre } from '../rotation';
import { snapDrawing, type DrawSnap } from '../snapping';
import { defineTool, SNAP_GRID, type ToolContext, type ToolOverlay, type ToolPointer } from './types';

export type SelectToolState =
  | { readonly name: 'idle' }
  | { readonly name: 'pointing'; readonly start: PlanPoint; readonly ids: readonly string[] }
  | { readonly name: 'translating'; readonly start: PlanPoint; readonly ids: readonly string[]; readonly delta: PlanVector; readonly snap: DrawSnap | null }
  | { readonly name: 'brushing'; readonly start: PlanPoint; readonly current: PlanPoint; readonly additive: boolean }
  | { readonly name: 'rotating'; readonly centre: PlanPoint; readonly start: PlanPoint; readonly angle: number };

type Ctx = ToolContext<SelectToolState>;

/** A press becomes a drag after this many screen pixels. */
export const DRAG_THRESHOLD_PX = 3;
const IDLE: SelectToolState = { name: 'idle' };

/** Selects the element clicked (Shift toggles it in the selection); returns the new selection. */
export function pick(ctx: Ctx, id: string, shift: boolean): string[] {
  const selection = ctx.editor.selection;
  const next = new Set(shift ? selection : selection.has(id) ? selection : []);
  if (shift && selection.has(id)) next.delete(id);
  else next.add(id);
  ctx.editor.select(next);
  return [...next];
}

/**
 * The move of a dragged selection: the moving wall end nearest the grab point (or the grab
 * point) follows the pointer and snaps to other walls' ends, mid points and the grid.
 */
export function translation(ctx: Ctx, start: PlanPoint, ids: readonly string[], p: PlanPoint): { delta: PlanVector; snap: DrawSnap } {
  return snappedTranslation(ctx.view.storeyWalls, ctx.view.tolerance, start, ids, p);
}

/**
 * The move of `ids` dragged from `start` to `p` with the plan's snapping (a moved wall's nearest
 * end snaps to other walls' ends and lines, else the delta to the grid). The 3D gizmo uses it too.
 */
export function snappedTranslation(storeyWalls: readonly Wall[], tolerance: number, start: PlanPoint, ids: readonly string[], p: PlanPoint): { delta: PlanVector; snap: DrawSnap } {
  const moving = new Set(ids);
  const movingEnds = storeyWalls.filter((w) => moving.has(w.id)).flatMap((w) => [w.a, w.b]);
  let ref = start;
  let best = Infinity;
  for (const q of movingEnds) {
    const d = distance(q, start);
    if (d < best) [ref, best] = [q, d];
  }
  const target = planPoint(ref[0] + p[0] - start[0], ref[1] + p[1] - start[1]);
  const others: Segment[] = storeyWalls.filter((w) => !moving.has(w.id));
  const snap = snapDrawing(target, { grid: SNAP_GRID, tolerance, segments: others });
  const raw = snap.kind === 'grid' && ref === start ? snapToGrid(planPoint(p[0] - start[0], p[1] - start[1]), SNAP_GRID) : planPoint(snap.point[0] - ref[0], snap.point[1] - ref[1]);
  return { delta: planVector(Number(raw[0].toFixed(9)) + 0, Number(raw[1].toFixed(9)) + 0), snap };
}

/** Ids of the current storey's elements lying wholly inside the rectangle a–b. */
export function elementsInside(ctx: Ctx, a: PlanPoint, b: PlanPoint): string[] {
  const [x0, x1] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
  const [y0, y1] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  return ctx.view.onStorey
    .filter((el) => {
      const box = elementBounds(el, ctx.view.walls);
      return box && box.min[0] >= x0 && box.max[0] <= x1 && box.min[1] >= y0 && box.max[1] <= y1;
    })
    .map((el) => el.id);
}

/** The point the selection turns about: its bounding box's centre on the grid. */
export function rotationCentre(ctx: Ctx): PlanPoint | undefined {
  return selectionCentre(ctx.editor.selected, ctx.editor.readModel.elements);
}

/** Pointer down in the select tool's idle state. */
function pressSelect(ctx: Ctx, p: PlanPoint, e: ToolPointer): void {
  if (e.elementId) {
    const ids = pick(ctx, e.elementId, e.shiftKey);
    if (ctx.editor.canEdit && !e.shiftKey) ctx.setState({ name: 'pointing', start: p, ids });
    return;
  }
  ctx.setState({ name: 'brushing', start: p, current: p, additive: e.shiftKey });
}

/** Moves shared by the select and rotate tools. */
export function moveSelect(ctx: Ctx, p: PlanPoint, e: ToolPointer): void {
  const s = ctx.state;
  if (s.name === 'pointing' && distance(p, s.start) * ctx.view.camera.zoom > DRAG_THRESHOLD_PX) {
    ctx.setState({ name: 'translating', start: s.start, ids: s.ids, ...translation(ctx, s.start, s.ids, p) });
  } else if (s.name === 'translating') {
    ctx.setState({ ...s, ...translation(ctx, s.start, s.ids, p) });
  } else if (s.name === 'brushing') {
    ctx.setState({ ...s, current: p });
  } else if (s.name === 'rotating') {
    ctx.setState({ ...s, angle: dragAngle(s.centre, s.start, p, e.shiftKey) });
  }
}

/** Releases shared by the select and rotate tools: commits the move or turn, or selects the box. */
export function releaseSelect(ctx: Ctx, p: PlanPoint, e: ToolPointer): void {
  const s = ctx.state;
  ctx.setState(IDLE);
  if (s.name === 'translating' && (s.delta[0] !== 0 || s.delta[1] !== 0) && ctx.editor.canEdit) {
    // One transaction per drag: what peers see and what one undo step reverts.
    ctx.editor.report(moveElements(ctx.editor.doc, s.ids, s.delta, ctx.editor.origin));
  } else if (s.name === 'brushing') {
    const hits = elementsInside(ctx, s.start, p);
    ctx.editor.select(new Set([...(s.additive ? ctx.editor.selection : []), ...hits]));
  } else if (s.name === 'rotating') {
    ctx.editor.rotateSelection(dragAngle(s.centre, s.start, p, e.shiftKey));
  }
}

/** Overlay shared by the select and rotate tools. */
export function selectOverlay(s: SelectToolState): ToolOverlay {
  switch (s.name) {
    case 'translating':
      return { translate: s.delta, snap: s.snap && s.snap.kind !== 'grid' && s.snap.kind !== 'none' ? s.snap : undefined };
    case 'brushing':
      return { brush: { a: s.start, b: s.current } };
    case 'rotating':
      return { rotate: { centre: s.centre, angle: s.angle } };
    default:
      return {};
  }
}

export const selectTool = defineTool<SelectToolState>({
  id: 'select',
  label: 'Select',
  keys: ['v'],
  edits: false,
  hint: 'Click to select, Shift-click to add, drag to move or box-select. Hold Space and drag, or drag with the middle or right button, to pan; scroll or pinch to zoom.',
  initial: IDLE,
  onPointerDown: pressSelect,
  onPointerMove: moveSelect,
  onPointerUp: releaseSelect,
  overlay: selectOverlay,
});
