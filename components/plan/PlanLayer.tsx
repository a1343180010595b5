import { memo, useMemo } from 'react';
import { isPlacedOpening, roomAreas, type Element, type Space, type Wall } from '@/lib/model';
import { formatArea } from '@/components/building/kindLabels';
import { PlanElement, type SymbolSize } from './PlanElement';
import { GLYPH_MIN_PX, symbolRadiusPx, symbolScale } from './symbols/equipmentSymbols';
import { fitRoomLabel, labelZoomOf, type RoomLabel } from './symbols/fitRoomLabel';

const LAYER: Record<Element['kind'], number> = { slab: 0, space: 1, wall: 2, door: 3, window: 3, object: 4, equipment: 5 };

const LAYERS = Math.max(...Object.values(LAYER)) + 1;

/**
 * The elements of storey `storeyId` in drawing order (slabs under rooms under walls under
 * openings and symbols; in their given order within a layer). One pass into buckets, no sort:
 * it runs on every model change of a 5,000-element storey.
 */
export function storeyInDrawingOrder(elements: Iterable<Element>, storeyId: string): Element[] {
  const buckets: Element[][] = Array.from({ length: LAYERS }, () => []);
  for (const e of elements) if (e.storeyId === storeyId) buckets[LAYER[e.kind]]!.push(e);
  return buckets.flat();
}

/** The text of a room's label: number and name, then its net (floor) area. */
function labelText(room: Space, net: number) {
  return { title: `${room.number ? `${room.number} ` : ''}${room.name}`, detail: formatArea(net) };
}

/** Cell size of the wall index, metres. */
const WALL_CELL = 4;
type WallIndex = Map<string, Wall[]>;
/** Walls bucketed by the grid cells their bounding box covers, once per walls map (model version). */
const wallIndexes = new WeakMap<ReadonlyMap<string, Element>, WallIndex>();
function wallIndexOf(walls: ReadonlyMap<string, Element>): WallIndex {
  let index = wallIndexes.get(walls);
  if (index) return index;
  index = new Map();
  for (const w of walls.values()) {
    if (w.kind !== 'wall') continue;
    const [x0, x1] = [Math.floor(Math.min(w.a[0], w.b[0]) / WALL_CELL), Math.floor(Math.max(w.a[0], w.b[0]) / WALL_CELL)];
    const [y0, y1] = [Math.floor(Math.min(w.a[1], w.b[1]) / WALL_CELL), Math.floor(Math.max(w.a[1], w.b[1]) / WALL_CELL)];
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const key = `${x},${y}`;
        const cell = index.get(key);
        if (cell) cell.push(w);
        else index.set(key, [w]);
      }
  }
  wallIndexes.set(walls, index);
  return index;
}

/** Net areas per room record, for one walls map (a new map means some wall changed). */
const nets = new WeakMap<Space, { walls: ReadonlyMap<string, Element>; net: number }>();

/** A room's net area: inset to the inner faces of the walls along its edges (lib/model roomAreas). */
function netAreaOf(room: Space, walls: ReadonlyMap<string, Element>): number {
  const hit = nets.get(room);
  if (hit && hit.walls === walls) return hit.net;
  const net = computeNetArea(room, walls);
  nets.set(room, { walls, net });
  return net;
}

function computeNetArea(room: Space, walls: ReadonlyMap<string, Element>): number {
  const index = wallIndexOf(walls);
  const xs = room.polygon.map((p) => p[0]);
  const ys = room.polygon.map((p) => p[1]);
  const near = new Set<Wall>();
  for (let x = Math.floor(Math.min(...xs) / WALL_CELL); x <= Math.floor(Math.max(...xs) / WALL_CELL); x++)
    for (let y = Math.floor(Math.min(...ys) / WALL_CELL); y <= Math.floor(Math.max(...ys) / WALL_CELL); y++) for (const w of index.get(`${x},${y}`) ?? []) near.add(w);
  return roomAreas(room, near).net;
}

/**
 * Room labels, memoised per room record, label zoom and net area: a room re-renders when its
 * record changes or its label does, not on every zoom step.
 */
const labels = new WeakMap<Space, { zoom: number; net: number; label: RoomLabel }>();
function labelOf(room: Space, zoom: number, walls: ReadonlyMap<string, Element>): RoomLabel {
  const net = netAreaOf(room, walls);
  const hit = labels.get(room);
  if (hit && hit.zoom === zoom && hit.net === net) return hit.label;
  const label = fitRoomLabel(room.polygon, labelText(room, net), zoom);
  labels.set(room, { zoom, net, label });
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
 * The zoom equipment symbols are drawn at: the camera's, in steps of 1/32 of a doubling (2%), so
 * a symbol is within 1.1% of its size on screen and a smooth zoom re-renders the symbols once a
 * step, not once a frame.
 */
export function symbolZoomOf(zoom: number): number {
  return 2 ** (Math.round(Math.log2(zoom) * 32) / 32);
}

/**
 * The drawn elements of the storey. The camera is a transform on the parent group, so panning
 * re-renders nothing here. The elements re-render when the list, the selection or a drag preview
 * changes, rooms when the rounded zoom of their labels ({@link labelZoomOf}) changes and equipment
 * when the stepped zoom of the symbols ({@link symbolZoomOf}) does; each element is memoised.
 * Nothing drawn has a transform of its own (symbols/placedPath.ts says why).
 */
export const PlanLayer = memo(function PlanLayer({ elements, total, walls, selection, preview, zoom }: Props) {
  const symbolZoom = symbolZoomOf(zoom);
  const radius = symbolRadiusPx(symbolZoom);
  const symbol = useMemo((): SymbolSize => ({ scale: symbolScale(symbolZoom), glyph: radius >= GLYPH_MIN_PX }), [symbolZoom, radius]);
  return (
    <g data-testid="plan-elements" data-drawn={elements.length} data-total={total} data-symbol-px={Math.round(radius * 2)}>
      <Elements elements={elements} walls={walls} selection={selection} preview={preview} labelZoom={labelZoomOf(zoom)} symbol={symbol} />
    </g>
  );
});

const Elements = memo(function Elements({ elements, walls, selection, preview, labelZoom, symbol }: Omit<Props, 'total' | 'zoom'> & { labelZoom: number; symbol: SymbolSize }) {
  return elements.map((element) => {
    const selected = selection.has(element.id);
    const opening = element.kind === 'door' || element.kind === 'window' ? element : undefined;
    const host = opening !== undefined && !isPlacedOpening(opening) ? (walls.get(opening.hostId) as Wall | undefined) : undefined;
    // Dragged with its host: a wall, or the slab a roof window is in (it moves along).
    const hostTurned = opening !== undefined && selection.has(opening.hostId);
    const label = element.kind === 'space' ? labelOf(element, labelZoom, walls) : undefined;
    return (
      <PlanElement
        key={element.id}
        element={element}
        host={host}
        selected={selected}
        preview={preview && (selected || hostTurned) ? preview : undefined}
        label={label}
        symbol={element.kind === 'equipment' ? symbol : undefined}
      />
    );
  });
});
