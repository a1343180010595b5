/**
 * Walls that meet stay joined. A wall end that moves takes along every end of another wall on its
 * storey at the same point, and every room corner there: what `moveElements`, `moveWallEnd` and
 * the properties panel's length and end edits do in lib/doc, and what a drag preview can draw.
 */
import type { Element, ElementPatch } from './elements';
import { pointsEqual, translatePoint } from './geometry';
import type { PlanPoint, PlanVector } from './units';

/** How close two wall ends must be to count as joined: 1 µm (snapped drawing puts them on the same point). */
export const JOINT_TOLERANCE = 1e-6;

/** A wall end that moved, on a storey: joined ends and room corners at `from` go to `to`. */
export interface JointMove {
  readonly storeyId: string;
  readonly from: PlanPoint;
  readonly to: PlanPoint;
}

/** Where a point on a storey goes under some joint moves; undefined when it stays. */
export type JointTarget = (storeyId: string, p: PlanPoint) => PlanPoint | undefined;

/**
 * Looks moved ends up by storey and tolerance-sized cell, so following a large selection's moves
 * stays one pass over the plan.
 */
export function jointTarget(joints: readonly JointMove[]): JointTarget {
  const cells = new Map<string, JointMove[]>();
  const cell = (storeyId: string, x: number, y: number) => `${storeyId} ${x} ${y}`;
  for (const j of joints) {
    const key = cell(j.storeyId, Math.round(j.from[0] / JOINT_TOLERANCE), Math.round(j.from[1] / JOINT_TOLERANCE));
    cells.set(key, [...(cells.get(key) ?? []), j]);
  }
  return (storeyId, p) => {
    const [cx, cy] = [Math.round(p[0] / JOINT_TOLERANCE), Math.round(p[1] / JOINT_TOLERANCE)];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const hit = cells.get(cell(storeyId, cx + dx, cy + dy))?.find((j) => pointsEqual(j.from, p, JOINT_TOLERANCE));
        if (hit) return hit.to;
      }
    }
    return undefined;
  };
}

/**
 * The patch that keeps `element` joined (a wall's ends, a room's corners), or undefined when
 * nothing of it sits on a moved end. Other kinds never follow.
 */
export function followJointsPatch(element: Element, target: JointTarget): ElementPatch | undefined {
  if (element.kind === 'wall') {
    const a = target(element.storeyId, element.a);
    const b = target(element.storeyId, element.b);
    return a || b ? ({ ...(a ? { a } : {}), ...(b ? { b } : {}) } as ElementPatch) : undefined;
  }
  if (element.kind === 'space') {
    let changed = false;
    const polygon = element.polygon.map((p) => {
      const to = target(element.storeyId, p);
      changed ||= to !== undefined;
      return to ?? p;
    });
    return changed ? ({ polygon } as ElementPatch) : undefined;
  }
  return undefined;
}

/** The joint moves of moving `walls` by `delta`: both ends of each. */
export function wallEndMoves(walls: Iterable<Element>, delta: PlanVector): JointMove[] {
  const moves: JointMove[] = [];
  for (const w of walls) {
    if (w.kind !== 'wall') continue;
    moves.push({ storeyId: w.storeyId, from: w.a, to: translatePoint(w.a, delta) }, { storeyId: w.storeyId, from: w.b, to: translatePoint(w.b, delta) });
  }
  return moves;
}

/**
 * What follows when the elements `ids` move by `delta`, for a preview while dragging: each wall
 * or room not in `ids` that stays joined, with its patch (as lib/doc's `moveElements` writes it).
 * Unvalidated: the write may still refuse (a joined wall shrunk to nothing).
 */
export function jointFollowers(elements: Iterable<Element>, ids: ReadonlySet<string>, delta: PlanVector): { element: Element; patch: ElementPatch }[] {
  const all = [...elements];
  const target = jointTarget(wallEndMoves(all.filter((e) => ids.has(e.id)), delta));
  return all.flatMap((element) => {
    if (ids.has(element.id)) return [];
    const patch = followJointsPatch(element, target);
    return patch ? [{ element, patch }] : [];
  });
}
