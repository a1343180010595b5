import { describe, expect, it } from 'vitest';
import { createElement, jointFollowers, planPoint, planVector, type Element, type PlanPoint } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const P = (x: number, y: number) => planPoint(x, y);
const corners: PlanPoint[] = [P(0, 0), P(6, 0), P(6, 4), P(0, 4)];
const plan: Element[] = [
  ...['south', 'east', 'north', 'west'].map((id, i) => ok(createElement('wall', { id, storeyId: 'L0', a: corners[i]!, b: corners[(i + 1) % 4]! }))),
  ok(createElement('space', { id: 'room', storeyId: 'L0', polygon: corners })),
  ok(createElement('wall', { id: 'upstairs', storeyId: 'L1', a: P(6, 0), b: P(6, 4) })),
  ok(createElement('equipment', { id: 'outlet', storeyId: 'L0', system: 'electrical', position: [6, 0, 0.3] as never })),
];

describe('jointFollowers (what a drag preview draws along)', () => {
  it.each<{ name: string; ids: string[]; delta: [number, number]; follow: Record<string, unknown> }>([
    {
      name: 'the east wall 1 m east: the south and north walls stretch, the room’s corners follow',
      ids: ['east'],
      delta: [1, 0],
      follow: { south: { b: [7, 0] }, north: { a: [7, 4] }, room: { polygon: [[0, 0], [7, 0], [7, 4], [0, 4]] } },
    },
    { name: 'the room alone: no wall follows a room', ids: ['room'], delta: [1, 0], follow: {} },
    {
      name: 'two opposite walls: the two between them follow at both ends',
      ids: ['east', 'west'],
      delta: [0, 1],
      follow: { south: { a: [0, 1], b: [6, 1] }, north: { a: [6, 5], b: [0, 5] }, room: { polygon: [[0, 1], [6, 1], [6, 5], [0, 5]] } },
    },
  ])('$name', ({ ids, delta, follow }) => {
    const got = jointFollowers(plan, new Set(ids), planVector(...delta));
    expect(Object.fromEntries(got.map((f) => [f.element.id, f.patch]))).toEqual(follow);
  });
});
