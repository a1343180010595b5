/**
 * Room labels that stay legible and stay inside their room. A label is sized in screen pixels
 * (it does not grow and shrink with the plan) and placed in the room's polygon: at its usual size
 * if it fits there, else smaller (down to {@link MIN_FONT_PX}), then with the name wrapped onto
 * more lines, then shortened (the area line left out), then elided ("Confere…"), and hidden when
 * even that does not fit. Pure: the plan calls it
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
/** A wrapped title has at most this many lines. */
const MAX_TITLE_LINES = 3;
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
export type LabelFit = 'full' | 'shrunk' | 'wrapped' | 'shortened' | 'elided' | 'hidden';

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
  /** The area centroid, when it lies inside the polygon: the first place a label is tried. */
  readonly centroid: readonly [number, number] | undefined;
  /** The pole of inaccessibility (polylabel), computed when first needed: where the label goes when it does not fit at the centroid. */
  pole?: readonly [number, number] | null;
}

const placements = new WeakMap<Ring, Placement>();

/** Bounding box and centroid of a polygon, computed once per polygon array. */
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
  const c = centroidOf(polygon);
  const placement: Placement = { minX, minY, maxX, maxY, centroid: c && pointInPolygon(c[0], c[1], polygon) ? c : undefined };
  placements.set(polygon, placement);
  return placement;
}

/** The placement's pole of inaccessibility (null when it coincides with the centroid). */
function poleOf(placement: Placement, polygon: Ring): readonly [number, number] | null {
  if (placement.pole !== undefined) return placement.pole;
  const precision = Math.max(0.01, Math.min(placement.maxX - placement.minX, placement.maxY - placement.minY) / 40);
  const p = polylabel([polygon.map((q) => [q[0], q[1]] as [number, number])], precision);
  const c = placement.centroid;
  placement.pole = Number.isFinite(p[0]) && Number.isFinite(p[1]) && !(c && c[0] === p[0] && c[1] === p[1]) ? [p[0], p[1]] : null;
  return placement.pole;
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

/** A line of a candidate label: its text, its width in ems, its size relative to the title's. */
interface Part {
  readonly text: string;
  readonly em: number;
  readonly bold: boolean;
  readonly ratio: number;
}

/** Font sizes from `preferred` down to {@link MIN_FONT_PX}, in {@link FONT_STEP_PX} steps. */
function fontSteps(preferred: number): number[] {
  const steps: number[] = [];
  for (let f = preferred; f >= MIN_FONT_PX - 1e-9; f -= FONT_STEP_PX) steps.push(f);
  return steps;
}
const TITLE_STEPS = fontSteps(TITLE_FONT_PX);

/** Font size of a part at a step. */
function fontAt(step: number, ratio: number): number {
  return ratio === 1 ? TITLE_STEPS[step]! : Math.max(MIN_FONT_PX, Math.round((TITLE_STEPS[step]! * ratio) / FONT_STEP_PX) * FONT_STEP_PX);
}

/**
 * The anchor where a block of `width` x `height` CSS px fits inside the polygon at `zoom`, with
 * the padding around it, or undefined.
 */
function placeBlock(placement: Placement, polygon: Ring, width: number, height: number, zoom: number): readonly [number, number] | undefined {
  const halfW = (width / 2 + PAD_PX) / zoom + PAD_M;
  const halfH = (height / 2 + PAD_PX) / zoom + PAD_M;
  if (2 * halfW > placement.maxX - placement.minX || 2 * halfH > placement.maxY - placement.minY) return undefined;
  const c = placement.centroid;
  if (c && rectInsidePolygon(c[0] - halfW, c[1] - halfH, c[0] + halfW, c[1] + halfH, polygon)) return c;
  const p = poleOf(placement, polygon);
  return p && rectInsidePolygon(p[0] - halfW, p[1] - halfH, p[0] + halfW, p[1] + halfH, polygon) ? p : undefined;
}

/** Where the parts fit at a step, or undefined. */
function placeAt(placement: Placement, polygon: Ring, zoom: number, parts: readonly Part[], step: number): readonly [number, number] | undefined {
  let width = 0;
  let height = 0;
  for (const part of parts) {
    const f = fontAt(step, part.ratio);
    width = Math.max(width, part.em * f);
    height += f * LINE_HEIGHT;
  }
  return placeBlock(placement, polygon, width, height, zoom);
}

/** The largest font step (0 = the usual size) at which the parts fit, with where; the steps scale all lines alike. */
function largestFitting(placement: Placement, polygon: Ring, zoom: number, parts: readonly Part[]): { step: number; anchor: readonly [number, number] } | undefined {
  const first = placeAt(placement, polygon, zoom, parts, 0);
  if (first) return { step: 0, anchor: first };
  // Fitting is monotone in the font size: binary search the largest step that fits.
  let lo = 1;
  let hi = TITLE_STEPS.length - 1;
  let best: { step: number; anchor: readonly [number, number] } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const anchor = placeAt(placement, polygon, zoom, parts, mid);
    if (anchor) {
      best = { step: mid, anchor };
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  return best;
}

/** The fitted label: the parts at a step, laid out centred on the anchor. */
function labelOf(fit: Exclude<LabelFit, 'hidden'>, anchor: readonly [number, number], zoom: number, parts: readonly Part[], step: number): RoomLabel {
  const sizes = parts.map((p) => fontAt(step, p.ratio));
  const height = sizes.reduce((sum, f) => sum + f * LINE_HEIGHT, 0);
  let top = -height / 2;
  const lines = parts.map((p, i) => {
    const lineHeight = sizes[i]! * LINE_HEIGHT;
    const y = top + lineHeight / 2;
    top += lineHeight;
    return { text: p.text, fontPx: sizes[i]!, bold: p.bold, y };
  });
  return { fit, anchor, zoom, lines, width: Math.max(...parts.map((p, i) => p.em * sizes[i]!)), height };
}

/**
 * The title broken at spaces into 2..{@link MAX_TITLE_LINES} lines, for each line count the
 * breaks that make the widest line narrowest (a title of many words is tried only as is).
 */
export function wrapOptions(title: string): readonly string[][] {
  const hit = wrapCache.get(title);
  if (hit) return hit;
  const options = computeWrapOptions(title);
  if (wrapCache.size > 2000) wrapCache.clear();
  wrapCache.set(title, options);
  return options;
}
const wrapCache = new Map<string, readonly string[][]>();

function computeWrapOptions(title: string): string[][] {
  const words = title.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 16) return [];
  const widths = words.map((w) => textWidthEm(w));
  const space = textWidthEm(' ');
  const lineWidth = (from: number, to: number) => widths.slice(from, to).reduce((s, w) => s + w, 0) + space * (to - from - 1);
  const options: string[][] = [];
  for (let count = 2; count <= Math.min(MAX_TITLE_LINES, words.length); count++) {
    let best: { breaks: number[]; widest: number } | undefined;
    // Every choice of count-1 break positions among the gaps between words (at most C(15, 2)).
    const choose = (start: number, left: number, breaks: number[]) => {
      if (left === 0) {
        const ends = [...breaks, words.length];
        let from = 0;
        let widest = 0;
        for (const end of ends) {
          widest = Math.max(widest, lineWidth(from, end));
          from = end;
        }
        if (!best || widest < best.widest - 1e-9) best = { breaks: [...breaks], widest };
        return;
      }
      for (let b = start; b <= words.length - left; b++) choose(b + 1, left - 1, [...breaks, b]);
    };
    choose(1, count - 1, []);
    const ends = [...best!.breaks, words.length];
    let from = 0;
    options.push(ends.map((end) => words.slice(from, (from = end)).join(' ')));
  }
  return options;
}

/**
 * The label of a room at a zoom (px per metre): which lines, how big, where. Tries, in order: the
 * title and the detail line at their usual size; both shrunk; the title wrapped onto 2 or 3
 * lines above the detail; the title alone (on one line, then wrapped); the title elided on one
 * line at the smallest size; nothing. Each is tried at the largest font step that fits. What is returned never reaches
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
  const detailPart: Part = { text: detail, em: textWidthEm(detail), bold: false, ratio: DETAIL_FONT_PX / TITLE_FONT_PX };
  const titleParts = (lines: readonly string[]): Part[] => lines.map((line) => ({ text: line, em: textWidthEm(line), bold: true, ratio: 1 }));
  const wrappings = title ? wrapOptions(title) : [];
  const candidates: { parts: Part[]; fit?: Exclude<LabelFit, 'hidden'> }[] = [];
  if (title && detail) {
    candidates.push({ parts: [...titleParts([title]), detailPart] });
    for (const lines of wrappings) candidates.push({ parts: [...titleParts(lines), detailPart], fit: 'wrapped' });
  }
  if (title) for (const lines of [[title], ...wrappings]) candidates.push({ parts: titleParts(lines), fit: detail ? 'shortened' : lines.length > 1 ? 'wrapped' : undefined });
  else if (detail) candidates.push({ parts: [detailPart] });

  for (const { parts, fit } of candidates) {
    const hit = largestFitting(placement, polygon, zoom, parts);
    if (hit) return labelOf(fit ?? (hit.step === 0 ? 'full' : 'shrunk'), hit.anchor, zoom, parts, hit.step);
  }

  // Elide the title at the smallest size: the longest prefix (plus "…") that fits.
  const chars = [...title];
  if (chars.length <= MIN_ELIDED_CHARS) return HIDDEN_LABEL;
  const minStep = TITLE_STEPS.length - 1;
  const elided = (n: number): Part => {
    const text = `${chars.slice(0, n).join('').trimEnd()}…`;
    return { text, em: textWidthEm(text), bold: true, ratio: 1 };
  };
  let lo = MIN_ELIDED_CHARS;
  let hi = chars.length - 1;
  let best: { part: Part; anchor: readonly [number, number] } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const part = elided(mid);
    const anchor = placeAt(placement, polygon, zoom, [part], minStep);
    if (anchor) {
      best = { part, anchor };
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best ? labelOf('elided', best.anchor, zoom, [best.part], minStep) : HIDDEN_LABEL;
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
