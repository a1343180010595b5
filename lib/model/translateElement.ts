/** Moving elements on the plan. */
import type { Element } from './elements';
import { translatePoint } from './geometry';
import type { PlanVector, WorldPoint } from './units';

/**
 * Returns `element` moved by `delta` on the plan: wall end points, polygon vertices and
 * positions (z unchanged). Doors and windows in a wall are returned unchanged: they are placed
 * relative to it and move with it; those in a slab move by their position.
 */
export function translateElement<E extends Element>(element: E, delta: PlanVector): E {
  switch (element.kind) {
    case 'wall':
      return { ...element, a: translatePoint(element.a, delta), b: translatePoint(element.b, delta) };
    case 'space':
    case 'slab':
      return { ...element, polygon: element.polygon.map((p) => translatePoint(p, delta)) };
    case 'door':
    case 'window':
      return element.position === undefined ? element : { ...element, position: movedPosition(element.position, delta) };
    case 'equipment':
    case 'object':
      return { ...element, position: movedPosition(element.position, delta) };
  }
}

function movedPosition(position: WorldPoint, delta: PlanVector): WorldPoint {
  const [x, y] = translatePoint([position[0], position[1]], delta);
  return [x, y, position[2]];
}
