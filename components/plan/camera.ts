import type { BoundingBox, PlanPoint } from '@/lib/model';
import { planPoint } from '@/lib/model';

/** The plan view: the plan point at the centre of the view and the scale in pixels per metre. */
export interface Camera {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** Zoom limits, pixels per metre. */
export const MIN_ZOOM = 2;
export const MAX_ZOOM = 800;

/** Viewport size in CSS pixels. */
export interface ViewSize {
  readonly width: number;
  readonly height: number;
}

/** Screen (CSS px, relative to the view's top-left) → plan point. The plan's y axis points up. */
export function screenToPlan(camera: Camera, size: ViewSize, sx: number, sy: number): PlanPoint {
  return planPoint(camera.x + (sx - size.width / 2) / camera.zoom, camera.y - (sy - size.height / 2) / camera.zoom);
}

/** Plan point → screen (CSS px). */
export function planToScreen(camera: Camera, size: ViewSize, p: readonly [number, number]): [number, number] {
  return [(p[0] - camera.x) * camera.zoom + size.width / 2, -(p[1] - camera.y) * camera.zoom + size.height / 2];
}

/** The SVG transform that maps plan coordinates to screen pixels. */
export function cameraTransform(camera: Camera, size: ViewSize): string {
  const z = camera.zoom;
  return `matrix(${z} 0 0 ${-z} ${size.width / 2 - camera.x * z} ${size.height / 2 + camera.y * z})`;
}

/** Zooms by `factor` keeping the plan point under screen point (sx, sy) fixed. */
export function zoomAt(camera: Camera, size: ViewSize, sx: number, sy: number, factor: number): Camera {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, camera.zoom * factor));
  const p = screenToPlan(camera, size, sx, sy);
  return { zoom, x: p[0] - (sx - size.width / 2) / zoom, y: p[1] + (sy - size.height / 2) / zoom };
}

/** Pans by a screen-pixel delta. */
export function panBy(camera: Camera, dx: number, dy: number): Camera {
  return { ...camera, x: camera.x - dx / camera.zoom, y: camera.y + dy / camera.zoom };
}

/** A camera showing the whole box with a margin (px); a default view for an empty plan. */
export function fitCamera(box: BoundingBox | undefined, size: ViewSize, margin = 48): Camera {
  if (!box || size.width <= 0 || size.height <= 0) return { x: 0, y: 0, zoom: 40 };
  const w = Math.max(1, box.max[0] - box.min[0]);
  const h = Math.max(1, box.max[1] - box.min[1]);
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min((size.width - 2 * margin) / w, (size.height - 2 * margin) / h)));
  return { x: (box.min[0] + box.max[0]) / 2, y: (box.min[1] + box.max[1]) / 2, zoom };
}

/** A "nice" scale bar length (1, 2 or 5 × 10^n metres) about `targetPx` long at this zoom. */
export function scaleBarMetres(zoom: number, targetPx = 120): number {
  const raw = targetPx / zoom;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const n = raw / pow;
  return (n >= 5 ? 5 : n >= 2 ? 2 : 1) * pow;
}

/** Two touch points on screen (CSS px, relative to the view's top-left). */
export type FingerPair = readonly [readonly [number, number], readonly [number, number]];

/**
 * The camera of a two-finger gesture, from where it started: zoom scales by the ratio of the
 * fingers' distances, and the plan point under their starting midpoint follows the midpoint.
 * Computed from the gesture's start (not step by step) so pointer events that arrive before a
 * re-render cannot lose part of the gesture.
 */
export function pinchCamera(start: Camera, size: ViewSize, from: FingerPair, to: FingerPair): Camera {
  const distance = (f: FingerPair) => Math.hypot(f[1][0] - f[0][0], f[1][1] - f[0][1]);
  const middle = (f: FingerPair) => [(f[0][0] + f[1][0]) / 2, (f[0][1] + f[1][1]) / 2] as const;
  const d0 = distance(from);
  const zoom = d0 > 0 ? Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, (start.zoom * distance(to)) / d0)) : start.zoom;
  const [fx, fy] = middle(from);
  const [tx, ty] = middle(to);
  const anchor = screenToPlan(start, size, fx, fy);
  return { zoom, x: anchor[0] - (tx - size.width / 2) / zoom, y: anchor[1] + (ty - size.height / 2) / zoom };
}
