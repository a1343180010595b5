/**
 * Room tool (R): click the corners of a room; clicking the first corner again or Enter closes
 * it into a room (space) named "Room n".
 */
import { createElement, pointsEqual, type Element, type PlanPoint } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import type { DrawSnap } from '../snapping';
import { requireStorey, snapOnStorey } from './drawing';
import { defineTool, type PlanViewInfo } from './types';

export interface RoomToolState {
  readonly chain: readonly PlanPoint[];
  readonly snap: DrawSnap | null;
}

/** The next free room name on the storey: "Room n". */
export function nextRoomName(onStorey: readonly Element[]): string {
  return `Room ${onStorey.filter((e) => e.kind === 'space').length + 1}`;
}

/** Adds a room with this outline on the current storey and selects it; true when made. */
export function addRoom(editor: Editor, view: PlanViewInfo, polygon: readonly PlanPoint[]): boolean {
  const room = editor.create(createElement('space', { storeyId: view.storeyId, name: nextRoomName(view.onStorey), polygon }));
  if (room) editor.select([room.id]);
  return room !== undefined;
}

export const roomTool = defineTool<RoomToolState>({
  id: 'room',
  label: 'Room',
  keys: ['r'],
  edits: true,
  hint: 'Click the corners of the room; click the first corner again or press Enter to close it.',
  initial: { chain: [], snap: null },
  onPointerDown(ctx, p) {
    if (!requireStorey(ctx)) return;
    const { chain } = ctx.state;
    const q = snapOnStorey(ctx.view, p, chain, chain.at(-1)).point;
    if (chain.length >= 3 && pointsEqual(q, chain[0]!, ctx.view.tolerance)) {
      ctx.setState({ chain: [], snap: null });
      addRoom(ctx.editor, ctx.view, chain);
      return;
    }
    if (chain.some((c) => pointsEqual(c, q))) return;
    ctx.setState({ ...ctx.state, chain: [...chain, q] });
  },
  onPointerMove(ctx, p) {
    const { chain } = ctx.state;
    ctx.setState({ ...ctx.state, snap: snapOnStorey(ctx.view, p, chain, chain.at(-1)) });
  },
  onKey(ctx, key) {
    const { chain } = ctx.state;
    if (key !== 'enter' || chain.length === 0) return false;
    ctx.setState({ chain: [], snap: null });
    if (chain.length >= 3) addRoom(ctx.editor, ctx.view, chain);
    return true;
  },
  overlay(state) {
    const end = state.snap?.point;
    return { chain: state.chain.length > 0 ? [...state.chain, ...(end ? [end] : [])] : [], snap: state.snap ?? undefined };
  },
});
