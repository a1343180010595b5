import { describe, expect, it } from 'vitest';
import { metres, planPoint, roomAreas, type PlanPoint, type WallLike } from '@/lib/model';

const P = (x: number, y: number) => planPoint(x, y);
const wall = (a: [number, number], b: [number, number], thickness = 0.2, storeyId?: string): WallLike => ({ a: P(...a), b: P(...b), thickness: metres(thickness), storeyId });
const rect = (w: number, h: number, x = 0, y = 0): PlanPoint[] => [P(x, y), P(x + w, y), P(x + w, y + h), P(x, y + h)];
const ring = (w: number, h: number, thickness = 0.2) => [wall([0, 0], [w, 0], thickness), wall([w, 0], [w, h], thickness), wall([w, h], [0, h], thickness), wall([0, h], [0, 0], thickness)];

describe('roomAreas', () => {
  it.each<{ name: string; polygon: PlanPoint[]; walls: WallLike[]; net: number; gross: number }>([
    { name: 'a 6 × 4 m room inside 0.2 m walls', polygon: rect(6, 4), walls: ring(6, 4), net: 5.8 * 3.8, gross: 24 },
    { name: 'the same room wound clockwise', polygon: rect(6, 4).reverse(), walls: ring(6, 4), net: 22.04, gross: 24 },
    { name: 'a room with no walls', polygon: rect(6, 4), walls: [], net: 24, gross: 24 },
    { name: 'a room with a wall on one edge only', polygon: rect(6, 4), walls: [wall([0, 0], [6, 0])], net: 6 * 3.9, gross: 24 },
    { name: 'walls of different thickness', polygon: rect(6, 4), walls: [...ring(6, 4).slice(1), wall([0, 0], [6, 0], 0.4)], net: 5.8 * 3.7, gross: 24 },
    { name: 'one edge made of two walls', polygon: rect(6, 4), walls: [...ring(6, 4).slice(1), wall([0, 0], [3, 0]), wall([3, 0], [6, 0])], net: 22.04, gross: 24 },
    { name: 'a wall crossing the edge at a corner does not bound it', polygon: rect(6, 4), walls: [wall([6, -1], [6, 0])], net: 24, gross: 24 },
    { name: 'a wall parallel to an edge but away from it does not bound it', polygon: rect(6, 4), walls: [wall([0, -0.5], [6, -0.5])], net: 24, gross: 24 },
    { name: 'a room thinner than its walls has no floor', polygon: rect(6, 0.1), walls: ring(6, 0.1), net: 0, gross: 0.6 },
    {
      name: 'an L-shaped room',
      polygon: [P(0, 0), P(4, 0), P(4, 2), P(2, 2), P(2, 4), P(0, 4)],
      walls: [wall([0, 0], [4, 0]), wall([4, 0], [4, 2]), wall([4, 2], [2, 2]), wall([2, 2], [2, 4]), wall([2, 4], [0, 4]), wall([0, 4], [0, 0])],
      // Inner faces: 0.1..3.9 by 0.1..1.9, plus 0.1..1.9 by 1.9..3.9.
      net: 3.8 * 1.8 + 1.8 * 2,
      gross: 12,
    },
  ])('$name: net $net, gross $gross', ({ polygon, walls, net, gross }) => {
    const areas = roomAreas({ polygon }, walls);
    expect(areas.gross).toBeCloseTo(gross, 9);
    expect(areas.net).toBeCloseTo(net, 9);
  });

  it('ignores walls of another storey', () => {
    const walls = ring(6, 4).map((w) => ({ ...w, storeyId: 'L1' }));
    expect(roomAreas({ polygon: rect(6, 4), storeyId: 'L0' }, walls).net).toBe(24);
    expect(roomAreas({ polygon: rect(6, 4), storeyId: 'L1' }, walls).net).toBeCloseTo(22.04, 9);
  });
});
