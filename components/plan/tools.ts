/**
 * The plan editor's tools: one list of tool modules (components/plan/tools/*). The toolbar, the
 * shortcuts (planCommands.ts) and the hint line all derive from it.
 */
import { EQUIPMENT_SYSTEMS, type EquipmentSystem } from '@/lib/model';
import { equipmentTool } from './tools/equipmentTool';
import { measureTool } from './tools/measureTool';
import { doorTool, windowTool } from './tools/openingTool';
import { rotateTool } from './tools/rotateTool';
import { roomFromWallsTool } from './tools/roomFromWallsTool';
import { roomTool } from './tools/roomTool';
import { selectTool } from './tools/selectTool';
import type { PlanTool, Tool } from './tools/types';
import { wallTool } from './tools/wallTool';

export type { Tool } from './tools/types';
export { HIT_TOLERANCE_PX, SNAP_GRID } from './tools/types';

/** Every tool, in toolbar order. */
export const TOOLS: readonly PlanTool<never>[] = [selectTool, rotateTool, wallTool, roomTool, roomFromWallsTool, doorTool, windowTool, equipmentTool, measureTool] as unknown as readonly PlanTool<never>[];

/** The tool module of an id. */
export function toolById(id: Tool): PlanTool<unknown> {
  return (TOOLS.find((t) => t.id === id) ?? selectTool) as unknown as PlanTool<unknown>;
}

/** What a tool asks the user to do, shown under the toolbar. */
export const TOOL_HINTS = Object.fromEntries(TOOLS.map((t) => [t.id, t.hint])) as Record<Tool, string>;

/** Equipment systems offered when placing equipment. */
export const SYSTEM_CHOICES: readonly EquipmentSystem[] = EQUIPMENT_SYSTEMS;
