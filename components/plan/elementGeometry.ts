import { boundingBox, isPlacedOpening, placedOpeningOutline, placeOpening, wallOutline, type BoundingBox, type Element, type PlanPoint } from '@/lib/model';

export { wallOutline };

/** Half-size of equipment and object symbols, metres. */
export const SYMBOL_RADIUS = 0.3;

/** Plan points that bound an element (for box select, fit and selection outlines). */
export function elementPoints(element: Element, walls: ReadonlyMap<string, Element>): PlanPoint[] {
  switch (element.kind) {
    case 'wall':
      return wallOutline(element);
    case 'space':
    case 'slab':
      return [...element.polygon];
    case 'door':
    case 'window': {
      if (isPlacedOpening(element)) return placedOpeningOutline(element);
      const host = walls.get(element.hostId);
      if (host?.kind !== 'wall') return [];
      const at = placeOpening(host, element.offset, element.width);
      return [at.start, at.end];
    }
    case 'equipment':
    case 'object': {
      const [x, y] = element.position;
      const r = SYMBOL_RADIUS;
      return [[x - r, y - r], [x + r, y + r]] as unknown as PlanPoint[];
    }
  }
}

/** Bounding box of an element, or undefined (e.g. an opening without its wall). */
export function elementBounds(element: Element, elements: ReadonlyMap<string, Element>): BoundingBox | undefined {
  return boundingBox(elementPoints(element, elements));
}
