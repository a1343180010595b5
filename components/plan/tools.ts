import { EQUIPMENT_SYSTEMS, type EquipmentSystem } from '@/lib/model';

/** The plan editor's tools. */
export type Tool = 'select' | 'rotate' | 'wall' | 'room' | 'room-detect' | 'door' | 'window' | 'equipment';

/** Tool buttons: label, keyboard shortcut, and whether it edits the model. */
export const TOOLS: readonly { id: Tool; label: string; key: string; edits: boolean }[] = [
  { id: 'select', label: 'Select', key: 'V', edits: false },
  { id: 'rotate', label: 'Rotate', key: 'T', edits: true },
  { id: 'wall', label: 'Wall', key: 'W', edits: true },
  { id: 'room', label: 'Room', key: 'R', edits: true },
  { id: 'room-detect', label: 'Room from walls', key: 'Shift+R', edits: true },
  { id: 'door', label: 'Door', key: 'D', edits: true },
  { id: 'window', label: 'Window', key: 'N', edits: true },
  { id: 'equipment', label: 'Equipment', key: 'E', edits: true },
];

/** What a tool asks the user to do, shown under the toolbar. */
export const TOOL_HINTS: Record<Tool, string> = {
  select: 'Click to select, Shift-click to add, drag to move or box-select. Drag with the middle button or Space to pan.',
  rotate: 'Select what to turn, then drag the round handle (or anywhere) about its centre. Hold Shift to snap to 15°; type an angle in the properties panel.',
  wall: 'Click to start a wall, click again for each corner. Snaps to the grid, wall ends and 45°. Esc or Enter ends the chain.',
  room: 'Click the corners of the room; click the first corner again or press Enter to close it.',
  'room-detect': 'Click inside an area closed by walls to make it a room.',
  door: 'Click on a wall to put a door there.',
  window: 'Click on a wall to put a window there.',
  equipment: 'Click to place equipment of the chosen system and type.',
};

/** Equipment systems offered when placing equipment. */
export const SYSTEM_CHOICES: readonly EquipmentSystem[] = EQUIPMENT_SYSTEMS;

/** Keyboard shortcut → tool (lower-case key; Shift+R is handled apart). */
export const TOOL_KEYS: Readonly<Record<string, Tool>> = { v: 'select', t: 'rotate', w: 'wall', r: 'room', d: 'door', n: 'window', e: 'equipment' };

/** Grid spacing of the snapping grid, metres. */
export const SNAP_GRID = 0.1;
/** Pointer tolerance in screen pixels (converted to metres by zoom). */
export const HIT_TOLERANCE_PX = 10;
