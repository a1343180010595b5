/**
 * The plan's commands: tools, undo/redo, delete, rotate, view (fit, zoom, pan) and Escape/Enter.
 * One list gives the keyboard shortcuts (useCommandKeys), the shortcut sheet and the context menu.
 * Keys a tool uses while it works (digits of a typed length, Enter ending a chain) reach the tool
 * first (usePlanInput); these commands run when the tool leaves a key alone.
 */
import type { Command } from '@/components/editor/commands';
import type { Editor } from '@/components/editor/Editor';
import { TOOLS } from './tools';

/** Pixels an arrow key pans. */
export const ARROW_PAN_PX = 60;
/** Zoom factor of one + key press. */
export const ZOOM_STEP = 1.25;

const hasSelection = (editor: Editor) => editor.selection.size > 0;

/** Tool commands, from the tool modules. */
export const TOOL_COMMANDS: readonly Command[] = TOOLS.map((tool) => ({
  id: `tool.${tool.id}`,
  label: tool.label,
  group: 'Tools',
  keys: tool.keys,
  edits: tool.edits,
  run: (editor: Editor) => editor.setTool(tool.id),
}));

/** Every plan command. */
export const PLAN_COMMANDS: readonly Command[] = [
  ...TOOL_COMMANDS,
  { id: 'edit.undo', label: 'Undo', group: 'Edit', keys: ['mod+z'], edits: true, run: (e) => void e.undoManager.undo() },
  { id: 'edit.redo', label: 'Redo', group: 'Edit', keys: ['mod+shift+z', 'mod+y'], edits: true, run: (e) => void e.undoManager.redo() },
  { id: 'edit.delete', label: 'Delete', group: 'Edit', keys: ['delete', 'backspace'], edits: true, inContextMenu: true, enabled: hasSelection, run: (e) => e.deleteSelection() },
  { id: 'selection.rotateLeft', label: 'Rotate 90° counter-clockwise', group: 'Selection', keys: ['['], edits: true, inContextMenu: true, enabled: hasSelection, run: (e) => void e.rotateSelection(Math.PI / 2) },
  { id: 'selection.rotateRight', label: 'Rotate 90° clockwise', group: 'Selection', keys: [']'], edits: true, inContextMenu: true, enabled: hasSelection, run: (e) => void e.rotateSelection(-Math.PI / 2) },
  { id: 'view.hide', label: 'Hide the selection', group: 'View', keys: ['h'], inContextMenu: true, enabled: hasSelection, run: (e) => e.hide(e.selection) },
  { id: 'view.isolate', label: 'Show only the selection (isolate)', group: 'View', keys: ['i'], inContextMenu: true, enabled: hasSelection, run: (e) => e.isolate(e.selection) },
  { id: 'view.showAll', label: 'Show all hidden elements', group: 'View', keys: ['alt+h'], inContextMenu: true, enabled: (e) => e.hiddenCount > 0, run: (e) => e.showAll() },
  { id: 'view.fit', label: 'Fit the plan to the view', group: 'View', keys: ['f', '0'], run: (e) => e.planView?.fit() },
  { id: 'view.zoomIn', label: 'Zoom in', group: 'View', keys: ['+', '='], run: (e) => e.planView?.zoomBy(ZOOM_STEP) },
  { id: 'view.zoomOut', label: 'Zoom out', group: 'View', keys: ['-'], run: (e) => e.planView?.zoomBy(1 / ZOOM_STEP) },
  { id: 'view.panLeft', label: 'Pan left', group: 'View', keys: ['arrowleft'], run: (e) => e.planView?.panBy(ARROW_PAN_PX, 0) },
  { id: 'view.panRight', label: 'Pan right', group: 'View', keys: ['arrowright'], run: (e) => e.planView?.panBy(-ARROW_PAN_PX, 0) },
  { id: 'view.panUp', label: 'Pan up', group: 'View', keys: ['arrowup'], run: (e) => e.planView?.panBy(0, ARROW_PAN_PX) },
  { id: 'view.panDown', label: 'Pan down', group: 'View', keys: ['arrowdown'], run: (e) => e.planView?.panBy(0, -ARROW_PAN_PX) },
  {
    id: 'edit.escape',
    label: 'Cancel: end drawing, clear the selection, back to Select',
    group: 'Edit',
    keys: ['escape'],
    run: (e) => {
      e.update({ contextMenu: null, shortcutsOpen: false });
      e.select([]);
      e.setTool('select');
    },
  },
  // Enter belongs to the drawing tools (they take it first); listed for the sheet, never run as a
  // command so Enter on a focused button still presses it.
  { id: 'edit.enter', label: 'Finish: end the wall chain, close the room, commit a typed length', group: 'Edit', keys: ['enter'], enabled: () => false, run: () => {} },
];
