import { describe, expect, it } from 'vitest';
import { planVector, translateElement, validateElement, type Element } from '@/lib/model';

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
