/** Door (D) and window (N) tools: click on a wall to put an opening there, centred on the click. */
import { clampOpeningOffset, createElement, ELEMENT_DEFAULTS, metres, nearestWall, projectOntoWall, wallLength, type PlanPoint } from '@/lib/model';
import { requireStorey } from './drawing';
import { defineTool, type PlanTool, type ToolContext } from './types';

/** Puts a door or window on the wall nearest `p` (within twice the tolerance) and selects it. */
export function placeOpeningAt(ctx: ToolContext<unknown>, kind: 'door' | 'window', p: PlanPoint): void {
  if (!requireStorey(ctx)) return;
  const wall = nearestWall(p, ctx.view.storeyWalls, ctx.view.tolerance * 2);
  if (!wall) return ctx.editor.showError(`Click on a wall to place a ${kind}.`);
  const { width } = ELEMENT_DEFAULTS[kind];
  if (wallLength(wall) < width) return ctx.editor.showError(`This wall is ${wallLength(wall).toFixed(2)} m long: too short for a ${width} m ${kind}.`);
  const offset = clampOpeningOffset(wall, metres(Math.round((projectOntoWall(wall, p) - width / 2) * 100) / 100), width);
  const fields = { storeyId: ctx.view.storeyId, hostId: wall.id, offset };
  const opening = ctx.editor.create(kind === 'door' ? createElement('door', fields) : createElement('window', fields));
  if (opening) ctx.editor.select([opening.id]);
}

function openingTool(kind: 'door' | 'window', label: string, key: string): PlanTool<null> {
  return defineTool<null>({
    id: kind,
    label,
    keys: [key],
    edits: true,
    hint: `Click on a wall to put a ${kind} there.`,
    initial: null,
    onPointerDown: (ctx, p) => placeOpeningAt(ctx, kind, p),
  });
}

export const doorTool = openingTool('door', 'Door', 'd');
export const windowTool = openingTool('window', 'Window', 'n');
