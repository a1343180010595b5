import type * as THREE from 'three';
import { moveElements } from '@/lib/doc';
import { planPoint, type Wall } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import { snappedTranslation } from '@/components/plan/tools/selectTool';

/** How close (metres) a moved wall's end snaps to another wall in 3D and XR (the plan uses pixels over zoom). */
export const SNAP_M = 0.15;

/**
 * Moves `ids` on the plan as if dragged from world point `from` to world point `to` (their x and z;
 * world z is −plan y), with the plan's snapping against the current storey's other walls: one
 * validated doc edit (one undo step), a refusal shown in words. Used by the 3D gizmo and the XR
 * grip. Returns whether anything moved.
 */
export function moveOnPlan(editor: Editor, ids: readonly string[], from: THREE.Vector3, to: THREE.Vector3): boolean {
  const storeyWalls = [...editor.readModel.elements.values()].filter((e): e is Wall => e.kind === 'wall' && e.storeyId === editor.storeyId);
  const { delta } = snappedTranslation(storeyWalls, SNAP_M, planPoint(from.x, -from.z), ids, planPoint(to.x, -to.z));
  if (delta[0] === 0 && delta[1] === 0) return false;
  return editor.report(moveElements(editor.doc, ids, delta, editor.origin));
}
