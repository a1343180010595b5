import type { ReactElement } from 'react';
import { screenToPlan, scaleBarMetres, type Camera, type ViewSize } from './camera';

/** Grid lines over the visible part of the plan (drawn in plan coordinates, at most ~80 per axis). */
export function PlanGrid({ camera, size }: { camera: Camera; size: ViewSize }) {
  const [x0, y1] = screenToPlan(camera, size, 0, 0);
  const [x1, y0] = screenToPlan(camera, size, size.width, size.height);
  let step = 1;
  while ((x1 - x0) / step > 80) step *= 5;
  while ((x1 - x0) / step < 8 && step > 0.1) step /= 5;
  const lines: ReactElement[] = [];
  for (let x = Math.floor(x0 / step) * step; x <= x1; x += step) lines.push(<line key={`x${x}`} vectorEffect="non-scaling-stroke" x1={x} x2={x} y1={y0} y2={y1} />);
  for (let y = Math.floor(y0 / step) * step; y <= y1; y += step) lines.push(<line key={`y${y}`} vectorEffect="non-scaling-stroke" y1={y} y2={y} x1={x0} x2={x1} />);
  return (
    <g stroke="#e2e8f0" strokeWidth={1} vectorEffect="non-scaling-stroke" pointerEvents="none" data-testid="plan-grid" data-grid-step={step} aria-hidden="true">
      {lines}
    </g>
  );
}

/** Scale bar and north arrow in screen space. `north` is the angle of true north from +y, radians. */
export function PlanLegend({ camera, size, north }: { camera: Camera; size: ViewSize; north: number }) {
  const metres = scaleBarMetres(camera.zoom);
  const px = metres * camera.zoom;
  const label = metres >= 1 ? `${metres} m` : `${Math.round(metres * 100)} cm`;
  const degrees = (north * 180) / Math.PI;
  return (
    <g pointerEvents="none" fontSize={11} fill="#334155">
      <g transform={`translate(16 ${size.height - 20})`} data-testid="scale-bar" data-metres={metres} role="img" aria-label={`Scale bar: ${label}`}>
        <rect width={px} height={4} fill="#334155" />
        <rect width={px / 2} height={4} fill="#ffffff" stroke="#334155" />
        <text y={-5}>{label}</text>
      </g>
      <g transform={`translate(${size.width - 28} 36) rotate(${-degrees})`} role="img" aria-label="North arrow" data-testid="north-arrow" data-north={north}>
        <path d="M0 -18 L7 8 L0 3 L-7 8 Z" fill="#334155" />
        <text y={-21} textAnchor="middle" fontWeight={600}>
          N
        </text>
      </g>
    </g>
  );
}
