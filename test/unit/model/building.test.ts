import { describe, expect, it } from 'vitest';
import { migrateSnapshot, parseBuildingSnapshot, validateBuilding, type BuildingSnapshot } from '@/lib/model';
import v0 from '@/test/fixtures/model/building.v0.json';
import { editJson } from './editJson';

function current(): BuildingSnapshot {
  const migrated = migrateSnapshot(v0, 0);
  if (!migrated.ok) throw new Error(migrated.error.message);
  return migrated.value.snapshot;
}

const edited = (edits: Record<string, unknown>) => editJson(current(), edits);

describe('validateBuilding', () => {
  it('accepts the migrated fixture', () => {
    expect(validateBuilding(current()).ok).toBe(true);
  });

  it.each([
    { name: 'an element on a missing storey', edit: { 'elements.w1.storeyId': 'L9' }, issue: 'elements.w1.storeyId: The storey it is on does not exist (it may have been deleted)' },
    { name: 'a door whose host is missing', edit: { 'elements.d1.hostId': 'nope' }, issue: 'elements.d1.hostId: The wall or slab this door sits in does not exist (it may have been deleted)' },
    { name: 'a door hosted by a room', edit: { 'elements.d1.hostId': 'r1' }, issue: 'elements.d1.hostId: A door must sit in a wall or a slab, not in a space' },
    { name: 'a door on another storey than its wall', edit: { 'elements.d1.hostId': 'w5' }, issue: 'elements.d1.storeyId: A door must be on the storey of its wall' },
    { name: 'a window that does not fit', edit: { 'elements.win1.offset': 5.5 }, issue: 'elements.win1.offset: A 1.20 m window 5.50 m from the wall’s start runs past the end of this 6.00 m wall (at most 4.80 m from the start)' },
    { name: 'a connection to a missing element', edit: { 'connections.c1.to': 'ghost' }, issue: 'connections.c1.to: The element at this end does not exist (it may have been deleted)' },
    { name: 'a record keyed by another id', edit: { 'storeys.L1.id': 'L7' }, issue: 'storeys.L1.id: must equal its key "L1"' },
    { name: 'an invalid record', edit: { 'elements.w2.thickness': -1 }, issue: 'elements.w2.thickness: must be greater than 0' },
    { name: 'a missing collection', edit: { 'connections': undefined }, issue: 'connections: is required' },
  ])('reports $name', ({ edit, issue }) => {
    const result = validateBuilding(edited(edit));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_building');
      expect(result.error.message).toContain(issue);
    }
  });

  it('returns all problems at once', () => {
    const result = validateBuilding(edited({ 'elements.e3.storeyId': 'L9', 'connections.c1.from': 'ghost' }));
    expect(!result.ok && result.error.issues.map((i) => i.path)).toEqual(['elements.e3.storeyId', 'connections.c1.from']);
  });

  it('parseBuildingSnapshot checks shapes but not references', () => {
    expect(parseBuildingSnapshot(edited({ 'elements.w1.storeyId': 'L9' })).ok).toBe(true);
  });
});
