'use client';

/**
 * A comparison drawn over the plan (issue #17 point 3): added elements green, removed red,
 * changed amber with their old outline dashed, on the storey shown. Drawn in screen pixels from
 * the plan view's camera, above the plan and below its controls; it does not take pointer events.
 */
import type { Camera, ViewSize } from '@/components/plan/camera';
import { planToScreen } from '@/components/plan/camera';
import type { CompareShape, CompareStatus } from './compareShapes';

const STYLE: Record<CompareStatus, { stroke: string; fill: string; dash?: string }> = {
  added: { stroke: '#16a34a', fill: 'rgba(22,163,74,0.18)' },
  removed: { stroke: '#dc2626', fill: 'rgba(220,38,38,0.14)' },
  changed: { stroke: '#d97706', fill: 'rgba(217,119,6,0.16)' },
  was: { stroke: '#92400e', fill: 'none', dash: '6 4' },
};

export function CompareOverlay({ shapes, camera, size }: { shapes: readonly CompareShape[]; camera: Camera; size: ViewSize }) {
  const at = (p: readonly [number, number]) => planToScreen(camera, size, p);
  return (
    <svg data-testid="compare-overlay" className="pointer-events-none absolute inset-0" width={size.width} height={size.height} aria-hidden="true">
      {shapes.map((shape) => {
        const style = STYLE[shape.status];
        const common = { 'data-testid': `compare-${shape.status}`, 'data-id': shape.id, stroke: style.stroke, strokeDasharray: style.dash } as const;
        const key = `${shape.status}-${shape.id}`;
        if (shape.kind === 'line') {
          const [x1, y1] = at(shape.a);
          const [x2, y2] = at(shape.b);
          return <line key={key} {...common} x1={x1} y1={y1} x2={x2} y2={y2} strokeWidth={Math.max(3, shape.width * camera.zoom + 4)} strokeOpacity={shape.status === 'was' ? 0.9 : 0.55} strokeLinecap="butt" fill="none" />;
        }
        if (shape.kind === 'polygon') {
          const points = shape.points.map((p) => at(p).join(',')).join(' ');
          return <polygon key={key} {...common} points={points} fill={style.fill} strokeWidth={2} />;
        }
        const [cx, cy] = at(shape.at);
        return <circle key={key} {...common} cx={cx} cy={cy} r={Math.max(6, 0.35 * camera.zoom)} fill={style.fill} strokeWidth={2} />;
      })}
    </svg>
  );
}
