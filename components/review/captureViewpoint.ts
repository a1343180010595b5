import type { Viewpoint } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import { viewpointOfPlan, viewpointOfScene, visibilityOf } from './viewpoint';

/**
 * The viewpoint of what the user sees now: the 3D view's camera, section and storeys with a
 * snapshot of its canvas when a 3D view is shown, else the plan as a top-down orthographic camera
 * over its visible area; with the selection and the hidden elements. `upload` stores the snapshot (its sha256, or
 * undefined: the viewpoint goes without one). Undefined when no view is shown.
 */
export async function captureViewpoint(editor: Editor, upload: (image: Blob) => Promise<string | undefined>): Promise<Viewpoint | undefined> {
  const id = crypto.randomUUID();
  const selected = [...editor.selection];
  const storeyId = editor.storeyId;
  const scene = editor.sceneView;
  const { hidden, visible, truncated } = visibilityOf(editor.getState().hidden, editor.readModel.elements.keys());
  if (truncated) console.warn(`the viewpoint keeps the first ${hidden.length} hidden elements only: too many are hidden and too many shown to list either`);
  const visibility = { hidden, ...(visible ? { visible } : {}) };
  if (scene) {
    const body = { ...viewpointOfScene(scene.view(), { storeyId, storeys: editor.storeys, selected }), ...visibility };
    const image = await scene.snapshot().catch((error: unknown) => {
      console.error('the 3D view could not be captured as an image', error);
      return null;
    });
    const snapshot = image ? await upload(image) : undefined;
    return { id, ...body, ...(snapshot ? { snapshot } : {}) };
  }
  const plan = editor.planView;
  const storey = editor.storeys.find((s) => s.id === storeyId);
  if (!plan || !storey) return undefined;
  return { id, ...viewpointOfPlan(plan.camera(), plan.size(), storey, selected), ...visibility };
}

/** Largest snapshot the server takes (the snapshots route's limit). */
const SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024;

/** Uploads a snapshot image of building `buildingId`; its sha256, or undefined (logged) when it could not be stored. */
export async function uploadSnapshot(buildingId: string, image: Blob): Promise<string | undefined> {
  if (image.size > SNAPSHOT_MAX_BYTES) return undefined;
  try {
    const response = await fetch(`/api/v1/buildings/${encodeURIComponent(buildingId)}/snapshots`, { method: 'POST', headers: { 'content-type': image.type || 'image/jpeg' }, body: image });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { hash: string }).hash;
  } catch (error) {
    console.error(`the snapshot of a review viewpoint of building ${buildingId} could not be stored`, error);
    return undefined;
  }
}
