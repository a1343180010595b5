import { describe, expect, it } from 'vitest';
import {
  degreesToRadians,
  metres,
  planPoint,
  planVector,
  radians,
  translateElement,
  validateElement,
  wallLength,
  worldPoint,
  type Element,
  type Metres,
  type Radians,
} from '@/lib/model';

describe('branded units', () => {
  it('brands finite numbers and refuses NaN and Infinity', () => {
    expect(metres(2.5)).toBe(2.5);
    expect(() => metres(Number.NaN)).toThrow(RangeError);
    expect(() => radians(Infinity)).toThrow(/finite/);
    expect(degreesToRadians(180)).toBeCloseTo(Math.PI, 12);
  });

  it('makes a wrong unit a compile error', () => {
    const length: Metres = metres(1);
    // @ts-expect-error a bare number is not metres
    const bare: Metres = 1;
    // @ts-expect-error radians are not metres
    const angle: Metres = radians(1);
    // @ts-expect-error metres are not radians
    const turn: Radians = metres(1);
    // @ts-expect-error a world point is not a plan point
    wallLength({ a: worldPoint(0, 0, 0), b: planPoint(1, 0) });
    expect([length, bare, angle, turn]).toHaveLength(4);
  });
});

describe('translateElement', () => {
  const parse = (input: unknown): Element => {
    const r = validateElement(input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const base = { storeyId: 'L0', name: '', props: {} };
  it.each([
    {
      element: parse({ ...base, id: 'w', kind: 'wall', a: [0, 0], b: [1, 0], thickness: 0.1, height: 2 }),
      expected: { a: [2, 3], b: [3, 3] },
    },
    {
      element: parse({ ...base, id: 's', kind: 'slab', polygon: [[0, 0], [1, 0], [1, 1]], thickness: 0.2 }),
      expected: { polygon: [[2, 3], [3, 3], [3, 4]] },
    },
    {
      element: parse({ ...base, id: 'o', kind: 'object', category: 'chair', position: [1, 1, 0.5], rotation: 0 }),
      expected: { position: [3, 4, 0.5] },
    },
    {
      element: parse({ ...base, id: 'd', kind: 'door', hostId: 'w', offset: 0.1, width: 0.8, height: 2, sill: 0 }),
      expected: { offset: 0.1 },
    },
  ])('moves a $element.kind by (2, 3)', ({ element, expected }) => {
    expect(translateElement(element, planVector(2, 3))).toMatchObject(expected);
  });
});
