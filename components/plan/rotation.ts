import {
  boundingBox,
  fromDegrees,
  normaliseAngle as normaliseRadians,
  planPoint,
  radians,
  snapToGrid,
  toDegrees as radiansToDegrees,
  type Degrees,
  type Element,
  type PlanPoint,
  type Radians,
} from '@/lib/model';
import { elementBounds } from './elementGeometry';
import { SNAP_GRID } from './tools';

/** Shift-drag snaps the rotation to multiples of this angle: 15°, in radians. */
export const ROTATION_SNAP = Math.PI / 12;

/** Distance of the rotate handle above the selection's box, screen pixels. */
export const ROTATE_HANDLE_OFFSET_PX = 32;

/**
 * Angle helpers for plan code that still holds bare numbers: each brands its input as
 * {@link Radians} and defers to lib/model/units (the one place angles are converted).
 */
export function normaliseAngle(angle: number): Radians {
  return normaliseRadians(radians(angle));
}

/** Radians → degrees, rounded to 1/100°, for display and typed entry (lib/model `toDegrees`). */
export function toDegrees(angle: number): Degrees {
  return radiansToDegrees(radians(angle));
}

export { fromDegrees };

/** The plan's rotation `angle` rounded to the nearest multiple of `step` (default {@link ROTATION_SNAP}). */
export function snapRotation(angle: number, step = ROTATION_SNAP): Radians {
  return radians(Math.round(angle / step) * step + 0);
}

/**
 * The rotation (radians, counter-clockwise on the plan, in (-π, π]) that takes the pointer from
 * `from` to `to` about `centre`: what a drag of the rotate handle means. 0 when either point is
 * on the centre (no direction). With `snap`, rounded to multiples of {@link ROTATION_SNAP}.
 */
export function dragAngle(centre: readonly [number, number], from: readonly [number, number], to: readonly [number, number], snap = false): Radians {
  const [ax, ay] = [from[0] - centre[0], from[1] - centre[1]];
  const [bx, by] = [to[0] - centre[0], to[1] - centre[1]];
  if ((ax === 0 && ay === 0) || (bx === 0 && by === 0)) return radians(0);
  const angle = normaliseAngle(Math.atan2(by, bx) - Math.atan2(ay, ax));
  return snap ? normaliseAngle(snapRotation(angle)) : angle;
}

/**
 * The point a selection turns about: the centre of its bounding box, snapped to the drawing grid
 * so a turned wall's ends stay on round numbers. Undefined when nothing in it has a position.
 */
export function selectionCentre(elements: readonly Element[], all: ReadonlyMap<string, Element>): PlanPoint | undefined {
  const box = boundingBox(
    elements.flatMap((e) => {
      const b = elementBounds(e, all);
      return b ? [b.min, b.max] : [];
    }),
  );
  if (!box) return undefined;
  return snapToGrid(planPoint((box.min[0] + box.max[0]) / 2, (box.min[1] + box.max[1]) / 2), SNAP_GRID);
}
