/** Equipment tool (E): click to place equipment of the chosen system and type, on the grid. */
import { createElement, snapToGrid, worldPoint } from '@/lib/model';
import { requireStorey } from './drawing';
import { defineTool, SNAP_GRID } from './types';

/** Height of placed equipment above the storey floor, metres. */
const EQUIPMENT_HEIGHT = 0.3;

export const equipmentTool = defineTool<null>({
  id: 'equipment',
  label: 'Equipment',
  keys: ['e'],
  edits: true,
  hint: 'Click to place equipment of the chosen system and type.',
  initial: null,
  onPointerDown(ctx, raw) {
    if (!requireStorey(ctx)) return;
    const p = snapToGrid(raw, SNAP_GRID);
    const { system, type: typed } = ctx.editor.getState().equipment;
    const type = typed.trim() || 'generic';
    // TODO(lead, #14 point 9): the single call site for the model helper's default path: pass
    // `path: defaultEquipmentPath(...)` (system + the room under `p`) in these fields when it lands.
    const made = ctx.editor.create(createElement('equipment', { storeyId: ctx.view.storeyId, name: type, system, type, position: worldPoint(p[0], p[1], EQUIPMENT_HEIGHT) }));
    if (made) ctx.editor.select([made.id]);
  },
});
