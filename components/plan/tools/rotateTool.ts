/**
 * Rotate tool (T): the selection shows a round handle; dragging it (or the selection, or empty
 * space) turns the selection about its centre (the select tool's `rotating` state). Clicking
 * another element selects it.
 */
import { moveSelect, pick, releaseSelect, rotationCentre, selectOverlay, selectTool, type SelectToolState } from './selectTool';
import { defineTool } from './types';

export const rotateTool = defineTool<SelectToolState>({
  id: 'rotate',
  label: 'Rotate',
  keys: ['t'],
  edits: true,
  hint: 'Select what to turn, then drag the round handle (or anywhere) about its centre. Hold Shift to snap to 15°; type an angle in the properties panel.',
  initial: selectTool.initial,
  onPointerDown(ctx, p, e) {
    const selection = ctx.editor.selection;
    if (e.elementId && e.handle !== 'rotate' && (!selection.has(e.elementId) || e.shiftKey)) return void pick(ctx, e.elementId, e.shiftKey);
    const centre = rotationCentre(ctx);
    if (centre && selection.size > 0) return ctx.setState({ name: 'rotating', centre, start: p, angle: 0 });
    ctx.setState({ name: 'brushing', start: p, current: p, additive: e.shiftKey });
  },
  onPointerMove: moveSelect,
  onPointerUp: releaseSelect,
  overlay: selectOverlay,
});
