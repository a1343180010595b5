import { describe, expect, it } from 'vitest';
import { nearestWall, planPoint, projectOntoWall, snapAngle, snapPoint, snapToGrid, type PlanPoint } from '@/lib/model';

const P = (x: number, y: number) => planPoint(x, y);

describe('snapToGrid', () => {
  it.each<[string, PlanPoint, number, PlanPoint]>([
    ['rounds to the nearest node', P(1.26, 0.74), 0.5, P(1.5, 0.5)],
    ['keeps exact nodes', P(2, -3), 0.5, P(2, -3)],
    ['gives no floating noise', P(0.31, 0.29), 0.1, P(0.3, 0.3)],
    ['normalises negative zero', P(-0.01, -0.02), 1, P(0, 0)],
    ['leaves the point alone when the grid is off', P(1.234, 5.678), 0, P(1.234, 5.678)],
  ])('%s', (_name, p, grid, expected) => {
    expect(snapToGrid(p, grid)).toEqual(expected);
  });
});

describe('snapAngle', () => {
  it.each<[string, PlanPoint, PlanPoint]>([
    ['almost horizontal becomes horizontal', P(5, 0.3), P(Math.hypot(5, 0.3), 0)],
    ['almost vertical becomes vertical', P(-0.2, 3), P(0, Math.hypot(0.2, 3))],
    ['near 45° becomes 45°', P(3, 2.8), P(Math.hypot(3, 2.8) / Math.SQRT2, Math.hypot(3, 2.8) / Math.SQRT2)],
  ])('%s', (_name, p, expected) => {
    const got = snapAngle(P(0, 0), p);
    expect(got[0]).toBeCloseTo(expected[0], 9);
    expect(got[1]).toBeCloseTo(expected[1], 9);
  });
});

describe('snapPoint', () => {
  const endpoints = [P(4, 4), P(10, 0)];
  it.each<[string, PlanPoint, Parameters<typeof snapPoint>[1], PlanPoint, string]>([
    ['an end point within tolerance wins over the grid', P(4.1, 3.95), { grid: 0.5, tolerance: 0.25, endpoints }, P(4, 4), 'endpoint'],
    ['outside tolerance the grid applies', P(4.4, 3.6), { grid: 0.5, tolerance: 0.25, endpoints }, P(4.5, 3.5), 'grid'],
    ['with an anchor the direction snaps to 0° and the length to the grid', P(3.2, 0.4), { grid: 0.5, tolerance: 0.1, anchor: P(0, 0) }, P(3, 0), 'angle'],
    ['with an anchor a near-90° pointer gives a vertical wall', P(1.1, 6.1), { grid: 1, tolerance: 0.1, anchor: P(1, 1) }, P(1, 6), 'angle'],
    ['a very short drag keeps at least one grid step', P(0.05, 0), { grid: 0.5, tolerance: 0.01, anchor: P(0, 0) }, P(0.5, 0), 'angle'],
    ['no grid and no end points leaves the point alone', P(1.234, 2.345), { grid: 0, tolerance: 0.1 }, P(1.234, 2.345), 'none'],
  ])('%s', (_name, p, options, expected, kind) => {
    const got = snapPoint(p, options);
    expect(got.kind).toBe(kind);
    expect(got.point[0]).toBeCloseTo(expected[0], 9);
    expect(got.point[1]).toBeCloseTo(expected[1], 9);
  });
});

describe('walls under the pointer', () => {
  const walls = [
    { id: 'w1', a: P(0, 0), b: P(10, 0), thickness: 0.2 },
    { id: 'w2', a: P(0, 0), b: P(0, 10), thickness: 0.2 },
  ];
  it.each<[string, PlanPoint, string | undefined]>([
    ['picks the wall the pointer is on', P(5, 0.05), 'w1'],
    ['picks the nearer of two walls', P(0.3, 6), 'w2'],
    ['picks nothing far from every wall', P(5, 5), undefined],
  ])('%s', (_name, p, id) => {
    expect(nearestWall(p, walls, 0.5)?.id).toBe(id);
  });

  it.each<[PlanPoint, number]>([
    [P(3, 1), 3],
    [P(-2, 0), 0],
    [P(12, -1), 10],
  ])('projects %j onto the wall at %d m from a', (p, offset) => {
    expect(projectOntoWall(walls[0]!, p)).toBeCloseTo(offset, 9);
  });
});
