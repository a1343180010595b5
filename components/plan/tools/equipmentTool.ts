/** Equipment tool (E): click to place equipment of the chosen system and type, on the grid. */
import { createElement, defaultEquipmentPath, snapToGrid, worldPoint, type Space } from '@/lib/model';
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
    // The path says where it is: `/<system>/<room>/<type>-<n>` (the room it stands in, else `unassigned`).
    const storeyId = ctx.view.storeyId;
    const elements = [...ctx.editor.readModel.elements.values()];
    const spaces = elements.filter((e): e is Space => e.kind === 'space' && e.storeyId === storeyId);
    const paths = elements.flatMap((e) => (e.kind === 'equipment' ? [e.path] : []));
    const position = worldPoint(p[0], p[1], EQUIPMENT_HEIGHT);
    const path = defaultEquipmentPath(system, type, position, spaces, paths);
    const made = ctx.editor.create(createElement('equipment', { storeyId, name: type, system, type, position, path }));
    if (made) ctx.editor.select([made.id]);
  },
});
