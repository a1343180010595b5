/**
 * Room labels that stay legible and stay inside their room. A label is sized in screen pixels
 * (it does not grow and shrink with the plan) and placed in the room's polygon: at its usual size
 * if it fits there, else smaller (down to {@link MIN_FONT_PX}), then shortened (the area line left
 * out), then elided ("Confere…"), and hidden when even that does not fit. Pure: the plan calls it
 * per room and zoom step, and the tests call it with polygons.
 */
import polylabel from 'polylabel';
import { textWidthEm } from './textWidth';

type Ring = readonly (readonly [number, number])[];

/** Font size of the title line (number and name) when it fits, CSS px. */
export const TITLE_FONT_PX = 12;
/** Font size of the detail line (area) when it fits, CSS px. */
export const DETAIL_FONT_PX = 11;
/** Smallest font a label is shrunk to before it is shortened, CSS px. */
export const MIN_FONT_PX = 9;
/** Line height as a multiple of the font size. */
const LINE_HEIGHT = 1.25;
/** Clear space between the label and the room's outline, CSS px… */
const PAD_PX = 3;
/** …plus metres on the plan: the outline is the walls' centre line, and half a wall lies inside it. */
const PAD_M = 0.1;
/** An elided title keeps at least this many characters (or it is hidden). */
const MIN_ELIDED_CHARS = 3;
/** Font sizes are tried in steps of this many px (fewer distinct labels, fewer re-renders). */
const FONT_STEP_PX = 0.5;

/** One line of a label, in CSS px relative to the label's anchor (y down). */
export interface LabelLine {
  readonly text: string;
  readonly fontPx: number;
  readonly bold: boolean;
  /** Middle of the line below the anchor (negative: above). */
  readonly y: number;
}

/** How a label was made to fit, in the order they are tried. */
export type LabelFit = 'full' | 'shrunk' | 'shortened' | 'elided' | 'hidden';

/** Where and how a room's label is drawn at one zoom. */
export type RoomLabel =
  | { readonly fit: 'hidden' }
  | {
      readonly fit: Exclude<LabelFit, 'hidden'>;
      /** Centre of the label on the plan, metres. */
      readonly anchor: readonly [number, number];
      /** The zoom it was fitted at (px per metre): the lines' px are plan metres times this. */
      readonly zoom: number;
      readonly lines: readonly LabelLine[];
      /** Size of the text block (without padding), CSS px. */
      readonly width: number;
      readonly height: number;
    };

/** The hidden label (one object, so memoised components see no change). */
export const HIDDEN_LABEL: RoomLabel = { fit: 'hidden' };

/** What a room's label says: a title (number and name) and a detail line (area). */
export interface RoomLabelText {
  readonly title: string;
  readonly detail: string;
}

interface Placement {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** Points to try as the label's centre, best first: the centroid, the pole of inaccessibility. */
  readonly anchors: readonly (readonly [number, number])[];
}

const placements = new WeakMap<Ring, Placement>();

/** Bounding box and candidate anchors of a polygon, computed once per polygon array. */
function placementOf(polygon: Ring): Placement {
  const hit = placements.get(polygon);
  if (hit) return hit;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const anchors: (readonly [number, number])[] = [];
  const centroid = centroidOf(polygon);
  if (centroid && pointInPolygon(centroid[0], centroid[1], polygon)) anchors.push(centroid);
  if (polygon.length >= 3) {
    const precision = Math.max(0.005, Math.min(maxX - minX, maxY - minY) / 100);
    const pole = polylabel([polygon.map((p) => [p[0], p[1]] as [number, number])], precision);
    if (Number.isFinite(pole[0]) && Number.isFinite(pole[1]) && !anchors.some((a) => a[0] === pole[0] && a[1] === pole[1])) anchors.push([pole[0], pole[1]]);
  }
  const placement = { minX, minY, maxX, maxY, anchors };
  placements.set(polygon, placement);
  return placement;
}

/** Area centroid of a simple polygon, or undefined when it has no area. */
function centroidOf(polygon: Ring): [number, number] | undefined {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [x0, y0] = polygon[j]!;
    const [x1, y1] = polygon[i]!;
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-12) return undefined;
  return [cx / (3 * a), cy / (3 * a)];
}

/** Even-odd point in polygon test. */
export function pointInPolygon(x: number, y: number, polygon: Ring): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the segment touches the closed rectangle (Liang–Barsky clipping). */
function segmentHitsRect(x0: number, y0: number, x1: number, y1: number, minX: number, minY: number, maxX: number, maxY: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const edges: [number, number][] = [
    [-dx, x0 - minX],
    [dx, maxX - x0],
    [-dy, y0 - minY],
    [dy, maxY - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}

/**
 * True when the rectangle lies inside the simple polygon: no edge of the polygon touches it and
 * its centre is inside (then all of it is).
 */
export function rectInsidePolygon(minX: number, minY: number, maxX: number, maxY: number, polygon: Ring): boolean {
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xa, ya] = polygon[j]!;
    const [xb, yb] = polygon[i]!;
    if (segmentHitsRect(xa, ya, xb, yb, minX, minY, maxX, maxY)) return false;
  }
  return pointInPolygon((minX + maxX) / 2, (minY + maxY) / 2, polygon);
}

interface Block {
  readonly lines: readonly LabelLine[];
  readonly width: number;
  readonly height: number;
}

/** Lays out lines (text, font px, bold) centred on the anchor. */
function layout(parts: readonly { text: string; fontPx: number; bold: boolean }[]): Block {
  const heights = parts.map((p) => p.fontPx * LINE_HEIGHT);
  const height = heights.reduce((s, h) => s + h, 0);
  let top = -height / 2;
  const lines = parts.map((p, i) => {
    const y = top + heights[i]! / 2;
    top += heights[i]!;
    return { ...p, y };
  });
  return { lines, width: Math.max(0, ...parts.map((p) => textWidthEm(p.text) * p.fontPx)), height };
}

/**
 * The anchor where a block of `width` x `height` CSS px fits inside the polygon at `zoom`, with
 * the padding around it, or undefined.
 */
function placeBlock(placement: Placement, polygon: Ring, width: number, height: number, zoom: number): readonly [number, number] | undefined {
  const halfW = (width / 2 + PAD_PX) / zoom + PAD_M;
  const halfH = (height / 2 + PAD_PX) / zoom + PAD_M;
  if (2 * halfW > placement.maxX - placement.minX || 2 * halfH > placement.maxY - placement.minY) return undefined;
  return placement.anchors.find(([x, y]) => rectInsidePolygon(x - halfW, y - halfH, x + halfW, y + halfH, polygon));
}

/** Font sizes from `preferred` down to {@link MIN_FONT_PX}, in {@link FONT_STEP_PX} steps. */
function fontSteps(preferred: number): number[] {
  const steps: number[] = [];
  for (let f = preferred; f >= MIN_FONT_PX - 1e-9; f -= FONT_STEP_PX) steps.push(f);
  return steps;
}
const TITLE_STEPS = fontSteps(TITLE_FONT_PX);

/** The label of the lines at the largest font step that fits (the steps scale all lines alike). */
function largestFitting(placement: Placement, polygon: Ring, zoom: number, parts: readonly { text: string; bold: boolean; ratio: number }[]): { block: Block; anchor: readonly [number, number]; step: number } | undefined {
  const at = (i: number) => {
    const block = layout(parts.map((p) => ({ text: p.text, bold: p.bold, fontPx: Math.max(MIN_FONT_PX, Math.round((TITLE_STEPS[i]! * p.ratio) / FONT_STEP_PX) * FONT_STEP_PX) })));
    const anchor = placeBlock(placement, polygon, block.width, block.height, zoom);
    return anchor ? { block, anchor, step: i } : undefined;
  };
  const first = at(0);
  if (first) return first;
  // Fitting is monotone in the font size: binary search the largest step that fits.
  let lo = 1;
  let hi = TITLE_STEPS.length - 1;
  let best: ReturnType<typeof at>;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const hit = at(mid);
    if (hit) {
      best = hit;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  return best;
}

/**
 * The label of a room at a zoom (px per metre): which lines, how big, where. Tries, in order: the
 * title and the detail line at their usual size; both shrunk; the title alone (at its usual size,
 * then shrunk); the title elided at the smallest size; nothing. What is returned never reaches
 * beyond the polygon (less padding), assuming text no wider than {@link textWidthEm} says.
 */
export function fitRoomLabel(polygon: Ring, text: RoomLabelText, zoom: number): RoomLabel {
  if (polygon.length < 3 || !(zoom > 0)) return HIDDEN_LABEL;
  const placement = placementOf(polygon);
  // Quick rejection: a room smaller on screen than one short line at the smallest size.
  const minWidth = textWidthEm('Ab…') * MIN_FONT_PX;
  const minHeight = MIN_FONT_PX * LINE_HEIGHT;
  if ((placement.maxX - placement.minX - 2 * PAD_M) * zoom - 2 * PAD_PX < minWidth || (placement.maxY - placement.minY - 2 * PAD_M) * zoom - 2 * PAD_PX < minHeight) return HIDDEN_LABEL;

  const title = text.title.trim();
  const detail = text.detail.trim();
  const titlePart = { text: title, bold: true, ratio: 1 };
  const detailPart = { text: detail, bold: false, ratio: DETAIL_FONT_PX / TITLE_FONT_PX };
  const candidates: { parts: (typeof titlePart)[]; shortened: boolean }[] = [];
  if (title && detail) candidates.push({ parts: [titlePart, detailPart], shortened: false });
  if (title) candidates.push({ parts: [titlePart], shortened: detail !== '' });
  else if (detail) candidates.push({ parts: [detailPart], shortened: false });

  for (const { parts, shortened } of candidates) {
    const hit = largestFitting(placement, polygon, zoom, parts);
    if (hit) return { fit: shortened ? 'shortened' : hit.step === 0 ? 'full' : 'shrunk', anchor: hit.anchor, zoom, lines: hit.block.lines, width: hit.block.width, height: hit.block.height };
  }

  // Elide the title at the smallest size: the longest prefix (plus "…") that fits.
  const chars = [...title];
  if (chars.length <= MIN_ELIDED_CHARS) return HIDDEN_LABEL;
  const elided = (n: number) => layout([{ text: `${chars.slice(0, n).join('').trimEnd()}…`, fontPx: MIN_FONT_PX, bold: true }]);
  let lo = MIN_ELIDED_CHARS;
  let hi = chars.length - 1;
  let best: { block: Block; anchor: readonly [number, number] } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = elided(mid);
    const anchor = placeBlock(placement, polygon, block.width, block.height, zoom);
    if (anchor) {
      best = { block, anchor };
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best ? { fit: 'elided', anchor: best.anchor, zoom, lines: best.block.lines, width: best.block.width, height: best.block.height } : HIDDEN_LABEL;
}

/**
 * A zoom rounded to an eighth of an octave (±4.4 %). Labels are fitted at the rounded zoom, so
 * they change (and the plan re-renders them) a few times per doubling of the zoom, not on every
 * wheel tick; on screen they are then within 4.4 % of their nominal size and still inside their
 * room, since the fit is made in plan metres.
 */
export function labelZoomOf(zoom: number): number {
  return 2 ** (Math.round(Math.log2(zoom) * 8) / 8);
}
