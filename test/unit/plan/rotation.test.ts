import { describe, expect, it } from 'vitest';
import { dragAngle, fromDegrees, normaliseAngle, selectionCentre, snapRotation, toDegrees } from '@/components/plan/rotation';
import { createElement, planPoint, worldPoint, type Element } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const deg = (d: number) => fromDegrees(d);

describe('dragAngle', () => {
  const centre = [2, 1] as const;
  it.each<[string, [number, number], [number, number], boolean, number]>([
    ['a quarter turn counter-clockwise', [3, 1], [2, 2], false, 90],
    ['a quarter turn clockwise', [2, 2], [3, 1], false, -90],
    ['the same direction farther out is no turn', [3, 1], [5, 1], false, 0],
    ['37° free', [3, 1], [2 + Math.cos(deg(37)), 1 + Math.sin(deg(37))], false, 37],
    ['37° with Shift snaps to 30°', [3, 1], [2 + Math.cos(deg(37)), 1 + Math.sin(deg(37))], true, 30],
    ['38° with Shift snaps to 45°', [3, 1], [2 + Math.cos(deg(38)), 1 + Math.sin(deg(38))], true, 45],
    // From straight up (90°) to just left of straight down (-95.7°): -185.7° is +174.3°.
    ['across ±180° stays in (-180°, 180°]', [2, 2], [1.9, 0], false, 180 - (Math.atan(0.1) * 180) / Math.PI],
    ['a pointer on the centre is no turn', [3, 1], [2, 1], false, 0],
  ])('%s', (_name, from, to, snap, expected) => {
    expect((dragAngle(centre, from, to, snap) * 180) / Math.PI).toBeCloseTo(expected, 6);
  });
});

describe('angles', () => {
  it.each<[number, number]>([
    [0, 0],
    [180, 180],
    [-180, 180],
    [270, -90],
    [-450, -90],
    [360, 0],
  ])('normaliseAngle(%s°) = %s°', (input, expected) => {
    expect(toDegrees(normaliseAngle(deg(input)))).toBeCloseTo(expected, 9);
  });
  it('snaps to the nearest multiple of 15°', () => {
    expect(toDegrees(snapRotation(deg(7.4)))).toBe(0);
    expect(toDegrees(snapRotation(deg(7.6)))).toBe(15);
    expect(toDegrees(snapRotation(deg(-52)))).toBe(-45);
  });
  it('shows degrees to 1/100 and reads them back', () => {
    expect(toDegrees(Math.PI / 3)).toBe(60);
    expect(toDegrees(1)).toBe(57.3);
    expect(fromDegrees(90)).toBeCloseTo(Math.PI / 2, 12);
  });
});

describe('selectionCentre', () => {
  const storeyId = 'storey-1';
  it('is the centre of the selection box, on the 10 cm grid', () => {
    const wall = ok(createElement('wall', { storeyId, name: 'W', a: planPoint(0, 0), b: planPoint(4, 0) }));
    const outlet = ok(createElement('equipment', { storeyId, system: 'electrical', position: worldPoint(3.03, 2.6, 0.3) }));
    const all = new Map<string, Element>([[wall.id, wall], [outlet.id, outlet]]);
    expect(selectionCentre([wall], all)).toEqual([2, 0]);
    // Box: x 0..4 (the wall), y -0.1 (wall side, 0.2 m thick) .. 2.9 (outlet symbol, 0.3 m radius).
    expect(selectionCentre([wall, outlet], all)).toEqual([2, 1.4]);
  });
  it('is undefined for nothing', () => {
    expect(selectionCentre([], new Map())).toBeUndefined();
  });
});
