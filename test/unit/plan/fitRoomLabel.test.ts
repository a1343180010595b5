import { describe, expect, it } from 'vitest';
import { DETAIL_FONT_PX, MIN_FONT_PX, TITLE_FONT_PX, fitRoomLabel, labelZoomOf, pointInPolygon, rectInsidePolygon, wrapOptions, type RoomLabel } from '@/components/plan/symbols/fitRoomLabel';
import { textWidthEm } from '@/components/plan/symbols/textWidth';

type Ring = [number, number][];
const rect = (x: number, y: number, w: number, h: number): Ring => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
/** An L: a w x h rectangle without its top-right quarter. */
const ell = (w: number, h: number): Ring => [
  [0, 0],
  [w, 0],
  [w, h / 2],
  [w / 2, h / 2],
  [w / 2, h],
  [0, h],
];
const office = { title: '101 Office', detail: '24 m²' };

/** The label's text block on the plan (metres), from the same width estimate the fit uses. */
function blockOnPlan(label: Extract<RoomLabel, { anchor: unknown }>) {
  const width = Math.max(...label.lines.map((l) => textWidthEm(l.text) * l.fontPx));
  const top = Math.min(...label.lines.map((l) => l.y - (l.fontPx * 1.25) / 2));
  const bottom = Math.max(...label.lines.map((l) => l.y + (l.fontPx * 1.25) / 2));
  const [ax, ay] = label.anchor;
  // Screen y is down, plan y is up.
  return { minX: ax - width / 2 / label.zoom, maxX: ax + width / 2 / label.zoom, minY: ay - bottom / label.zoom, maxY: ay - top / label.zoom };
}

const visible = (label: RoomLabel) => {
  if (label.fit === 'hidden') throw new Error('label hidden');
  return label;
};

describe('fitRoomLabel', () => {
  it('fits: a 6 x 4 m room at 50 px/m shows number, name and area at their usual size, centred', () => {
    const label = visible(fitRoomLabel(rect(0, 0, 6, 4), office, 50));
    expect(label.fit).toBe('full');
    expect(label.anchor).toEqual([3, 2]);
    expect(label.lines.map((l) => [l.text, l.fontPx, l.bold])).toEqual([
      ['101 Office', TITLE_FONT_PX, true],
      ['24 m²', DETAIL_FONT_PX, false],
    ]);
    expect(label.lines[0]!.y).toBeLessThan(0);
    expect(label.lines[1]!.y).toBeGreaterThan(0);
  });

  it('keeps the same size on screen at every zoom where it fits (sized in pixels, not metres)', () => {
    for (const zoom of [30, 60, 200, 800]) expect(visible(fitRoomLabel(rect(0, 0, 6, 4), office, zoom)).lines[0]!.fontPx).toBe(TITLE_FONT_PX);
  });

  it('shrinks: where the usual size does not fit, both lines get smaller (not below the minimum)', () => {
    // 2 m at 40 px/m: 80 px wide, 66 px less the padding; "101 Office" in 12 px bold is about 70 px.
    const label = visible(fitRoomLabel(rect(0, 0, 2, 2), office, 40));
    expect(label.fit).toBe('shrunk');
    expect(label.lines).toHaveLength(2);
    expect(label.lines[0]!.fontPx).toBeLessThan(TITLE_FONT_PX);
    expect(label.lines[0]!.fontPx).toBeGreaterThanOrEqual(MIN_FONT_PX);
  });

  it('shortens: a room too low for two lines shows the title alone', () => {
    const label = visible(fitRoomLabel(rect(0, 0, 6, 0.75), office, 40));
    expect(label.fit).toBe('shortened');
    expect(label.lines.map((l) => l.text)).toEqual(['101 Office']);
  });

  it('wraps: a long name in a narrow, tall room goes onto more lines, above the area', () => {
    const label = visible(fitRoomLabel(rect(0, 0, 2.5, 3), { title: '2.14 Conference room north wing', detail: '7.5 m²' }, 40));
    expect(label.fit).toBe('wrapped');
    expect(label.lines.map((l) => l.text)).toEqual(['2.14 Conference', 'room north wing', '7.5 m²']);
  });

  it('elides: a long name in a narrow, low room keeps its number and start, and ends in "…"', () => {
    const label = visible(fitRoomLabel(rect(0, 0, 2, 0.9), { title: '2.14 Conference room north wing', detail: '1.8 m²' }, 40));
    expect(label.fit).toBe('elided');
    expect(label.lines).toHaveLength(1);
    expect(label.lines[0]!.fontPx).toBe(MIN_FONT_PX);
    expect(label.lines[0]!.text).toMatch(/^2\.14 Con.*…$/);
  });

  it('hides: a room a few pixels across on screen gets no label', () => {
    expect(fitRoomLabel(rect(0, 0, 4.5, 4.5), office, 3.3)).toEqual({ fit: 'hidden' });
    expect(fitRoomLabel(rect(0, 0, 0.5, 0.5), office, 40)).toEqual({ fit: 'hidden' });
    expect(fitRoomLabel(rect(0, 0, 6, 4), office, 0)).toEqual({ fit: 'hidden' });
    expect(fitRoomLabel([[0, 0], [1, 1]], office, 40)).toEqual({ fit: 'hidden' });
  });

  it('only gets more complete as the zoom grows: hidden, elided, shortened, wrapped, shrunk, full', () => {
    const order = ['hidden', 'elided', 'shortened', 'wrapped', 'shrunk', 'full'];
    const seen = new Set<string>();
    const rooms = [rect(0, 0, 3, 1.6), rect(0, 0, 6, 0.9), rect(0, 0, 1.5, 1.5), rect(0, 0, 1.2, 3)];
    for (const room of rooms) {
      let last = 0;
      for (let zoom = 2; zoom < 400; zoom *= 1.05) {
        const fit = fitRoomLabel(room, { title: 'A19 Laboratory', detail: '4.8 m²' }, zoom).fit;
        expect(order.indexOf(fit), `${JSON.stringify(room)} at ${zoom.toFixed(1)} px/m`).toBeGreaterThanOrEqual(last);
        last = order.indexOf(fit);
        seen.add(fit);
      }
    }
    expect(seen).toEqual(new Set(order));
  });

  it('places the label in the wide part of an L-shaped room, where the centroid is near the corner', () => {
    const room = ell(8, 8);
    const label = visible(fitRoomLabel(room, office, 30));
    const block = blockOnPlan(label);
    expect(rectInsidePolygon(block.minX, block.minY, block.maxX, block.maxY, room)).toBe(true);
  });

  it('never reaches beyond the room: random rooms and zooms (seeded)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const names = ['101 Office', 'Kitchen', 'B-12 Plant room and stores', 'WC', '3.01 Open-plan office (east)'];
    let shown = 0;
    for (let i = 0; i < 400; i++) {
      const w = 0.5 + random() * 12;
      const h = 0.5 + random() * 12;
      const room = random() < 0.5 ? rect(random() * 50, random() * 50, w, h) : ell(w, h);
      const zoom = 2 * 2 ** (random() * 8);
      const label = fitRoomLabel(room, { title: names[i % names.length]!, detail: `${(w * h).toFixed(1)} m²` }, zoom);
      if (label.fit === 'hidden') continue;
      shown++;
      const block = blockOnPlan(label);
      expect(rectInsidePolygon(block.minX, block.minY, block.maxX, block.maxY, room), `room ${JSON.stringify(room)} at ${zoom}`).toBe(true);
      for (const line of label.lines) expect(line.fontPx).toBeGreaterThanOrEqual(MIN_FONT_PX);
    }
    expect(shown).toBeGreaterThan(100);
  });

  it('returns the same answer for the same room, text and zoom', () => {
    const room = rect(0, 0, 6, 4);
    expect(fitRoomLabel(room, office, 50)).toEqual(fitRoomLabel(room, office, 50));
  });
});

describe('wrapOptions', () => {
  it('breaks a title at spaces into 2 and 3 lines with the widest line as narrow as it can be', () => {
    const title = 'B.104 Conference room of the north wing';
    const options = wrapOptions(title);
    expect(options.map((lines) => lines.length)).toEqual([2, 3]);
    const words = title.split(' ');
    const widest = (lines: readonly string[]) => Math.max(...lines.map(textWidthEm));
    for (const lines of options) {
      expect(lines.join(' ')).toBe(title);
      // No other choice of breaks has a narrower widest line.
      const splits = lines.length === 2 ? words.slice(1).map((_, i) => [words.slice(0, i + 1), words.slice(i + 1)]) : words.slice(1).flatMap((_, i) => words.slice(i + 2).map((__, j) => [words.slice(0, i + 1), words.slice(i + 1, i + 2 + j), words.slice(i + 2 + j)]));
      for (const split of splits) expect(widest(lines)).toBeLessThanOrEqual(widest(split.map((w) => w.join(' '))) + 1e-9);
    }
    expect(options[0]).toEqual(['B.104 Conference', 'room of the north wing']);
    expect(wrapOptions('Kitchen')).toEqual([]);
    expect(wrapOptions('Plant room')).toEqual([['Plant', 'room']]);
  });
});

describe('rectInsidePolygon', () => {
  it('is true inside, false across an edge, false in the missing corner of an L', () => {
    const room = ell(8, 8);
    expect(rectInsidePolygon(1, 1, 3, 3, room)).toBe(true);
    expect(rectInsidePolygon(3, 3, 5, 5, room)).toBe(false);
    expect(rectInsidePolygon(5, 5, 7, 7, room)).toBe(false);
    expect(rectInsidePolygon(-1, 1, 1, 2, room)).toBe(false);
    expect(pointInPolygon(6, 6, room)).toBe(false);
  });
});

describe('labelZoomOf', () => {
  it('rounds a zoom to an eighth of an octave, within 4.5 %', () => {
    for (let zoom = 2; zoom < 800; zoom *= 1.013) expect(Math.abs(labelZoomOf(zoom) / zoom - 1)).toBeLessThan(0.045);
    expect(labelZoomOf(50)).toBe(labelZoomOf(50.5));
    expect(labelZoomOf(32)).toBe(32);
  });
});
