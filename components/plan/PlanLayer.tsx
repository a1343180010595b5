import { memo } from 'react';
import type { Element, Wall } from '@/lib/model';
import { PlanElement } from './PlanElement';

const LAYER: Record<Element['kind'], number> = { slab: 0, space: 1, wall: 2, door: 3, window: 3, object: 4, equipment: 5 };

/** Elements of one storey in drawing order (slabs under rooms under walls under openings and symbols). */
export function sortForDrawing(elements: Element[]): Element[] {
  return elements.sort((a, b) => LAYER[a.kind] - LAYER[b.kind]);
}

interface Props {
  /** What to draw, in drawing order: the storey's elements near the view (see culling.ts). */
  elements: readonly Element[];
  /** How many elements the storey has in all (drawn or not). */
  total: number;
  walls: ReadonlyMap<string, Element>;
  selection: ReadonlySet<string>;
  /** SVG transform previewing a move or turn of the selection (and the openings of selected walls). */
  preview: string | null;
  labels: boolean;
}

/**
 * The drawn elements of the storey. Re-renders only when that list, the selection or a drag
 * preview changes (not on pan/zoom within the culling margin: the camera is a transform on the
 * parent group); each element is memoised.
 */
export const PlanLayer = memo(function PlanLayer({ elements, total, walls, selection, preview, labels }: Props) {
  return (
    <g data-testid="plan-elements" data-drawn={elements.length} data-total={total}>
      {elements.map((element) => {
        const selected = selection.has(element.id);
        const host = element.kind === 'door' || element.kind === 'window' ? (walls.get(element.hostId) as Wall | undefined) : undefined;
        const hostTurned = host !== undefined && selection.has(host.id);
        return <PlanElement key={element.id} element={element} host={host} selected={selected} preview={preview && (selected || hostTurned) ? preview : undefined} labels={labels} />;
      })}
    </g>
  );
});
