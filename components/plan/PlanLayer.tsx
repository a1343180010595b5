import { memo, useMemo, type CSSProperties } from 'react';
import { polygonArea, type Element, type Space, type Wall } from '@/lib/model';
import { formatArea } from '@/components/building/kindLabels';
import { GLYPH_DISPLAY_VAR, PlanElement, SYMBOL_SCALE_VAR } from './PlanElement';
import { GLYPH_MIN_PX, symbolRadiusPx, symbolScale } from './symbols/equipmentSymbols';
import { fitRoomLabel, labelZoomOf, type RoomLabel } from './symbols/fitRoomLabel';

const LAYER: Record<Element['kind'], number> = { slab: 0, space: 1, wall: 2, door: 3, window: 3, object: 4, equipment: 5 };

/** Elements of one storey in drawing order (slabs under rooms under walls under openings and symbols). */
export function sortForDrawing(elements: Element[]): Element[] {
  return elements.sort((a, b) => LAYER[a.kind] - LAYER[b.kind]);
}

/** The text of a room's label: number and name, then the area. */
function labelText(room: Space) {
  return { title: `${room.number ? `${room.number} ` : ''}${room.name}`, detail: formatArea(polygonArea(room.polygon)) };
}

/**
 * Room labels, memoised per room record and label zoom: a room re-renders when its record
 * changes or its label does, not on every zoom step.
 */
const labels = new WeakMap<Space, { zoom: number; label: RoomLabel }>();
function labelOf(room: Space, zoom: number): RoomLabel {
  const hit = labels.get(room);
  if (hit && hit.zoom === zoom) return hit.label;
  const label = fitRoomLabel(room.polygon, labelText(room), zoom);
  labels.set(room, { zoom, label });
  return label;
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
  /** The camera's zoom, px per metre: symbols and labels keep their size on screen. */
  zoom: number;
}

/**
 * The drawn elements of the storey. The camera is a transform on the parent group, so panning
 * re-renders nothing here. A zoom step only restyles the group (CSS variables that scale the
 * equipment symbols); the elements re-render when the list, the selection, a drag preview or the
 * rounded zoom of the room labels ({@link labelZoomOf}) changes, and each element is memoised.
 */
export const PlanLayer = memo(function PlanLayer({ elements, total, walls, selection, preview, zoom }: Props) {
  const radius = symbolRadiusPx(zoom);
  const style = useMemo(() => ({ [SYMBOL_SCALE_VAR]: String(symbolScale(zoom)), [GLYPH_DISPLAY_VAR]: radius >= GLYPH_MIN_PX ? 'inline' : 'none' }) as CSSProperties, [zoom, radius]);
  return (
    <g data-testid="plan-elements" data-drawn={elements.length} data-total={total} data-symbol-px={Math.round(radius * 2)} style={style}>
      <Elements elements={elements} walls={walls} selection={selection} preview={preview} labelZoom={labelZoomOf(zoom)} />
    </g>
  );
});

const Elements = memo(function Elements({ elements, walls, selection, preview, labelZoom }: Omit<Props, 'total' | 'zoom'> & { labelZoom: number }) {
  return elements.map((element) => {
    const selected = selection.has(element.id);
    const host = element.kind === 'door' || element.kind === 'window' ? (walls.get(element.hostId) as Wall | undefined) : undefined;
    const hostTurned = host !== undefined && selection.has(host.id);
    const label = element.kind === 'space' ? labelOf(element, labelZoom) : undefined;
    return <PlanElement key={element.id} element={element} host={host} selected={selected} preview={preview && (selected || hostTurned) ? preview : undefined} label={label} />;
  });
});
