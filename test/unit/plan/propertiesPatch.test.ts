import { describe, expect, it } from 'vitest';
import { patchFor } from '@/components/plan/PropertiesPanel';
import { createElement, planPoint, worldPoint, type Element } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const wall = ok(createElement('wall', { storeyId: 'L0', a: planPoint(1, 1), b: planPoint(4, 5) }));
const outlet = ok(createElement('equipment', { id: 'e1', storeyId: 'L0', system: 'electrical', position: worldPoint(0, 0, 0) }));
const num = (key: string) => ({ key, type: 'number' as const });

describe('what a typed property means', () => {
  it.each<{ name: string; element: Element; field: { key: string; type: 'text' | 'number' | 'select' }; raw: string; patch: unknown }>([
    { name: 'a wall’s length moves end b along the wall', element: wall, field: num('length'), raw: '10', patch: { b: [7, 9] } },
    { name: 'a shorter length', element: wall, field: num('length'), raw: '2.5', patch: { b: [2.5, 3] } },
    { name: 'a zero length is refused in words', element: wall, field: num('length'), raw: '0', patch: 'Must be greater than 0: a wall needs a length.' },
    { name: 'a length that is no number', element: wall, field: num('length'), raw: 'abc', patch: 'Type a length in metres.' },
    { name: 'the start’s x', element: wall, field: num('a.x'), raw: '0', patch: { a: [0, 1] } },
    { name: 'the end’s y', element: wall, field: num('b.y'), raw: '-2', patch: { b: [4, -2] } },
    { name: 'an empty coordinate is NaN for the model to refuse', element: wall, field: num('b.x'), raw: '', patch: { b: [Number.NaN, 5] } },
    { name: 'a thickness', element: wall, field: num('thickness'), raw: '0.3', patch: { thickness: 0.3 } },
    { name: 'degrees to radians, normalised', element: outlet, field: num('rotation'), raw: '270', patch: { rotation: expect.closeTo(-Math.PI / 2, 12) } },
    { name: 'a system moves the path along', element: outlet, field: { key: 'system', type: 'select' }, raw: 'hvac', patch: { system: 'hvac', path: '/hvac/e1' } },
  ])('$name', ({ element, field, raw, patch }) => {
    expect(patchFor(element, field, raw)).toEqual(patch);
  });
});
