import { describe, expect, it } from 'vitest';
import {
  checkElementReferences,
  createElement,
  errorInWords,
  issueField,
  issueInWords,
  metres,
  modelError,
  planPoint,
  validateElementPatch,
  type BuildingLookup,
  type Element,
  type ModelIssue,
} from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const wall = ok(createElement('wall', { id: 'w-2f9c', storeyId: 'L0', a: planPoint(0, 0), b: planPoint(2.5, 0) }));
const room = ok(createElement('space', { id: 'r-81aa', storeyId: 'L0', polygon: [planPoint(0, 0), planPoint(1, 0), planPoint(1, 1)] }));
const roof = ok(createElement('slab', { id: 's-40d1', storeyId: 'L0', polygon: [planPoint(0, 0), planPoint(4, 0), planPoint(4, 4), planPoint(0, 4)] }));
const upper = ok(createElement('slab', { id: 's-9e02', storeyId: 'L1', polygon: [planPoint(0, 0), planPoint(4, 0), planPoint(4, 4)] }));
const lookup: BuildingLookup = { hasStorey: (id) => id === 'L0' || id === 'L1', getElement: (id) => ({ [wall.id]: wall, [room.id]: room, [roof.id]: roof, [upper.id]: upper })[id] as Element | undefined };
const door = (fields: Record<string, unknown>) => ok(createElement('door', { id: 'd-77b0', storeyId: 'L0', hostId: wall.id, ...fields }));

describe('reference problems are on the right field, in words, without ids', () => {
  it.each<{ name: string; element: Element; field: string; message: string }>([
    { name: 'a door wider than its wall', element: door({ width: metres(3) }), field: 'width', message: 'A 3.00 m door does not fit this 2.50 m wall' },
    { name: 'a door wider than its wall at an offset', element: door({ width: metres(3), offset: metres(1) }), field: 'width', message: 'A 3.00 m door does not fit this 2.50 m wall' },
    {
      name: 'a door that fits but runs past the end',
      element: door({ width: metres(0.9), offset: metres(2) }),
      field: 'offset',
      message: 'A 0.90 m door 2.00 m from the wall’s start runs past the end of this 2.50 m wall (at most 1.60 m from the start)',
    },
    { name: 'an 8 m door', element: door({ width: metres(8) }), field: 'width', message: 'An 8.00 m door does not fit this 2.50 m wall' },
    { name: 'an 11 m door', element: door({ width: metres(11) }), field: 'width', message: 'An 11.00 m door does not fit this 2.50 m wall' },
    { name: 'a 1.8 m door', element: door({ width: metres(1.8), offset: metres(1) }), field: 'offset', message: 'A 1.80 m door 1.00 m from the wall’s start runs past the end of this 2.50 m wall (at most 0.70 m from the start)' },
    { name: 'a door on a missing wall', element: door({ hostId: 'gone-1' }), field: 'hostId', message: 'The wall or slab this door sits in does not exist (it may have been deleted)' },
    { name: 'a door in a room', element: door({ hostId: room.id }), field: 'hostId', message: 'A door must sit in a wall or a slab, not in a space' },
    { name: 'a door in a wall given a position', element: door({ position: [1, 0, 0], rotation: 0 }), field: 'position', message: 'A door in a wall is placed along it (by its offset), not by a position' },
    { name: 'a door in a slab without a position', element: door({ hostId: roof.id }), field: 'position', message: 'A door in a slab needs a position and a rotation' },
    { name: 'a door in a slab with a position but no rotation', element: door({ hostId: roof.id, position: [1, 1, 0] }), field: 'position', message: 'A door in a slab needs a position and a rotation' },
    { name: 'a door in a slab of another storey', element: door({ hostId: upper.id, position: [1, 1, 0], rotation: 0 }), field: 'storeyId', message: 'A door must be on the storey of its slab' },
    { name: 'an element on a missing storey', element: ok(createElement('wall', { storeyId: 'L9', a: planPoint(0, 0), b: planPoint(1, 0) })), field: 'storeyId', message: 'The storey it is on does not exist (it may have been deleted)' },
  ])('$name: $field', ({ element, field, message }) => {
    const issues = modelError('invalid_element', element.kind, checkElementReferences(element, lookup)).issues;
    expect(issues).toEqual([{ path: field, message }]);
    expect(issueField(issues[0]!)).toBe(field);
    for (const id of [wall.id, room.id, roof.id, upper.id, 'd-77b0', 'gone-1', 'L9']) expect(issueInWords(issues[0]!)).not.toContain(id);
  });
});

it('takes a door in a slab placed by its position and rotation, on the slab’s storey', () => {
  expect(checkElementReferences(door({ hostId: roof.id, position: [1, 1, 0], rotation: 0.5 }), lookup)).toEqual([]);
});

describe('issues in words', () => {
  const issue = (path: string, message: string): ModelIssue => modelError('invalid_element', 'wall', [{ path, message }]).issues[0]!;
  it.each<{ issue: ModelIssue; label?: string; words: string }>([
    { issue: issue('thickness', 'must be greater than 0'), words: 'Thickness must be greater than 0' },
    { issue: issue('thickness', 'must be greater than 0'), label: 'Thickness (m)', words: 'Thickness (m) must be greater than 0' },
    { issue: issue('thickness', 'must be greater than 0'), label: '', words: 'Must be greater than 0' },
    { issue: issue('a[0]', 'must be a finite number'), words: 'The start point must be a finite number' },
    { issue: issue('storeyId', 'is required'), words: 'The storey is required' },
    { issue: issue('width', 'A 3.00 m door does not fit this 2.50 m wall'), label: 'Width', words: 'A 3.00 m door does not fit this 2.50 m wall' },
  ])('$words', ({ issue, label, words }) => {
    expect(issueInWords(issue, label)).toBe(words);
  });

  it.each([
    ['a[1]', 'a'],
    ['', ''],
    ['props.k', 'props'],
    ['thickness', 'thickness'],
  ])('the issue at %j is on field %j', (path, field) => {
    expect(issueField({ path })).toBe(field);
  });

  it('says a whole refused patch in sentences, with no paths', () => {
    const result = validateElementPatch(wall, { thickness: metres(0), b: planPoint(0, 0) } as never);
    expect(!result.ok && errorInWords(result.error)).toBe('Thickness must be greater than 0. The end point must not be the same point as the other end: a wall needs a length.');
    expect(!result.ok && errorInWords(result.error, { thickness: 'Thickness (m)' })).toContain('Thickness (m) must be greater than 0.');
  });
});
