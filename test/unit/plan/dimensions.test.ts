import { describe, expect, it } from 'vitest';
import { createElement, metres, planPoint, type Element } from '@/lib/model';
import { dimensionsOf } from '@/components/plan/dimensions';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const P = planPoint;

describe('dimensionsOf', () => {
  const wall = ok(createElement('wall', { storeyId: 's', name: 'W', a: P(0, 0), b: P(6, 0) }));
  const walls = new Map<string, Element>([[wall.id, wall]]);

  it("a wall's length", () => {
    expect(dimensionsOf(wall, walls).map((d) => d.label)).toEqual(['6.00 m']);
  });

  it("a room's edges, drawn outside it", () => {
    const room = ok(createElement('space', { storeyId: 's', name: 'R', polygon: [P(0, 0), P(6, 0), P(6, 4), P(0, 4)] }));
    const dims = dimensionsOf(room, walls);
    expect(dims.map((d) => d.label)).toEqual(['6.00 m', '4.00 m', '6.00 m', '4.00 m']);
    // Counter-clockwise ring: outside is to the right of each edge.
    expect(new Set(dims.map((d) => d.side))).toEqual(new Set([-1]));
  });

  it("a roof window's width and length, outside its outline", () => {
    const roof = ok(createElement('slab', { storeyId: 's', polygon: [P(0, 0), P(6, 0), P(6, 4)] }));
    const skylight = ok(createElement('window', { storeyId: 's', hostId: roof.id, width: metres(1.2), height: metres(0.8), position: [3, 2, 0] as never, rotation: 0.4 as never }));
    const dims = dimensionsOf(skylight, walls);
    expect(dims.map((d) => d.label)).toEqual(['1.20 m', '0.80 m']);
    expect(new Set(dims.map((d) => d.side))).toEqual(new Set([-1]));
  });

  it("an opening's width and its distances to the wall's ends", () => {
    const door = ok(createElement('door', { storeyId: 's', hostId: wall.id, offset: metres(2) }));
    expect(dimensionsOf(door, walls).map((d) => d.metres)).toEqual([2, door.width, 6 - 2 - door.width].map((v) => expect.closeTo(v, 9)));
  });

  it('equipment has none; an opening without its wall has none', () => {
    const door = ok(createElement('door', { storeyId: 's', hostId: 'gone', offset: metres(0) }));
    expect(dimensionsOf(door, new Map())).toEqual([]);
  });
});
