import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addElement,
  addStorey,
  createUndoManager,
  initBuildingDoc,
  LocalOrigin,
  moveElements,
  moveWallEnd,
  readBuilding,
  readElement,
  updateElementJoined,
} from '@/lib/doc';
import { createElement, createStorey, metres, planPoint, planVector, type Element, type PlanPoint, type Result } from '@/lib/model';
import { stateOf } from './helpers';

const ok = <T>(r: Result<T, { message: string }>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const P = (x: number, y: number) => planPoint(x, y);
const origin = new LocalOrigin('u1');

/**
 * A 6 × 4 m room of four walls joined at their corners (south, east, north, west, each drawn
 * counter-clockwise), a room on their centre lines, a door in the south wall, and a lone wall
 * on another storey at the same corner.
 */
function roomDoc() {
  const doc = new Y.Doc();
  ok(initBuildingDoc(doc, { name: 'Joints', createdAt: '2026-01-01T00:00:00Z' }));
  const ground = ok(addStorey(doc, ok(createStorey({ id: 'L0', name: 'Ground', elevation: metres(0), height: metres(3), order: 0 }))));
  ok(addStorey(doc, ok(createStorey({ id: 'L1', name: 'First', elevation: metres(3), height: metres(3), order: 1 }))));
  const corners: PlanPoint[] = [P(0, 0), P(6, 0), P(6, 4), P(0, 4)];
  const ids = ['south', 'east', 'north', 'west'];
  ids.forEach((id, i) => ok(addElement(doc, ok(createElement('wall', { id, storeyId: ground.id, a: corners[i]!, b: corners[(i + 1) % 4]! })))));
  ok(addElement(doc, ok(createElement('space', { id: 'room', storeyId: ground.id, polygon: corners }))));
  ok(addElement(doc, ok(createElement('door', { id: 'door', storeyId: ground.id, hostId: 'south', offset: metres(1) }))));
  ok(addElement(doc, ok(createElement('wall', { id: 'upstairs', storeyId: 'L1', a: P(6, 0), b: P(6, 4) }))));
  return doc;
}

const wall = (doc: Y.Doc, id: string) => {
  const e = readElement(doc, id) as Element & { a: PlanPoint; b: PlanPoint };
  return [e.a, e.b];
};
const polygon = (doc: Y.Doc) => (readElement(doc, 'room') as Element & { polygon: PlanPoint[] }).polygon;

describe('moving walls keeps them joined', () => {
  it.each<{ name: string; ids: string[]; delta: [number, number]; walls: Record<string, number[][]>; room: number[][] }>([
    {
      name: 'moving the east wall 1 m east stretches the south and north walls and the room',
      ids: ['east'],
      delta: [1, 0],
      walls: { south: [[0, 0], [7, 0]], east: [[7, 0], [7, 4]], north: [[7, 4], [0, 4]], west: [[0, 4], [0, 0]], upstairs: [[6, 0], [6, 4]] },
      room: [[0, 0], [7, 0], [7, 4], [0, 4]],
    },
    {
      name: 'moving the south wall 1 m south moves both ends of the room’s south edge',
      ids: ['south'],
      delta: [0, -1],
      walls: { south: [[0, -1], [6, -1]], east: [[6, -1], [6, 4]], north: [[6, 4], [0, 4]], west: [[0, 4], [0, -1]] },
      room: [[0, -1], [6, -1], [6, 4], [0, 4]],
    },
    {
      name: 'moving the east and west walls together leaves the walls between them translated',
      ids: ['east', 'west'],
      delta: [0.5, 0],
      walls: { south: [[0.5, 0], [6.5, 0]], east: [[6.5, 0], [6.5, 4]], north: [[6.5, 4], [0.5, 4]], west: [[0.5, 4], [0.5, 0]] },
      room: [[0.5, 0], [6.5, 0], [6.5, 4], [0.5, 4]],
    },
    {
      name: 'moving the room with its walls moves the room once',
      ids: ['south', 'east', 'north', 'west', 'room'],
      delta: [1, 1],
      walls: { south: [[1, 1], [7, 1]], east: [[7, 1], [7, 5]], north: [[7, 5], [1, 5]], west: [[1, 5], [1, 1]] },
      room: [[1, 1], [7, 1], [7, 5], [1, 5]],
    },
  ])('$name', ({ ids, delta, walls, room }) => {
    const doc = roomDoc();
    ok(moveElements(doc, ids, planVector(...delta), origin));
    for (const [id, ends] of Object.entries(walls)) expect(wall(doc, id), id).toEqual(ends);
    expect(polygon(doc)).toEqual(room);
  });

  it.each<{ name: string; end: [number, number]; follows: boolean }>([
    { name: 'an end 0.1 µm away is joined', end: [6 + 1e-7, 4 - 1e-7], follows: true },
    { name: 'an end 10 µm away is not', end: [6 + 1e-5, 4], follows: false },
  ])('$name', ({ end, follows }) => {
    const doc = roomDoc();
    ok(addElement(doc, ok(createElement('wall', { id: 'spur', storeyId: 'L0', a: P(...end), b: P(9, 4) }))));
    ok(moveElements(doc, ['east'], planVector(1, 0), origin));
    expect(wall(doc, 'spur')[0]).toEqual(follows ? [7, 4] : end);
  });

  it('keeps a door’s offset on its stretched wall', () => {
    const doc = roomDoc();
    ok(moveElements(doc, ['west'], planVector(-1, 0), origin));
    expect(wall(doc, 'south')).toEqual([[-1, 0], [6, 0]]);
    expect(readElement(doc, 'door')).toMatchObject({ hostId: 'south', offset: 1 });
  });

  it('is one transaction and one undo step', () => {
    const doc = roomDoc();
    const before = readBuilding(doc);
    const undo = createUndoManager(doc, { captureTimeout: 0 });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    ok(moveElements(doc, ['east'], planVector(1, 0), origin));
    expect(transactions).toBe(1);
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(readBuilding(doc)).toEqual(before);
  });

  it('refuses, moving nothing, when a joined wall would shrink to nothing', () => {
    const doc = roomDoc();
    const before = stateOf(doc);
    // The north wall onto the south one: the east and west walls would have no length left.
    const result = moveElements(doc, ['north'], planVector(0, -4), origin);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/^A wall joined to it would become invalid: The end point must not be the same point as the other end/);
    expect(stateOf(doc)).toEqual(before);
  });

  it('refuses when a door would no longer fit its shortened joined wall', () => {
    const doc = roomDoc();
    const before = stateOf(doc);
    const result = moveElements(doc, ['east'], planVector(-4.5, 0), origin);
    expect(!result.ok && result.error.message).toContain('The 0.90 m door in this wall would no longer fit: it needs a wall at least 1.90 m long, this one would be 1.50 m');
    expect(stateOf(doc)).toEqual(before);
  });
});

describe('moving one wall end', () => {
  it.each<{ name: string; move: () => [string, 'a' | 'b', PlanPoint]; walls: Record<string, number[][]>; room: number[][] }>([
    {
      name: 'the east wall’s end b to (7, 5): the north wall’s end a and the room’s corner follow',
      move: () => ['east', 'b', P(7, 5)],
      walls: { south: [[0, 0], [6, 0]], east: [[6, 0], [7, 5]], north: [[7, 5], [0, 4]], west: [[0, 4], [0, 0]] },
      room: [[0, 0], [6, 0], [7, 5], [0, 4]],
    },
    {
      name: 'the south wall’s end a to (-1, 0): the west wall’s end b follows',
      move: () => ['south', 'a', P(-1, 0)],
      walls: { south: [[-1, 0], [6, 0]], west: [[0, 4], [-1, 0]] },
      room: [[-1, 0], [6, 0], [6, 4], [0, 4]],
    },
  ])('$name', ({ move, walls, room }) => {
    const doc = roomDoc();
    ok(moveWallEnd(doc, ...move(), origin));
    for (const [id, ends] of Object.entries(walls)) expect(wall(doc, id), id).toEqual(ends);
    expect(polygon(doc)).toEqual(room);
  });

  it('refuses an element that is not a wall', () => {
    const doc = roomDoc();
    expect(moveWallEnd(doc, 'room', 'a', P(1, 1), origin)).toMatchObject({ ok: false, error: { code: 'invalid', message: 'A space has no wall ends' } });
  });

  it('an edited length or end coordinate in properties moves the joined ends too', () => {
    const doc = roomDoc();
    ok(updateElementJoined(doc, 'east', { b: P(6, 5) } as never, origin));
    expect(wall(doc, 'north')).toEqual([[6, 5], [0, 4]]);
    ok(updateElementJoined(doc, 'west', { name: 'West' } as never, origin));
    expect(readElement(doc, 'west')).toMatchObject({ name: 'West', a: [0, 4], b: [0, 0] });
  });
});
