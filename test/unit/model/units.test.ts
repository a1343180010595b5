import { describe, expect, it } from 'vitest';
import { degreesToRadians, metres, radians } from '@/lib/model';

describe('branded units', () => {
  it('brands finite numbers and refuses NaN and Infinity', () => {
    expect(metres(2.5)).toBe(2.5);
    expect(() => metres(Number.NaN)).toThrow(RangeError);
    expect(() => radians(Infinity)).toThrow(/finite/);
    expect(degreesToRadians(180)).toBeCloseTo(Math.PI, 12);
  });
});
