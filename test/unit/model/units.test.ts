import { describe, expect, it } from 'vitest';
import { degrees, degreesToRadians, fromDegrees, metres, normaliseAngle, radians, toDegrees } from '@/lib/model';

describe('branded units', () => {
  it('brands finite numbers and refuses NaN and Infinity', () => {
    expect(metres(2.5)).toBe(2.5);
    expect(() => metres(Number.NaN)).toThrow(RangeError);
    expect(() => radians(Infinity)).toThrow(/finite/);
    expect(() => degrees(Number.NaN)).toThrow(/degrees/);
    expect(degreesToRadians(180)).toBeCloseTo(Math.PI, 12);
  });
});

describe('angles', () => {
  it.each<[number, number]>([
    [0, 0],
    [90, Math.PI / 2],
    [-45, -Math.PI / 4],
    [360, 2 * Math.PI],
  ])('fromDegrees(%s) = %s rad', (deg, rad) => {
    expect(fromDegrees(degrees(deg))).toBeCloseTo(rad, 12);
  });

  it.each<[number, number]>([
    [Math.PI / 3, 60],
    [1, 57.3],
    [-Math.PI / 2, -90],
    [-1e-12, 0],
  ])('toDegrees(%s rad) = %s° (to 1/100°)', (rad, deg) => {
    expect(toDegrees(radians(rad))).toBe(deg);
  });

  it.each<[number, number]>([
    [0, 0],
    [180, 180],
    [-180, 180],
    [270, -90],
    [-450, -90],
    [360, 0],
  ])('normaliseAngle(%s°) = %s°', (input, expected) => {
    expect(toDegrees(normaliseAngle(fromDegrees(input)))).toBeCloseTo(expected, 9);
  });
});
