/** Moving elements on the plan. */
import type { Element } from './elements';
import { translatePoint } from './geometry';
import type { PlanVector, WorldPoint } from './units';

/**
 * Returns `element` moved by `delta` on the plan: wall end points, polygon vertices and
 * positions (z unchanged). Doors and windows are returned unchanged: they are placed relative to
 * their host wall and move with it.
 */
export function translateElement<E extends Element>(element: E, delta: PlanVector): E {
  switch (element.kind) {
    case 'wall':
      return { ...element, a: translatePoint(element.a, delta), b: translatePoint(element.b, delta) };
    case 'space':
    case 'slab':
      return { ...element, polygon: element.polygon.map((p) => translatePoint(p, delta)) };
    case 'equipment':
    case 'object': {
      const [x, y] = translatePoint([element.position[0], element.position[1]], delta);
      const position: WorldPoint = [x, y, element.position[2]];
      return { ...element, position };
    }
    default:
      return element;
  }
}
