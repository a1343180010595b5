import { describe, expect, it } from 'vitest';
import { planPoint } from '@/lib/model';
import { perpendicularFoot, pointAtLength, snapDrawing } from '@/components/plan/snapping';

const P = planPoint;
const wall = { a: P(0, 0), b: P(4, 0) };

describe('snapDrawing', () => {
  it.each<[string, [number, number], Parameters<typeof snapDrawing>[1], string, [number, number]]>([
    ['an end point within the tolerance wins', [3.9, 0.05], { grid: 0.1, tolerance: 0.2, segments: [wall] }, 'endpoint', [4, 0]],
    ['then a mid point', [2.1, 0.1], { grid: 0.1, tolerance: 0.2, segments: [wall] }, 'midpoint', [2, 0]],
    ['then the perpendicular foot from the anchor', [1.3, 0.1], { grid: 0.1, tolerance: 0.2, segments: [wall], anchor: P(1.27, 3) }, 'perpendicular', [1.27, 0]],
    ['then the direction from the anchor, the length on the grid', [3.1, 2.86], { grid: 0.1, tolerance: 0.2, anchor: P(1, 1) }, 'angle', [1 + 2.8 * Math.SQRT1_2, 1 + 2.8 * Math.SQRT1_2]],
    ['without an anchor, the grid', [1.234, 5.678], { grid: 0.1, tolerance: 0.2 }, 'grid', [1.2, 5.7]],
    ['a measure (angles off) goes to the grid in any direction', [3.02, 4.01], { grid: 0.1, tolerance: 0.2, anchor: P(0, 0), angles: false }, 'grid', [3, 4]],
  ])('%s', (_name, p, options, kind, point) => {
    const snap = snapDrawing(P(...p), options);
    expect(snap.kind).toBe(kind);
    expect(snap.point[0]).toBeCloseTo(point[0], 8);
    expect(snap.point[1]).toBeCloseTo(point[1], 8);
  });

  it('an angle snap has a guide through the anchor and says its direction', () => {
    const snap = snapDrawing(P(0.1, -3), { grid: 0.1, tolerance: 0.2, anchor: P(0, 0) });
    expect(snap).toMatchObject({ kind: 'angle', degrees: -90, guides: [{ kind: 'angle', from: [0, 0] }] });
  });

  it('the perpendicular foot is only on the segment', () => {
    expect(perpendicularFoot(P(2, 5), wall)).toEqual([2, 0]);
    expect(perpendicularFoot(P(5, 5), wall)).toBeUndefined();
  });
});

describe('pointAtLength', () => {
  it.each<[string, [number, number], number, number | undefined, [number, number]]>([
    ['east when the pointer is east-ish', [5, 0.3], 6, undefined, [7, 1]],
    ['north-west at 45°', [-2, 3.5], Math.SQRT2, undefined, [0, 2]],
    ['east when the pointer is on the anchor', [1, 1], 2, undefined, [3, 1]],
    ['a typed angle wins over the pointer', [5, 1], 2.5, 90, [1, 3.5]],
  ])('%s', (_name, toward, length, degrees, expected) => {
    const p = pointAtLength(P(1, 1), P(...toward), length, degrees);
    expect(p[0]).toBeCloseTo(expected[0], 9);
    expect(p[1]).toBeCloseTo(expected[1], 9);
  });
});
