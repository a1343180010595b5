import { describe, expect, it } from 'vitest';
import { EQUIPMENT_TYPES, GLYPH_PLACEMENT, SHAPE_PATHS } from '@/components/plan/symbols/equipmentSymbols';
import { parseInnerPlacement, placedPath, type InnerPlacement, type SymbolPlacement } from '@/components/plan/symbols/placedPath';

type Point = [number, number];
type Matrix = [number, number, number, number, number, number]; // a b c d e f, as SVG's matrix()

/** The SVG transform `translate(x y) rotate(deg) scale(s -s) translate(dx dy) scale(k)`, composed as matrices. */
function matrixOf(at: SymbolPlacement, inner: InnerPlacement): Matrix {
  const multiply = (m: Matrix, n: Matrix): Matrix => [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
  const [cos, sin] = [Math.cos(at.rotation), Math.sin(at.rotation)];
  const steps: Matrix[] = [
    [1, 0, 0, 1, at.x, at.y],
    [cos, sin, -sin, cos, 0, 0],
    [at.scale, 0, 0, -at.scale, 0, 0],
    [1, 0, 0, 1, inner.dx, inner.dy],
    [inner.k, 0, 0, inner.k, 0, 0],
  ];
  return steps.reduce(multiply);
}
const apply = (m: Matrix, [x, y]: Point): Point => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The point half-way along an SVG arc (endpoint → centre parameterisation, SVG 1.1 appendix F.6.5). */
function arcMidpoint(p0: Point, rx: number, ry: number, axisDeg: number, large: number, sweep: number, p1: Point): Point {
  const phi = (axisDeg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(phi), Math.sin(phi)];
  const [dx, dy] = [(p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2];
  const [x1, y1] = [cos * dx + sin * dy, -sin * dx + cos * dy];
  const lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
  if (lambda > 1) [rx, ry] = [rx * Math.sqrt(lambda), ry * Math.sqrt(lambda)];
  const num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
  const root = Math.sqrt(Math.max(0, num / (rx * rx * y1 * y1 + ry * ry * x1 * x1))) * (large !== sweep ? 1 : -1);
  const [cx1, cy1] = [(root * rx * y1) / ry, (-root * ry * x1) / rx];
  const [cx, cy] = [cos * cx1 - sin * cy1 + (p0[0] + p1[0]) / 2, sin * cx1 + cos * cy1 + (p0[1] + p1[1]) / 2];
  const angle = (ux: number, uy: number, vx: number, vy: number) => Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  const theta = angle(1, 0, (x1 - cx1) / rx, (y1 - cy1) / ry);
  let delta = angle((x1 - cx1) / rx, (y1 - cy1) / ry, (-x1 - cx1) / rx, (-y1 - cy1) / ry);
  if (!sweep && delta > 0) delta -= 2 * Math.PI;
  if (sweep && delta < 0) delta += 2 * Math.PI;
  const t = theta + delta / 2;
  const [ex, ey] = [rx * Math.cos(t), ry * Math.sin(t)];
  return [cos * ex - sin * ey + cx, sin * ex + cos * ey + cy];
}

type Segment = { command: string; args: number[] };
function segments(d: string): Segment[] {
  return [...d.matchAll(/([A-Za-z])([^A-Za-z]*)/g)].map((m) => ({ command: m[1]!, args: (m[2]!.match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? []).map(Number) }));
}

/**
 * Checks `placed` against `original` drawn through the matrix: every end and control point maps
 * to the placed one, and every arc passes through the mapped half-way point of the original arc
 * (which catches a wrong sweep, radius or axis angle).
 */
function expectPlaced(original: string, placed: string, m: Matrix) {
  const from = segments(original);
  const to = segments(placed);
  expect(to).toHaveLength(from.length);
  let current: Point = [0, 0];
  let currentPlaced: Point = [0, 0];
  from.forEach((seg, i) => {
    const out = to[i]!;
    const close = (got: Point, want: Point) => {
      expect(got[0]).toBeCloseTo(want[0], 4);
      expect(got[1]).toBeCloseTo(want[1], 4);
    };
    switch (seg.command) {
      case 'Z':
        expect(out.command).toBe('Z');
        return;
      case 'H':
      case 'V': {
        expect(out.command).toBe('L');
        current = seg.command === 'H' ? [seg.args[0]!, current[1]] : [current[0], seg.args[0]!];
        close(out.args as Point, apply(m, current));
        break;
      }
      case 'A': {
        expect(out.command).toBe('A');
        const [rx, ry, axis, large, sweep, x, y] = seg.args as [number, number, number, number, number, number, number];
        const [prx, pry, paxis, plarge, psweep, px, py] = out.args as [number, number, number, number, number, number, number];
        const end: Point = [x, y];
        close([px, py], apply(m, end));
        // A half circle's centre is ill-conditioned in its end points (rounded to 1e-5 m): allow
        // 1% of the radius, far below a wrong sweep (a whole diameter) or axis.
        const mid = arcMidpoint(currentPlaced, prx, pry, paxis, plarge, psweep, [px, py]);
        const want = apply(m, arcMidpoint(current, rx, ry, axis, large, sweep, end));
        expect(Math.hypot(mid[0] - want[0], mid[1] - want[1])).toBeLessThan(1e-2 * Math.max(prx, pry) + 1e-4);
        current = end;
        break;
      }
      default: {
        expect(out.command).toBe(seg.command);
        for (let p = 0; p < seg.args.length; p += 2) close([out.args[p]!, out.args[p + 1]!], apply(m, [seg.args[p]!, seg.args[p + 1]!]));
        current = [seg.args.at(-2)!, seg.args.at(-1)!];
      }
    }
    currentPlaced = [out.args.at(-2) ?? currentPlaced[0], out.args.at(-1) ?? currentPlaced[1]];
  });
}

const PLACEMENTS: SymbolPlacement[] = [
  { x: 0, y: 0, rotation: 0, scale: 1 },
  { x: 12.5, y: -3, rotation: Math.PI / 2, scale: 0.02 },
  { x: 100, y: 40, rotation: 2.2, scale: 0.35 },
  { x: -7, y: 8, rotation: -0.4, scale: 5 },
];

describe('placedPath: a symbol drawn in plan coordinates is the symbol drawn through its transform', () => {
  it.each(Object.entries(SHAPE_PATHS))('outline %s', (shape, d) => {
    const inner = parseInnerPlacement(undefined);
    for (const at of PLACEMENTS) expectPlaced(d, placedPath(d, at, inner), matrixOf(at, inner));
    void shape;
  });

  it.each(EQUIPMENT_TYPES.map((t) => [t.id, t.glyph] as const))('glyph %s, in every outline', (_id, d) => {
    for (const placement of Object.values(GLYPH_PLACEMENT)) {
      const inner = parseInnerPlacement(placement);
      for (const at of PLACEMENTS) expectPlaced(d, placedPath(d, at, inner), matrixOf(at, inner));
    }
  });

  it('turns an ellipse with its own axis angle', () => {
    for (const d of ['M-3 0A3 5 30 0 1 3 0', 'M0 -4A2 6 -50 1 0 4 1Z']) {
      for (const at of PLACEMENTS) expectPlaced(d, placedPath(d, at), matrixOf(at, parseInnerPlacement(undefined)));
    }
  });

  it('writes H and V as lines (a turn makes them diagonal) and flips the sweep of arcs (y points up on the plan)', () => {
    expect(placedPath('M0 0H1V1Z', { x: 10, y: 20, rotation: Math.PI / 2, scale: 2 })).toBe('M10 20L10 22L12 22Z');
    expect(placedPath('M-9 0A9 9 0 1 1 9 0', { x: 0, y: 0, rotation: 0, scale: 1 })).toBe('M-9 0A9 9 0 1 0 9 0');
    // More pairs after M are lines.
    expect(placedPath('M0 0 1 0', { x: 0, y: 0, rotation: 0, scale: 1 })).toBe('M0 0L1 0');
  });

  it('refuses what it cannot place, saying what', () => {
    const at = { x: 0, y: 0, rotation: 0, scale: 1 };
    expect(() => placedPath('m0 0l1 1', at)).toThrow(/command "m" is not supported/);
    expect(() => placedPath('1 2', at)).toThrow(/a number without a command/);
    expect(() => placedPath('M0', at)).toThrow(/expected a number at "end"/);
    expect(() => parseInnerPlacement('rotate(30)')).toThrow(/only translate\(x y\) and scale\(k\)/);
    expect(parseInnerPlacement('translate(0 3.2) scale(0.72)')).toEqual({ dx: 0, dy: 3.2, k: 0.72 });
  });
});
