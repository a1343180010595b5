import { memo } from 'react';
import { placeOpening, polygonArea, polygonCentroid, type Element, type EquipmentSystem, type Wall } from '@/lib/model';
import { formatArea } from '@/components/building/kindLabels';
import { SYMBOL_RADIUS, wallOutline } from './elementGeometry';

/** Symbol colour of each building system. */
export const SYSTEM_COLOURS: Record<EquipmentSystem, string> = {
  electrical: '#f59e0b',
  hvac: '#0ea5e9',
  plumbing: '#2563eb',
  fire: '#dc2626',
  network: '#7c3aed',
  lighting: '#eab308',
  security: '#0f766e',
  other: '#64748b',
};

const points = (ring: readonly (readonly [number, number])[]) => ring.map((p) => `${p[0]},${p[1]}`).join(' ');

interface Props {
  element: Element;
  /** The host wall of a door/window. */
  host?: Wall;
  selected: boolean;
  /** SVG transform previewing a drag (move or turn) in plan coordinates. */
  preview?: string;
  /** Draw room names and areas (off when zoomed out too far to read them). */
  labels: boolean;
}

/**
 * One element drawn in plan coordinates (the parent group flips y and scales). Memoised: it only
 * re-renders when its own record (or its host wall) changes, its selection flips or it is dragged
 * or turned.
 */
export const PlanElement = memo(function PlanElement({ element, host, selected, preview, labels }: Props) {
  const common = { 'data-id': element.id, 'data-kind': element.kind, 'data-selected': selected || undefined, transform: preview } as const;
  const stroke = selected ? '#2563eb' : undefined;
  switch (element.kind) {
    case 'slab':
      return <polygon {...common} points={points(element.polygon)} fill="#e7e5e4" fillOpacity={0.4} stroke="#a8a29e" strokeWidth={1} vectorEffect="non-scaling-stroke" />;
    case 'space': {
      const [cx, cy] = polygonCentroid(element.polygon);
      return (
        <g {...common} data-testid="plan-room" data-name={element.name}>
          <polygon points={points(element.polygon)} fill={selected ? '#bfdbfe' : '#d1fae5'} fillOpacity={0.6} stroke={stroke ?? '#10b981'} strokeWidth={selected ? 2 : 1} vectorEffect="non-scaling-stroke" />
          {labels && (
          <text transform={`translate(${cx} ${cy}) scale(1 -1)`} textAnchor="middle" fontSize={0.38} fill="#064e3b" pointerEvents="none">
            <tspan x={0} dy={-0.05} fontWeight={600}>
              {element.number ? `${element.number} ` : ''}
              {element.name}
            </tspan>
            <tspan x={0} dy={0.45} fontSize={0.3}>
              {formatArea(polygonArea(element.polygon))}
            </tspan>
          </text>
          )}
        </g>
      );
    }
    case 'wall':
      return <polygon {...common} data-testid="plan-wall" points={points(wallOutline(element))} fill={selected ? '#1d4ed8' : '#334155'} stroke={stroke} strokeWidth={2} vectorEffect="non-scaling-stroke" />;
    case 'door':
    case 'window': {
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
      const colour = selected ? '#2563eb' : element.kind === 'door' ? '#b45309' : '#0284c7';
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
      const colour = SYSTEM_COLOURS[element.system];
      const deg = (element.rotation * 180) / Math.PI;
      return (
        <g {...common} data-testid="plan-equipment" data-system={element.system}>
          <g transform={`translate(${x} ${y}) rotate(${deg})`}>
            <circle r={SYMBOL_RADIUS} fill={colour} fillOpacity={0.85} stroke={selected ? '#1d4ed8' : element.status === 'ok' ? '#ffffff' : '#e11d48'} strokeWidth={selected ? 3 : 2} vectorEffect="non-scaling-stroke" />
            <line x1={0} y1={0} x2={SYMBOL_RADIUS} y2={0} stroke="#ffffff" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
          </g>
        </g>
      );
    }
    case 'object': {
      const [x, y] = element.position;
      const r = SYMBOL_RADIUS;
      return (
        <g {...common} data-testid="plan-object">
          <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill="none" stroke={selected ? '#2563eb' : '#71717a'} strokeDasharray="4 3" strokeWidth={1.5} vectorEffect="non-scaling-stroke" transform={`rotate(${(element.rotation * 180) / Math.PI} ${x} ${y})`} />
        </g>
      );
    }
  }
});
