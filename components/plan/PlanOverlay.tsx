import { memo } from 'react';
import { rotatePoint, type BoundingBox, type Element, type PlanPoint, type Wall } from '@/lib/model';
import type { Peer } from '@/lib/doc';
import { cameraTransform, planToScreen, type Camera, type ViewSize } from './camera';
import { dimensionsOf, formatMetres, type Dimension } from './dimensions';
import { ROTATE_HANDLE_OFFSET_PX, toDegrees } from './rotation';
import { SNAP_LABELS, type DrawSnap } from './snapping';
import { measureBetween } from './tools/measureTool';
import type { ToolOverlay } from './tools/types';

/** Dimension lines are drawn for at most this many selected elements. */
const MAX_DIMENSIONED = 12;
/** Distance of a dimension line from what it measures, screen px. */
const DIMENSION_OFFSET_PX = 18;
const BLUE = '#2563eb';
const DARK_BLUE = '#1d4ed8';

interface Props {
  camera: Camera;
  size: ViewSize;
  /** Others' selections on this storey, outlined in their colour. */
  peerOutlines: readonly { peer: Peer; id: string; b: BoundingBox }[];
  /** The hovered element's box (from the plan or another view, e.g. the element tree). */
  hover?: { id: string; b: BoundingBox };
  /** What the current tool draws (chain, snap, typed field, selection box, measure). */
  tool: ToolOverlay;
  /** The selected elements, for their dimension lines. */
  selected: readonly Element[];
  walls: ReadonlyMap<string, Element>;
  /** The rotate tool's handle: the selection's box and the centre it turns about. */
  rotation?: { box: BoundingBox; centre: PlanPoint };
}

type ToScreen = (p: readonly [number, number]) => [number, number];

/**
 * What the plan draws over the elements: others' selections, the wall or room being drawn with
 * its length, snap markers and guides, the typed length field, the selection box, dimension
 * lines of the selection, a measure, and the rotate tool's handle with the angle while turning.
 */
export function PlanOverlay({ camera, size, peerOutlines, hover, tool, selected, walls, rotation }: Props) {
  const screen: ToScreen = (p) => planToScreen(camera, size, p);
  const chain = tool.chain ?? [];
  const brush = tool.brush;
  return (
    <>
      <g transform={cameraTransform(camera, size)} pointerEvents="none">
        {hover && (
          <rect
            data-testid="hover-outline"
            data-element-id={hover.id}
            x={hover.b.min[0] - 0.05}
            y={hover.b.min[1] - 0.05}
            width={hover.b.max[0] - hover.b.min[0] + 0.1}
            height={hover.b.max[1] - hover.b.min[1] + 0.1}
            fill="none"
            stroke="#0ea5e9"
            strokeWidth={1.5}
            vectorEffect="non-scaling-stroke"
          />
        )}
        {peerOutlines.map(({ peer, id, b }) => (
          <rect
            key={`${peer.clientId}:${id}`}
            data-testid="peer-selection"
            data-element-id={id}
            data-color={peer.user.color}
            x={b.min[0] - 0.1}
            y={b.min[1] - 0.1}
            width={b.max[0] - b.min[0] + 0.2}
            height={b.max[1] - b.min[1] + 0.2}
            fill="none"
            stroke={peer.user.color}
            strokeWidth={2}
            strokeDasharray="6 3"
            vectorEffect="non-scaling-stroke"
          />
        ))}
        {chain.length > 1 && <polyline points={chain.map((p) => `${p[0]},${p[1]}`).join(' ')} fill="none" stroke={BLUE} strokeWidth={2} strokeDasharray="5 4" vectorEffect="non-scaling-stroke" />}
        {brush && (
          <rect
            data-testid="selection-box"
            x={Math.min(brush.a[0], brush.b[0])}
            y={Math.min(brush.a[1], brush.b[1])}
            width={Math.abs(brush.b[0] - brush.a[0])}
            height={Math.abs(brush.b[1] - brush.a[1])}
            fill="#3b82f6"
            fillOpacity={0.08}
            stroke="#3b82f6"
            strokeWidth={1}
            vectorEffect="non-scaling-stroke"
          />
        )}
      </g>
      <g pointerEvents="none">
        {!tool.translate && !tool.rotate && selected.slice(0, MAX_DIMENSIONED).flatMap((e) => dimensionsOf(e, walls).map((d, i) => <DimensionLine key={`${e.id}:${i}`} d={d} screen={screen} />))}
        {tool.snap && <SnapMarker snap={tool.snap} screen={screen} size={size} />}
        {tool.measure && <Measure a={tool.measure.a} b={tool.measure.b} screen={screen} />}
        {tool.length && tool.length.metres > 0 && (
          <text data-testid="draw-length" x={screen(tool.length.at)[0] + 12} y={screen(tool.length.at)[1] - 10} fontSize={12} fill={DARK_BLUE} stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
            {formatMetres(tool.length.metres)}
          </text>
        )}
        {tool.typed && <TypedField at={screen(tool.typed.at)} entry={tool.typed.entry} />}
      </g>
      {rotation && <RotateHandle camera={camera} screen={screen} {...rotation} angle={tool.rotate?.angle ?? 0} turning={tool.rotate !== undefined} />}
    </>
  );
}

/** A dimension line beside a measured segment, with end ticks and its length. */
function DimensionLine({ d, screen }: { d: Dimension; screen: ToScreen }) {
  const [ax, ay] = screen(d.a);
  const [bx, by] = screen(d.b);
  const len = Math.hypot(bx - ax, by - ay);
  if (len < 24) return null;
  // Left of a → b on the plan is to the left on screen too (y flips, and so does the turn).
  const nx = (-(by - ay) / len) * DIMENSION_OFFSET_PX * -d.side;
  const ny = ((bx - ax) / len) * DIMENSION_OFFSET_PX * -d.side;
  const [pax, pay, pbx, pby] = [ax + nx, ay + ny, bx + nx, by + ny];
  return (
    <g data-testid="dimension" data-metres={d.metres.toFixed(3)}>
      <line x1={pax} y1={pay} x2={pbx} y2={pby} stroke="#475569" strokeWidth={1} />
      <line x1={ax + nx * 0.3} y1={ay + ny * 0.3} x2={ax + nx * 1.2} y2={ay + ny * 1.2} stroke="#475569" strokeWidth={1} />
      <line x1={bx + nx * 0.3} y1={by + ny * 0.3} x2={bx + nx * 1.2} y2={by + ny * 1.2} stroke="#475569" strokeWidth={1} />
      <text x={(pax + pbx) / 2} y={(pay + pby) / 2 - 3} fontSize={11} textAnchor="middle" fill="#334155" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
        {d.label}
      </text>
    </g>
  );
}

/** The snapped point's marker (a shape per kind), its label, and guide lines. */
function SnapMarker({ snap, screen, size }: { snap: DrawSnap; screen: ToScreen; size: ViewSize }) {
  const [x, y] = screen(snap.point);
  const far = size.width + size.height;
  const label = snap.kind === 'angle' ? `${snap.degrees ?? 0}°` : SNAP_LABELS[snap.kind];
  return (
    <g data-testid="snap-marker" data-kind={snap.kind}>
      {snap.guides.map((g, i) => {
        const [fx, fy] = screen(g.from);
        const [tx, ty] = screen(g.to);
        const len = Math.hypot(tx - fx, ty - fy) || 1;
        const [ux, uy] = [(tx - fx) / len, (ty - fy) / len];
        return g.kind === 'angle' ? (
          <line key={i} data-testid="snap-guide" x1={fx - ux * far} y1={fy - uy * far} x2={fx + ux * far} y2={fy + uy * far} stroke="#f59e0b" strokeWidth={1} strokeDasharray="4 4" />
        ) : (
          <line key={i} data-testid="snap-guide" x1={fx} y1={fy} x2={tx} y2={ty} stroke="#f59e0b" strokeWidth={1} strokeDasharray="2 3" />
        );
      })}
      {snap.kind === 'endpoint' && <rect x={x - 5} y={y - 5} width={10} height={10} fill="none" stroke="#f59e0b" strokeWidth={2} />}
      {snap.kind === 'midpoint' && <path d={`M ${x} ${y - 6} L ${x + 6} ${y + 5} L ${x - 6} ${y + 5} Z`} fill="none" stroke="#f59e0b" strokeWidth={2} />}
      {snap.kind === 'perpendicular' && <path d={`M ${x - 6} ${y + 5} H ${x + 6} M ${x} ${y + 5} V ${y - 7}`} fill="none" stroke="#f59e0b" strokeWidth={2} />}
      {(snap.kind === 'grid' || snap.kind === 'angle' || snap.kind === 'none') && <path d={`M ${x - 4} ${y} H ${x + 4} M ${x} ${y - 4} V ${y + 4}`} stroke="#f59e0b" strokeWidth={1.5} />}
      {label && (
        <text data-testid="snap-label" x={x + 10} y={y + 16} fontSize={10} fill="#b45309" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
          {label}
        </text>
      )}
    </g>
  );
}

/** The typed length (and angle) field, at the pointer. */
function TypedField({ at, entry }: { at: [number, number]; entry: { length: string; angle: string; field: 'length' | 'angle' } }) {
  const [x, y] = at;
  const part = (field: 'length' | 'angle', text: string, unit: string) => (
    <tspan fontWeight={entry.field === field ? 700 : 400} textDecoration={entry.field === field ? 'underline' : undefined}>
      {text || ' '}
      {entry.field === field ? '|' : ''} {unit}
    </tspan>
  );
  return (
    <g data-testid="length-field" data-length={entry.length} data-angle={entry.angle} data-field={entry.field} role="textbox" aria-label="Length (m) < angle (°)">
      <rect x={x + 12} y={y + 10} width={150} height={22} rx={3} fill="#ffffff" stroke={BLUE} strokeWidth={1.5} />
      <text x={x + 18} y={y + 25} fontSize={12} fill="#0f172a">
        {part('length', entry.length, 'm')} {'<'} {part('angle', entry.angle, '°')}
      </text>
    </g>
  );
}

/** A measured line with its distance and direction. */
function Measure({ a, b, screen }: { a: PlanPoint; b: PlanPoint; screen: ToScreen }) {
  const [ax, ay] = screen(a);
  const [bx, by] = screen(b);
  const { metres, degrees } = measureBetween(a, b);
  return (
    <g data-testid="measure" data-metres={metres.toFixed(3)} data-degrees={degrees.toFixed(2)}>
      <line x1={ax} y1={ay} x2={bx} y2={by} stroke="#db2777" strokeWidth={1.5} strokeDasharray="6 3" />
      <circle cx={ax} cy={ay} r={3} fill="#db2777" />
      <circle cx={bx} cy={by} r={3} fill="#db2777" />
      <text data-testid="measure-label" x={(ax + bx) / 2 + 8} y={(ay + by) / 2 - 8} fontSize={12} fill="#9d174d" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
        {formatMetres(metres)} · {Math.round(degrees * 10) / 10}°
      </text>
    </g>
  );
}

function RotateHandle({ camera, screen, box, centre, angle, turning }: { camera: Camera; screen: ToScreen; box: BoundingBox; centre: PlanPoint; angle: number; turning: boolean }) {
  // The handle sits above the box's top edge and turns with the selection while dragged.
  const handle = rotatePoint([centre[0], box.max[1] + ROTATE_HANDLE_OFFSET_PX / camera.zoom], centre, angle);
  const [cx, cy] = screen(centre);
  const [hx, hy] = screen(handle);
  return (
    <g data-testid="rotate-tool">
      <line x1={cx} y1={cy} x2={hx} y2={hy} stroke={BLUE} strokeWidth={1} strokeDasharray="3 3" pointerEvents="none" />
      <path d={`M ${cx - 5} ${cy} H ${cx + 5} M ${cx} ${cy - 5} V ${cy + 5}`} stroke={BLUE} strokeWidth={1.5} pointerEvents="none" />
      <circle data-testid="rotate-handle" data-handle="rotate" cx={hx} cy={hy} r={8} fill="#ffffff" stroke={BLUE} strokeWidth={2} className={turning ? 'cursor-grabbing' : 'cursor-grab'}>
        <title>Drag to turn the selection (Shift snaps to 15°)</title>
      </circle>
      {turning && (
        <text data-testid="rotate-angle" x={hx + 12} y={hy - 10} fontSize={12} fill={DARK_BLUE} pointerEvents="none">
          {toDegrees(angle)}°
        </text>
      )}
    </g>
  );
}

/**
 * The storey below, drawn faintly under the plan (its walls' centre lines at their thickness), so
 * walls can be drawn over the ones beneath. Inside the camera transform; draws nothing to hit.
 */
export const PlanUnderlay = memo(function PlanUnderlay({ walls }: { walls: readonly Wall[] }) {
  if (walls.length === 0) return null;
  return (
    <g data-testid="plan-underlay" data-count={walls.length} pointerEvents="none" opacity={0.18}>
      {walls.map((w) => (
        <line key={w.id} x1={w.a[0]} y1={w.a[1]} x2={w.b[0]} y2={w.b[1]} stroke="#0f172a" strokeWidth={w.thickness} strokeLinecap="square" />
      ))}
    </g>
  );
});
