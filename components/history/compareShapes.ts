/**
 * The outlines a comparison draws on the plan (issue #17 point 3): each added, removed or changed
 * element of a storey as plan-space shapes — a wall as its centre line with its thickness, a room
 * or slab as its polygon, a door or window as its span on its wall, equipment and objects as a
 * marker at their position. Removed elements and the old side of changed ones are drawn from the
 * version's records; the new side from the live model.
 */
import { isPlacedOpening, placedOpeningOutline, placeOpening, type Element, type PlanPoint, type Wall } from '@/lib/model';

export type CompareStatus = 'added' | 'removed' | 'changed' | 'was';

/** One outline, in plan coordinates (metres). */
export type CompareShape =
  | { readonly id: string; readonly status: CompareStatus; readonly kind: 'line'; readonly a: PlanPoint; readonly b: PlanPoint; readonly width: number }
  | { readonly id: string; readonly status: CompareStatus; readonly kind: 'polygon'; readonly points: readonly PlanPoint[] }
  | { readonly id: string; readonly status: CompareStatus; readonly kind: 'marker'; readonly at: PlanPoint };

/** The outline of `element` (walls looked up in `walls` for doors and windows in a wall), or none. */
export function shapeOf(element: Element, status: CompareStatus, walls: ReadonlyMap<string, Wall>): CompareShape | undefined {
  const { id } = element;
  switch (element.kind) {
    case 'wall':
      return { id, status, kind: 'line', a: element.a, b: element.b, width: element.thickness };
    case 'space':
    case 'slab':
      return { id, status, kind: 'polygon', points: element.polygon };
    case 'door':
    case 'window': {
      if (isPlacedOpening(element)) return { id, status, kind: 'polygon', points: placedOpeningOutline(element) };
      const host = walls.get(element.hostId);
      if (host === undefined) return undefined;
      const { start, end } = placeOpening(host, element.offset, element.width);
      return { id, status, kind: 'line', a: start, b: end, width: host.thickness * 1.6 };
    }
    case 'equipment':
    case 'object':
      return { id, status, kind: 'marker', at: [element.position[0], element.position[1]] as unknown as PlanPoint };
  }
}

/** What a comparison needs of a diff (GET …/diff?records=1). */
export interface CompareDiff {
  readonly elements: {
    readonly added: readonly { id: string }[];
    readonly removed: readonly { id: string; record?: object }[];
    readonly changed: readonly { id: string; before?: object }[];
  };
}

/**
 * The shapes of `diff` on storey `storeyId`: added and changed elements as they are now (from
 * `current`), removed ones and the old outline of changed ones (`was`) as the version had them.
 */
export function compareShapes(diff: CompareDiff, current: ReadonlyMap<string, Element>, storeyId: string): CompareShape[] {
  const oldRecords = new Map<string, Element>();
  for (const r of diff.elements.removed) if (r.record) oldRecords.set(r.id, r.record as Element);
  for (const c of diff.elements.changed) if (c.before) oldRecords.set(c.id, c.before as Element);
  const wallsNow = new Map<string, Wall>();
  for (const e of current.values()) if (e.kind === 'wall') wallsNow.set(e.id, e);
  // The version's walls: its own record where it changed or went, else the same wall as now.
  const wallsThen = new Map(wallsNow);
  for (const e of oldRecords.values()) if (e.kind === 'wall') wallsThen.set(e.id, e);
  const shapes: CompareShape[] = [];
  const push = (element: Element | undefined, status: CompareStatus, walls: ReadonlyMap<string, Wall>) => {
    if (element === undefined || element.storeyId !== storeyId) return;
    const shape = shapeOf(element, status, walls);
    if (shape) shapes.push(shape);
  };
  for (const c of diff.elements.changed) push(oldRecords.get(c.id), 'was', wallsThen);
  for (const r of diff.elements.removed) push(oldRecords.get(r.id), 'removed', wallsThen);
  for (const a of diff.elements.added) push(current.get(a.id), 'added', wallsNow);
  for (const c of diff.elements.changed) push(current.get(c.id), 'changed', wallsNow);
  return shapes;
}
