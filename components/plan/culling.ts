import type { BoundingBox, Element } from '@/lib/model';
import { screenToPlan, type Camera, type ViewSize } from './camera';
import { elementBounds } from './elementGeometry';

/** An axis-aligned rectangle on the plan, metres. */
export interface PlanRect {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** The part of the plan the view shows. */
export function visibleRect(camera: Camera, size: ViewSize): PlanRect {
  const [minX, maxY] = screenToPlan(camera, size, 0, 0);
  const [maxX, minY] = screenToPlan(camera, size, size.width, size.height);
  return { minX, minY, maxX, maxY };
}

/**
 * The region the plan draws: the visible part plus a margin of at least half the view on every
 * side, widened to whole tiles. Tiles are a power of two metres about half the view across, so
 * the region stays the same while the view pans within its margin (the drawn elements then do
 * not change, and nothing re-renders) and changes only when a pan crosses a tile or the zoom
 * crosses a power of two.
 */
export function cullRect(camera: Camera, size: ViewSize): PlanRect {
  const view = visibleRect(camera, size);
  const span = Math.max(view.maxX - view.minX, view.maxY - view.minY, 1e-3);
  const tile = 2 ** Math.ceil(Math.log2(span / 2));
  const down = (v: number) => Math.floor(v / tile) * tile + 0;
  const up = (v: number) => Math.ceil(v / tile) * tile + 0;
  return { minX: down(view.minX - tile), minY: down(view.minY - tile), maxX: up(view.maxX + tile), maxY: up(view.maxY + tile) };
}

/** True when the box and the rectangle overlap (touching counts). */
export function intersects(box: BoundingBox, rect: PlanRect): boolean {
  return box.max[0] >= rect.minX && box.min[0] <= rect.maxX && box.max[1] >= rect.minY && box.min[1] <= rect.maxY;
}

/**
 * The elements to draw: those whose bounds meet `rect`, plus every element in `keep` (the
 * selection, wherever it is, so dragging or turning it and its outline keep working). Elements
 * without bounds (an opening whose wall is missing) are left out. Keeps the input order.
 */
export function cullElements(elements: readonly Element[], boundsOf: (element: Element) => BoundingBox | undefined, rect: PlanRect, keep: ReadonlySet<string> = new Set()): Element[] {
  return elements.filter((element) => {
    if (keep.has(element.id)) return true;
    const box = boundsOf(element);
    return box !== undefined && intersects(box, rect);
  });
}

/**
 * Element bounds, memoised per element record (records keep their identity until they change).
 * A door or window also depends on its host wall, so its entry is reused only while the same
 * wall record is passed in.
 */
export function createBoundsCache(): (element: Element, walls: ReadonlyMap<string, Element>) => BoundingBox | undefined {
  const cache = new WeakMap<Element, { host: Element | undefined; box: BoundingBox | undefined }>();
  return (element, walls) => {
    const host = element.kind === 'door' || element.kind === 'window' ? walls.get(element.hostId) : undefined;
    const hit = cache.get(element);
    if (hit && hit.host === host) return hit.box;
    const box = elementBounds(element, walls);
    cache.set(element, { host, box });
    return box;
  };
}
