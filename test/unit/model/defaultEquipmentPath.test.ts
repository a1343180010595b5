import { describe, expect, it } from 'vitest';
import { createElement, defaultEquipmentPath, isValidPath, planPoint, slugSegment, worldPoint, type EquipmentSystem } from '@/lib/model';

const square = (x: number, y: number, size: number) => [planPoint(x, y), planPoint(x + size, y), planPoint(x + size, y + size), planPoint(x, y + size)];
const spaces = [
  { name: 'Room 1', number: '101', polygon: square(0, 0, 4) },
  { name: 'Kitchen', number: '', polygon: square(4, 0, 4) },
  { name: 'Büro Süd', number: '', polygon: square(8, 0, 4) },
  { name: 'Hall', number: '2.14', polygon: square(0, 4, 10) },
  // A cupboard inside the hall: the smaller room wins.
  { name: 'Cupboard', number: '', polygon: square(1, 5, 1) },
];

describe('defaultEquipmentPath', () => {
  it.each<{ name: string; system: EquipmentSystem; type: string; at: [number, number]; existing?: string[]; path: string }>([
    { name: 'in a room with a number', system: 'electrical', type: 'outlet', at: [1, 1], path: '/electrical/room-101/outlet-1' },
    { name: 'the next free number for that type in that room', system: 'electrical', type: 'outlet', at: [1, 1], existing: ['/electrical/room-101/outlet-1', '/electrical/room-101/outlet-2', '/electrical/kitchen/outlet-3'], path: '/electrical/room-101/outlet-3' },
    { name: 'a gap is reused', system: 'electrical', type: 'outlet', at: [1, 1], existing: ['/electrical/room-101/outlet-2'], path: '/electrical/room-101/outlet-1' },
    { name: 'other types do not count', system: 'electrical', type: 'panel', at: [1, 1], existing: ['/electrical/room-101/outlet-1'], path: '/electrical/room-101/panel-1' },
    { name: 'in a room with only a name', system: 'hvac', type: 'AHU', at: [5, 1], path: '/hvac/kitchen/ahu-1' },
    { name: 'accents and spaces are slugged', system: 'plumbing', type: 'Wash basin', at: [9, 1], path: '/plumbing/buro-sud/wash-basin-1' },
    { name: 'a dotted room number', system: 'lighting', type: 'light', at: [8, 8], path: '/lighting/room-2.14/light-1' },
    { name: 'the smallest room it stands in', system: 'electrical', type: 'outlet', at: [1.5, 5.5], path: '/electrical/cupboard/outlet-1' },
    { name: 'on the edge of a room', system: 'electrical', type: 'outlet', at: [0, 2], path: '/electrical/room-101/outlet-1' },
    { name: 'in no room', system: 'fire', type: 'sprinkler', at: [50, 50], path: '/fire/unassigned/sprinkler-1' },
    { name: 'a type with nothing to slug', system: 'fire', type: '***', at: [50, 50], path: '/fire/unassigned/equipment-1' },
  ])('$name: $path', ({ system, type, at, existing = [], path }) => {
    const got = defaultEquipmentPath(system, type, worldPoint(at[0], at[1], 0.3), spaces, existing);
    expect(got).toBe(path);
    expect(isValidPath(got)).toBe(true);
  });

  it('stays a valid path for very long names', () => {
    const long = 'x'.repeat(200);
    const got = defaultEquipmentPath('electrical', long, worldPoint(1, 1, 0), [{ name: long, number: '', polygon: square(0, 0, 4) }], []);
    expect(isValidPath(got)).toBe(true);
  });

  it.each([
    ['Room 101', 'room-101'],
    ['  --Lab #3--  ', 'lab-3'],
    ['..', ''],
    ['2.14', '2.14'],
  ])('slugs %j to %j', (text, slug) => {
    expect(slugSegment(text)).toBe(slug);
  });
});

describe('createElement for equipment', () => {
  it('takes the path a caller passes', () => {
    const path = defaultEquipmentPath('electrical', 'outlet', worldPoint(1, 1, 0.3), spaces, []);
    const made = createElement('equipment', { storeyId: 'L0', system: 'electrical', type: 'outlet', position: worldPoint(1, 1, 0.3), path });
    expect(made.ok && made.value.path).toBe('/electrical/room-101/outlet-1');
  });
  it('still defaults the path from the id without one', () => {
    const made = createElement('equipment', { id: 'e1', storeyId: 'L0', system: 'hvac', position: worldPoint(0, 0, 0) });
    expect(made.ok && made.value.path).toBe('/hvac/e1');
  });
});
