import { memo } from 'react';
import { isPlacedOpening, placedOpeningOutline, placeOpening, type Element, type Wall } from '@/lib/model';
import { SYSTEM_STYLES, type SymbolShape } from '@/lib/model/systemStyles';
import { SYMBOL_RADIUS, wallOutline } from './elementGeometry';
import { GLYPH_PLACEMENT, SHAPE_PATHS, glyphKey, glyphOf, symbolScale } from './symbols/equipmentSymbols';
import { parseInnerPlacement, placedPath, type InnerPlacement } from './symbols/placedPath';
import { HIDDEN_LABEL, type RoomLabel } from './symbols/fitRoomLabel';

const points = (ring: readonly (readonly [number, number])[]) => ring.map((p) => `${p[0]},${p[1]}`).join(' ');

/** How a symbol is drawn at the current zoom: symbol units → metres, and whether its glyph can be read. */
export interface SymbolSize {
  readonly scale: number;
  readonly glyph: boolean;
}

/** The inner placement of the glyph in each outline, parsed once. */
const GLYPH_INNER = Object.fromEntries(Object.entries(GLYPH_PLACEMENT).map(([shape, t]) => [shape, parseInnerPlacement(t)])) as Record<SymbolShape, InnerPlacement>;

/** At the default zoom (50 px/m): what an element drawn outside a plan layer uses. */
const DEFAULT_SYMBOL: SymbolSize = { scale: symbolScale(50), glyph: true };

interface Props {
  element: Element;
  /** The host wall of a door/window. */
  host?: Wall;
  selected: boolean;
  /** SVG transform previewing a drag (move or turn) in plan coordinates. */
  preview?: string;
  /** A room's label as fitted at the current zoom (symbols/fitRoomLabel.ts); none when hidden. */
  label?: RoomLabel;
  /** Equipment: the symbol's size at the current zoom (stepped, see PlanLayer). */
  symbol?: SymbolSize;
}

/**
 * One element drawn in plan coordinates (the parent group flips y and scales). Memoised: it only
 * re-renders when its own record (or its host wall) changes, its selection flips, it is dragged
 * or turned, (a room) its label changes, or (equipment) its symbol size steps with the zoom.
 * Equipment is a symbol of about constant screen size: the system's outline in its colour with
 * the type's glyph (symbols/equipmentSymbols.ts), placed in plan coordinates.
 */
export const PlanElement = memo(function PlanElement({ element, host, selected, preview, label = HIDDEN_LABEL, symbol = DEFAULT_SYMBOL }: Props) {
  const common = { 'data-id': element.id, 'data-kind': element.kind, 'data-selected': selected || undefined, transform: preview } as const;
  const stroke = selected ? '#2563eb' : undefined;
  switch (element.kind) {
    case 'slab':
      return <polygon {...common} points={points(element.polygon)} fill="#e7e5e4" fillOpacity={0.4} stroke="#a8a29e" strokeWidth={1} vectorEffect="non-scaling-stroke" />;
    case 'space':
      return (
        <g {...common} data-testid="plan-room" data-name={element.name}>
          <polygon points={points(element.polygon)} fill={selected ? '#bfdbfe' : '#d1fae5'} fillOpacity={0.6} stroke={stroke ?? '#10b981'} strokeWidth={selected ? 2 : 1} vectorEffect="non-scaling-stroke" />
          {label.fit !== 'hidden' && (
            <g data-testid="room-label" data-fit={label.fit} transform={`translate(${label.anchor[0]} ${label.anchor[1]}) scale(${1 / label.zoom} ${-1 / label.zoom})`} textAnchor="middle" fill="#064e3b" pointerEvents="none">
              {label.lines.map((line, i) => (
                <text key={i} y={line.y} fontSize={line.fontPx} fontWeight={line.bold ? 700 : 400} dominantBaseline="central">
                  {line.text}
                </text>
              ))}
            </g>
          )}
        </g>
      );
    case 'wall':
      return <polygon {...common} data-testid="plan-wall" points={points(wallOutline(element))} fill={selected ? '#1d4ed8' : '#334155'} stroke={stroke} strokeWidth={2} vectorEffect="non-scaling-stroke" />;
    case 'door':
    case 'window': {
      const colour = selected ? '#2563eb' : element.kind === 'door' ? '#b45309' : '#0284c7';
      if (isPlacedOpening(element)) {
        // In a slab (a roof window, a hatch): its outline, crossed (a window) or halved (a door).
        const outline = placedOpeningOutline(element);
        const [p0, p1, p2, p3] = outline;
        return (
          <g {...common} data-testid={`plan-${element.kind}`} data-in="slab">
            <polygon points={points(outline)} fill="#ffffff" fillOpacity={0.6} stroke={colour} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
            <path d={`M ${p0[0]} ${p0[1]} L ${p2[0]} ${p2[1]}${element.kind === 'window' ? ` M ${p1[0]} ${p1[1]} L ${p3[0]} ${p3[1]}` : ''}`} stroke={colour} strokeWidth={1} vectorEffect="non-scaling-stroke" />
          </g>
        );
      }
      if (!host) return null;
      const at = placeOpening(host, element.offset, element.width);
      const t = host.thickness;
      const ux = (at.end[0] - at.start[0]) / (element.width || 1);
      const uy = (at.end[1] - at.start[1]) / (element.width || 1);
      const [nx, ny] = [-uy * (t / 2 + 0.02), ux * (t / 2 + 0.02)];
      const gap = points([
        [at.start[0] + nx, at.start[1] + ny],
        [at.end[0] + nx, at.end[1] + ny],
        [at.end[0] - nx, at.end[1] - ny],
        [at.start[0] - nx, at.start[1] - ny],
      ]);
      return (
        <g {...common} data-testid={`plan-${element.kind}`}>
          <polygon points={gap} fill="#ffffff" stroke={colour} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
          {element.kind === 'door' ? (
            <path
              d={`M ${at.start[0]} ${at.start[1]} L ${at.start[0] + -uy * element.width} ${at.start[1] + ux * element.width} A ${element.width} ${element.width} 0 0 0 ${at.end[0]} ${at.end[1]}`}
              fill="none"
              stroke={colour}
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
            />
          ) : (
            <line x1={at.start[0]} y1={at.start[1]} x2={at.end[0]} y2={at.end[1]} stroke={colour} strokeWidth={2} vectorEffect="non-scaling-stroke" />
          )}
        </g>
      );
    }
    case 'equipment': {
      const [x, y] = element.position;
      const style = SYSTEM_STYLES[element.system];
      const glyph = glyphOf(element.type);
      const outline = selected ? '#1d4ed8' : element.status === 'ok' ? '#1f2937' : '#e11d48';
      // Drawn in plan coordinates, without a transform per symbol (see symbols/placedPath.ts).
      const at = { x, y, rotation: element.rotation, scale: symbol.scale };
      const inner = GLYPH_INNER[style.shape];
      return (
        <g {...common} data-testid="plan-equipment" data-system={element.system} data-shape={style.shape} data-glyph={glyphKey(glyph)}>
          <path data-part="outline" d={placedPath(SHAPE_PATHS[style.shape], at)} fill={style.colour} fillRule="evenodd" stroke={outline} strokeWidth={selected ? 3 : element.status === 'ok' ? 1 : 2.5} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
          {symbol.glyph &&
            (glyph.kind === 'type' ? (
              <path data-part="glyph" d={placedPath(glyph.type.glyph, at, inner)} fill="none" stroke={style.ink} strokeWidth={1.4} strokeLinecap="round" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
            ) : (
              <text
                data-part="glyph"
                transform={`translate(${x} ${y}) rotate(${(element.rotation * 180) / Math.PI}) scale(${symbol.scale} ${-symbol.scale}) ${GLYPH_PLACEMENT[style.shape] ?? ''}`}
                textAnchor="middle"
                dominantBaseline="central"
                fontSize={10}
                fontWeight={700}
                fill={style.ink}
              >
                {glyph.initial}
              </text>
            ))}
        </g>
      );
    }
    case 'object': {
      const [x, y] = element.position;
      const r = SYMBOL_RADIUS;
      const [c, n] = [Math.cos(element.rotation) * r, Math.sin(element.rotation) * r];
      // Its turned square's corners, in plan coordinates (no transform per element: see symbols/placedPath.ts).
      const corners: [number, number][] = [
        [x - c + n, y - n - c],
        [x + c + n, y + n - c],
        [x + c - n, y + n + c],
        [x - c - n, y - n + c],
      ];
      return (
        <g {...common} data-testid="plan-object">
          <polygon points={points(corners)} fill="none" stroke={selected ? '#2563eb' : '#71717a'} strokeDasharray="4 3" strokeWidth={1.5} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        </g>
      );
    }
  }
});
