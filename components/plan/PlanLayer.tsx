import { memo } from 'react';
import type { Element, Wall } from '@/lib/model';
import { PlanElement } from './PlanElement';

const LAYER: Record<Element['kind'], number> = { slab: 0, space: 1, wall: 2, door: 3, window: 3, object: 4, equipment: 5 };

/** Elements of one storey in drawing order (slabs under rooms under walls under openings and symbols). */
export function sortForDrawing(elements: Element[]): Element[] {
  return elements.sort((a, b) => LAYER[a.kind] - LAYER[b.kind]);
}

interface Props {
  elements: readonly Element[];
  walls: ReadonlyMap<string, Element>;
  selection: ReadonlySet<string>;
  dragOffset: readonly [number, number] | null;
  labels: boolean;
}

/**
 * All elements of the storey. Re-renders only when the element list, selection or drag changes
 * (not on pan/zoom: the camera is a transform on the parent group); each element is memoised.
 */
export const PlanLayer = memo(function PlanLayer({ elements, walls, selection, dragOffset, labels }: Props) {
  return (
    <g data-testid="plan-elements">
      {elements.map((element) => {
        const selected = selection.has(element.id);
        const host = element.kind === 'door' || element.kind === 'window' ? (walls.get(element.hostId) as Wall | undefined) : undefined;
        const hostDragged = host !== undefined && selection.has(host.id);
        return <PlanElement key={element.id} element={element} host={host} selected={selected} offset={dragOffset && (selected || hostDragged) ? dragOffset : undefined} labels={labels} />;
      })}
    </g>
  );
});
