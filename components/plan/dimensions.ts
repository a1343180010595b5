/**
 * Dimension lines of a selected element: a wall's length, a room's edge lengths, an opening's
 * width and its distances to the ends of its wall. Pure; the overlay draws each line beside its
 * measured segment, `side` pixels off to the left of a → b (negative: to the right).
 */
import { isPlacedOpening, placedOpeningOutline, placeOpening, polygonSignedArea, wallLength, type Element, type PlanPoint } from '@/lib/model';

export interface Dimension {
  readonly a: PlanPoint;
  readonly b: PlanPoint;
  readonly metres: number;
  /** Which side of a → b to draw it: 1 left, -1 right. */
  readonly side: 1 | -1;
  readonly label: string;
}

/** A length for people: metres with two decimals. */
export function formatMetres(metres: number): string {
  return `${metres.toFixed(2)} m`;
}

function dimension(a: PlanPoint, b: PlanPoint, side: 1 | -1): Dimension {
  const metres = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return { a, b, metres, side, label: formatMetres(metres) };
}

/** Dimension lines of one element (none for equipment and objects; short pieces under 1 cm are left out). */
export function dimensionsOf(element: Element, walls: ReadonlyMap<string, Element>): Dimension[] {
  switch (element.kind) {
    case 'wall':
      return wallLength(element) > 0 ? [dimension(element.a, element.b, 1)] : [];
    case 'space':
    case 'slab': {
      const poly = element.polygon;
      // Outside the outline: to the right of each edge of a counter-clockwise ring, to the left of a clockwise one.
      const side = polygonSignedArea(poly) > 0 ? -1 : 1;
      return poly.map((p, i) => dimension(p, poly[(i + 1) % poly.length]!, side));
    }
    case 'door':
    case 'window': {
      if (isPlacedOpening(element)) {
        // In a slab: its width and its length along its own sides.
        const [p0, p1, p2] = placedOpeningOutline(element);
        return [dimension(p0, p1, -1), dimension(p1, p2, -1)];
      }
      const host = walls.get(element.hostId);
      if (host?.kind !== 'wall') return [];
      const at = placeOpening(host, element.offset, element.width);
      return [dimension(host.a, at.start, -1), dimension(at.start, at.end, 1), dimension(at.end, host.b, -1)].filter((d) => d.metres >= 0.01);
    }
    default:
      return [];
  }
}
