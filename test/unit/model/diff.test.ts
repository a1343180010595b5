import { describe, expect, it } from 'vitest';
import { changedFields, deepEqual, diffSnapshots, fieldChanges, isEmptyDiff, migrateSnapshot, type BuildingSnapshot } from '@/lib/model';
import v0 from '@/test/fixtures/model/building.v0.json';
import { editJson } from './editJson';

function fixture(): BuildingSnapshot {
  const migrated = migrateSnapshot(v0, 0);
  if (!migrated.ok) throw new Error(migrated.error.message);
  return JSON.parse(JSON.stringify(migrated.value.snapshot));
}

describe('diffSnapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(isEmptyDiff(diffSnapshots(fixture(), fixture()))).toBe(true);
  });

  it.each([
    {
      name: 'an added element',
      edits: { 'elements.w9': { ...fixture().elements.w1, id: 'w9' } },
      expected: { elements: { added: ['w9'], removed: [], changed: [] } },
    },
    {
      name: 'a removed element',
      edits: { 'elements.d1': undefined },
      expected: { elements: { added: [], removed: ['d1'], changed: [] } },
    },
    {
      name: 'changed fields, including a nested point and a prop',
      edits: { 'elements.w3.b': [0, 4.5], 'elements.w3.props.fireRating': 'EI60', 'elements.w3.props.acoustic': true, 'elements.w3.name': 'N' },
      expected: { elements: { added: [], removed: [], changed: [{ id: 'w3', fields: ['b', 'name', 'props.acoustic', 'props.fireRating'] }] } },
    },
    {
      name: 'storey, connection and meta changes',
      edits: { 'storeys.L1.height': 3.1, 'connections.c1': undefined, 'meta.name': 'Renamed' },
      expected: {
        storeys: { added: [], removed: [], changed: [{ id: 'L1', fields: ['height'] }] },
        connections: { added: [], removed: ['c1'], changed: [] },
        meta: ['name'],
      },
    },
  ])('reports $name', ({ edits, expected }) => {
    const b = editJson(fixture(), edits) as unknown as BuildingSnapshot;
    expect(diffSnapshots(fixture(), b)).toMatchObject(expected);
  });
});

describe('fieldChanges', () => {
  it.each<{ name: string; a: Record<string, unknown>; b: Record<string, unknown>; expected: { field: string; before: unknown; after: unknown }[] }>([
    { name: 'nothing changed', a: { name: 'W', props: { x: 1 } }, b: { name: 'W', props: { x: 1 } }, expected: [] },
    { name: 'a scalar field', a: { thickness: 0.2 }, b: { thickness: 0.3 }, expected: [{ field: 'thickness', before: 0.2, after: 0.3 }] },
    { name: 'a point', a: { b: [0, 4] }, b: { b: [0, 4.5] }, expected: [{ field: 'b', before: [0, 4], after: [0, 4.5] }] },
    { name: 'a property changed', a: { props: { fire: 'EI30' } }, b: { props: { fire: 'EI60' } }, expected: [{ field: 'props.fire', before: 'EI30', after: 'EI60' }] },
    { name: 'a property added', a: { props: {} }, b: { props: { acoustic: true } }, expected: [{ field: 'props.acoustic', before: undefined, after: true }] },
    { name: 'a property removed', a: { props: { acoustic: true } }, b: { props: {} }, expected: [{ field: 'props.acoustic', before: true, after: undefined }] },
    { name: 'an optional field added', a: { name: 'E' }, b: { name: 'E', asset: 'ab' }, expected: [{ field: 'asset', before: undefined, after: 'ab' }] },
    { name: 'a property named like a field is still a property', a: { props: { name: 'x' }, name: 'W' }, b: { props: { name: 'y' }, name: 'W' }, expected: [{ field: 'props.name', before: 'x', after: 'y' }] },
    {
      name: 'several, sorted as changedFields sorts them',
      a: { name: 'A', height: 3, props: { k: 1 } },
      b: { name: 'B', height: 3.1, props: { k: 2 } },
      expected: [
        { field: 'height', before: 3, after: 3.1 },
        { field: 'name', before: 'A', after: 'B' },
        { field: 'props.k', before: 1, after: 2 },
      ],
    },
  ])('$name', ({ a, b, expected }) => {
    expect(fieldChanges(a, b, changedFields(a, b))).toEqual(expected);
  });
});

describe('deepEqual', () => {
  it.each([
    { a: [1, [2, 3]], b: [1, [2, 3]], equal: true },
    { a: [1, 2], b: [1, 2, 3], equal: false },
    { a: { x: 1, y: undefined }, b: { x: 1 }, equal: true },
    { a: { x: 1 }, b: { x: '1' }, equal: false },
    { a: [], b: {}, equal: false },
    { a: null, b: {}, equal: false },
  ])('compares $a and $b', ({ a, b, equal }) => {
    expect(deepEqual(a, b)).toBe(equal);
  });
});
