/**
 * Where a thread is pinned: an element's centre while the element exists (it follows the element
 * when it moves), else the point stored with the anchor (an orphaned pin stays at its last place).
 * Pure.
 */
import { ifcGuidSchema, polygonCentroid, type Element, type Storey, type Thread } from '@/lib/model';
import { elementBounds } from '@/components/plan/elementGeometry';

/** A pin's place: its storey, plan x and y, and height above the storey's floor (m). */
export interface AnchorPoint {
  readonly storeyId: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** The middle of an element on the plan and its height above its storey's floor; undefined for an opening without its wall. */
export function elementCentre(element: Element, elements: ReadonlyMap<string, Element>): AnchorPoint | undefined {
  if (element.kind === 'space' || element.kind === 'slab') {
    const [x, y] = polygonCentroid(element.polygon);
    return { storeyId: element.storeyId, x, y, z: 0 };
  }
  const box = elementBounds(element, elements);
  if (!box) return undefined;
  const z = element.kind === 'equipment' || element.kind === 'object' ? element.position[2] : 0;
  return { storeyId: element.storeyId, x: (box.min[0] + box.max[0]) / 2, y: (box.min[1] + box.max[1]) / 2, z };
}

/** The anchor of a thread pinned to an element: its id, its IfcGuid when it has one, its storey and its centre (building frame). */
export function elementAnchor(element: Element, elements: ReadonlyMap<string, Element>, storeys: readonly Storey[]): Thread['anchor'] {
  const centre = elementCentre(element, elements);
  const guid = element.ifc?.globalId;
  const elevation = storeys.find((s) => s.id === element.storeyId)?.elevation ?? 0;
  return {
    elementId: element.id,
    ...(guid && ifcGuidSchema.safeParse(guid).success ? { ifcGuid: guid } : {}),
    storeyId: element.storeyId,
    ...(centre ? { position: [round(centre.x), round(centre.y), round(elevation + centre.z)] as [number, number, number] } : {}),
  };
}

/** The anchor of a thread pinned to a point on a storey's floor. */
export function pointAnchor(storey: Storey, x: number, y: number): Thread['anchor'] {
  return { storeyId: storey.id, position: [round(x), round(y), round(storey.elevation)] };
}

/** Where a thread's pin is now, or undefined when it has no place (an element of another model, no point). */
export function anchorPointOf(thread: Thread, elements: ReadonlyMap<string, Element>, storeys: readonly Storey[]): AnchorPoint | undefined {
  const { anchor } = thread;
  const element = anchor.elementId ? elements.get(anchor.elementId) : undefined;
  if (element) return elementCentre(element, elements) ?? pointOf(anchor, storeys);
  return pointOf(anchor, storeys);
}

function pointOf(anchor: Thread['anchor'], storeys: readonly Storey[]): AnchorPoint | undefined {
  const p = anchor.position;
  if (!p) return undefined;
  // The storey named, else the one whose floor-to-floor range holds the point.
  const storey = storeys.find((s) => s.id === anchor.storeyId) ?? storeys.find((s) => p[2] >= s.elevation && p[2] < s.elevation + s.height);
  if (!storey) return undefined;
  return { storeyId: storey.id, x: p[0], y: p[1], z: p[2] - storey.elevation };
}

const round = (n: number) => Math.round(n * 1e4) / 1e4 + 0;
