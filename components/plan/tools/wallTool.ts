/**
 * Wall tool (W): click a start point and each corner; every click adds a wall from the last
 * point. Clicking the chain's first point closes the loop and ends the chain; Enter or a double
 * click ends it. While drawing, digits open a length field at the pointer (6 Enter: a 6 m wall
 * in the pointer's direction snapped to 0/45/90°; `6<90` or Tab for an angle).
 */
import { createElement, distance, pointsEqual, type PlanPoint } from '@/lib/model';
import { pointAtLength, type DrawSnap } from '../snapping';
import { requireStorey, snapOnStorey } from './drawing';
import { parseEntry, typeKey, type TypedEntry } from './typedEntry';
import { defineTool, type ToolContext } from './types';

export interface WallToolState {
  /** The points clicked so far; the next wall starts at the last. */
  readonly chain: readonly PlanPoint[];
  /** The pointer, raw (the direction a typed length goes). */
  readonly pointer: PlanPoint | null;
  /** The pointer's snap (where a click would put the next corner). */
  readonly snap: DrawSnap | null;
  readonly typed: TypedEntry | null;
}

/** Typed ends closer than this to an existing point land on it (floating noise of cos/sin), metres. */
const TYPED_JOIN = 1e-6;

type Ctx = ToolContext<WallToolState>;

/** Adds a wall from the chain's last point to `p`; closing on the first point ends the chain. */
function addCorner(ctx: Ctx, p: PlanPoint): void {
  const { chain } = ctx.state;
  const anchor = chain.at(-1);
  if (!anchor) return ctx.setState({ ...ctx.state, chain: [p], typed: null });
  if (pointsEqual(anchor, p)) return;
  const wall = ctx.editor.create(createElement('wall', { storeyId: ctx.view.storeyId, name: 'Wall', a: anchor, b: p }));
  if (!wall) return;
  const closed = pointsEqual(p, chain[0]!);
  ctx.setState({ ...ctx.state, chain: closed ? [] : [...chain, p], typed: null, snap: null });
}

/** Commits a typed length (and angle) from the chain's last point. */
function commitTyped(ctx: Ctx, entry: TypedEntry): void {
  const anchor = ctx.state.chain.at(-1);
  if (!anchor) return;
  const parsed = parseEntry(entry);
  if (!parsed.ok) return ctx.editor.showError(parsed.message);
  let end = pointAtLength(anchor, ctx.state.pointer ?? anchor, parsed.length, parsed.degrees);
  const join = [...ctx.state.chain, ...ctx.view.storeyWalls.flatMap((w) => [w.a, w.b])].find((q) => distance(q, end) <= TYPED_JOIN);
  if (join) end = join;
  addCorner(ctx, end);
}

export const wallTool = defineTool<WallToolState>({
  id: 'wall',
  label: 'Wall',
  keys: ['w'],
  edits: true,
  hint: 'Click to start a wall, click again for each corner, or type a length (6 Enter; 6<90 for an angle). Snaps to ends, mid points, perpendiculars, 45° and the grid. Enter ends the chain.',
  initial: { chain: [], pointer: null, snap: null, typed: null },
  onPointerDown(ctx, p) {
    if (!requireStorey(ctx)) return;
    const snap = snapOnStorey(ctx.view, p, ctx.state.chain, ctx.state.chain.at(-1));
    addCorner(ctx, snap.point);
  },
  onPointerMove(ctx, p) {
    const snap = snapOnStorey(ctx.view, p, ctx.state.chain, ctx.state.chain.at(-1));
    ctx.setState({ ...ctx.state, pointer: p, snap });
  },
  onKey(ctx, key) {
    const { chain, typed } = ctx.state;
    if (chain.length > 0 && (typed || /^[0-9.,]$/.test(key))) {
      const result = typeKey(typed, key);
      if (!result) return typed !== null && !key.startsWith('mod+');
      if ('commit' in result) commitTyped(ctx, result.commit);
      else ctx.setState({ ...ctx.state, typed: result.entry });
      return true;
    }
    if (key === 'enter' && chain.length > 0) {
      ctx.setState({ ...ctx.state, chain: [], typed: null });
      return true;
    }
    return false;
  },
  overlay(state) {
    const anchor = state.chain.at(-1);
    const end = state.snap?.point;
    return {
      chain: anchor ? [...state.chain, ...(end ? [end] : [])] : [],
      snap: state.snap ?? undefined,
      length: anchor && end && !state.typed ? { at: end, metres: distance(anchor, end) } : undefined,
      typed: state.typed && state.pointer ? { at: state.pointer, entry: state.typed } : undefined,
    };
  },
});
