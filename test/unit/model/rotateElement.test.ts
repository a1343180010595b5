import { describe, expect, it } from 'vitest';
import { createElement, planPoint, radians, rotateElementPatch, rotatePoint, worldPoint, type Element } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('rotatePoint', () => {
  it.each<[string, [number, number], [number, number], number, [number, number]]>([
    ['a quarter turn about the origin', [1, 0], [0, 0], Math.PI / 2, [0, 1]],
    ['a half turn about another point', [3, 1], [2, 1], Math.PI, [1, 1]],
    ['rounds away floating noise', [1, 1], [0, 0], Math.PI / 2, [-1, 1]],
  ])('%s', (_name, p, c, angle, expected) => {
    expect(rotatePoint(p, c, angle)).toEqual(expected);
  });
});

describe('rotateElementPatch', () => {
  const storeyId = 'storey-1';
  it('turns a wall about the centre', () => {
    const wall = ok(createElement('wall', { storeyId, a: planPoint(0, 0), b: planPoint(4, 0) }));
    expect(rotateElementPatch(wall, [2, 0], radians(Math.PI / 2))).toEqual({ a: [2, -2], b: [2, 2] });
  });
  it('turns every corner of a room', () => {
    const room = ok(createElement('space', { storeyId, polygon: [planPoint(0, 0), planPoint(2, 0), planPoint(2, 1)] }));
    expect(rotateElementPatch(room, [0, 0], radians(Math.PI / 2))).toEqual({ polygon: [[0, 0], [0, 2], [-1, 2]] });
  });
  it('moves equipment and turns its rotation, keeping its height and the angle in (-π, π]', () => {
    const equipment = ok(createElement('equipment', { storeyId, system: 'hvac', position: worldPoint(1, 0, 2.5), rotation: 3 as never }));
    const patch = rotateElementPatch(equipment, [0, 0], radians(Math.PI / 2)) as { position: number[]; rotation: number };
    expect(patch.position).toEqual([0, 1, 2.5]);
    expect(patch.rotation).toBeCloseTo(3 + Math.PI / 2 - 2 * Math.PI, 9);
  });
  it('turns a window in a slab like an object', () => {
    const skylight = { kind: 'window', position: worldPoint(1, 0, 0.4), rotation: radians(0.25) } as Element;
    const patch = rotateElementPatch(skylight, [0, 0], radians(Math.PI / 2)) as { position: number[]; rotation: number };
    expect(patch.position).toEqual([0, 1, 0.4]);
    expect(patch.rotation).toBeCloseTo(0.25 + Math.PI / 2, 9);
  });
  it('leaves doors and windows in a wall to their wall', () => {
    const door = { kind: 'door' } as Element;
    expect(rotateElementPatch(door, [0, 0], radians(1))).toBeUndefined();
  });
});
