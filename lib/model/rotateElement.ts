/** Rotating elements about a plan point (the editor's rotate tool). */
import type { Element, ElementPatch } from './elements';
import { normaliseAngle, planPoint, radians, worldPoint, type PlanPoint, type Radians } from './units';

/** `p` rotated by `angle` radians counter-clockwise about `centre`, rounded to 1 µm (a bare number is read as radians). */
export function rotatePoint(p: readonly [number, number], centre: readonly [number, number], angle: number): PlanPoint {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const dx = p[0] - centre[0];
  const dy = p[1] - centre[1];
  const r = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
  return planPoint(r(centre[0] + dx * c - dy * s), r(centre[1] + dx * s + dy * c));
}

/**
 * The fields that change when `element` is rotated by `angle` about `centre`, as a patch for
 * `updateElement`; undefined for doors and windows in a wall (they follow it). One in a slab
 * turns like an object (the caller turns it with its slab).
 */
export function rotateElementPatch(element: Element, centre: readonly [number, number], angle: Radians): ElementPatch | undefined {
  const turn = (v: number) => normaliseAngle(radians(v + angle));
  switch (element.kind) {
    case 'wall':
      return { a: rotatePoint(element.a, centre, angle), b: rotatePoint(element.b, centre, angle) } as ElementPatch;
    case 'space':
    case 'slab':
      return { polygon: element.polygon.map((p) => rotatePoint(p, centre, angle)) } as ElementPatch;
    case 'door':
    case 'window':
    case 'equipment':
    case 'object': {
      if (element.position === undefined || element.rotation === undefined) return undefined;
      const [x, y] = rotatePoint([element.position[0], element.position[1]], centre, angle);
      return { position: worldPoint(x, y, element.position[2]), rotation: turn(element.rotation) } as ElementPatch;
    }
  }
}
