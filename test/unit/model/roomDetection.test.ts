import { describe, expect, it } from 'vitest';
import { detectRoom, planPoint, polygonArea, type PlanPoint, type Segment } from '@/lib/model';

const P = (x: number, y: number) => planPoint(x, y);
const S = (ax: number, ay: number, bx: number, by: number): Segment => ({ a: P(ax, ay), b: P(bx, by) });
const box = (x0: number, y0: number, x1: number, y1: number) => [S(x0, y0, x1, y0), S(x1, y0, x1, y1), S(x1, y1, x0, y1), S(x0, y1, x0, y0)];

describe('detectRoom', () => {
  it.each<[string, Segment[], PlanPoint, number | undefined, number | undefined]>([
    ['finds a closed box', box(0, 0, 4, 3), P(1, 1), 12, 4],
    ['finds nothing outside the box', box(0, 0, 4, 3), P(5, 1), undefined, undefined],
    ['finds nothing in an open outline', box(0, 0, 4, 3).slice(0, 3), P(1, 1), undefined, undefined],
    ['splits a box by a partition wall: left room', [...box(0, 0, 6, 3), S(2, 0, 2, 3)], P(1, 1), 6, 4],
    ['splits a box by a partition wall: right room (partition ends touch mid-wall)', [...box(0, 0, 6, 3), S(2, 0, 2, 3)], P(4, 1), 12, 4],
    ['handles walls that cross past each other', [S(-1, 0, 5, 0), S(4, -1, 4, 4), S(5, 3, -1, 3), S(0, 4, 0, -1)], P(2, 1), 12, 4],
    ['drops collinear points where walls meet end to end', [S(0, 0, 2, 0), S(2, 0, 4, 0), ...box(0, 0, 4, 3).slice(1)], P(1, 1), 12, 4],
    ['finds an L-shaped room', [S(0, 0, 4, 0), S(4, 0, 4, 2), S(4, 2, 2, 2), S(2, 2, 2, 4), S(2, 4, 0, 4), S(0, 4, 0, 0)], P(1, 3), 12, 6],
    ['finds the room inside when a dangling wall sticks into it', [...box(0, 0, 4, 4), S(2, 0, 2, 1)], P(3, 3), 16, undefined],
  ])('%s', (_name, walls, p, area, corners) => {
    const room = detectRoom(walls, p);
    if (area === undefined) {
      expect(room).toBeUndefined();
      return;
    }
    expect(room).toBeDefined();
    expect(polygonArea(room!)).toBeCloseTo(area, 9);
    if (corners !== undefined) expect(room).toHaveLength(corners);
  });
});
