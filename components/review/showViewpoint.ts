import type { Thread, Viewpoint } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import { readWorkspaceViews, setWorkspaceViews } from '@/components/workspace/Workspace';
import { anchorPointOf } from './anchors';
import { hiddenOf, restoreOf } from './viewpoint';

/** Below this window width the centre has no room for the plan beside the 3D view (Tailwind `md`). */
const SPLIT_MIN_WIDTH = 768;

/**
 * Shows a thread as its author saw it: its viewpoint's storey, hidden elements, selection, section and camera (in
 * the 3D view, switched on when the camera is a perspective one; on the plan, a top-down one),
 * or, without a viewpoint, its anchor's storey with the plan centred on the pin. Stops following.
 */
export function showViewpoint(editor: Editor, thread: Thread, viewpoint: Viewpoint | undefined = thread.viewpoint): void {
  const storeys = editor.storeys;
  const pin = anchorPointOf(thread, editor.readModel.elements, storeys);
  const elevation = storeys.find((s) => s.id === pin?.storeyId)?.elevation ?? 0;
  if (!viewpoint) {
    if (!pin) return;
    if (pin.storeyId !== editor.storeyId) editor.setStorey(pin.storeyId);
    if (thread.anchor.elementId && editor.readModel.elements.has(thread.anchor.elementId)) editor.select([thread.anchor.elementId]);
    editor.requestView({ plan: readWorkspaceViews() === '3d' ? null : { x: pin.x, y: pin.y } });
    return;
  }
  const restore = restoreOf(viewpoint, { storeys, anchor: pin && { storeyId: pin.storeyId, point: [pin.x, pin.y, elevation + pin.z] } });
  if (restore.storeyId && restore.storeyId !== editor.storeyId) editor.setStorey(restore.storeyId);
  // The viewpoint says what is hidden (nothing, when it names none): the hidden banner offers Show all.
  editor.setHidden(hiddenOf(viewpoint, editor.readModel.elements.keys()));
  editor.select(restore.selected);
  let views = readWorkspaceViews();
  if (restore.needs3d && views === '2d') {
    views = window.innerWidth >= SPLIT_MIN_WIDTH ? 'split' : '3d';
    setWorkspaceViews(views);
  }
  // Each view gets its part only while it is shown: a request left for a view opened later would move it then.
  editor.requestView({ plan: views === '3d' ? null : restore.plan, scene: views === '2d' ? null : restore.scene });
}
