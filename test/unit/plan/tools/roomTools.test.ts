import { describe, expect, it } from 'vitest';
import { polygonArea } from '@/lib/model';
import { roomCovering, sameOutline } from '@/components/plan/tools/roomFromWallsTool';
import { P, toolBench } from './harness';

/** A bench with the 6 x 4 m rectangle of walls drawn from (0, 0). */
function rectangle() {
  const b = toolBench().use('wall');
  for (const p of [P(0, 0), P(6, 0), P(6, 4), P(0, 4), P(0, 0)]) b.click(p);
  return b;
}

describe('room tool', () => {
  it('clicking the corners and the first corner again makes a room named Room 1, selected', () => {
    const b = toolBench().use('room');
    for (const p of [P(0, 0), P(3, 0), P(3, 2), P(0, 2), P(0.05, 0.02)]) b.click(p);
    const [room] = b.elements('space');
    expect(room).toMatchObject({ name: 'Room 1' });
    expect(polygonArea(room!.polygon)).toBeCloseTo(6, 9);
    expect([...b.editor.selection]).toEqual([room!.id]);
  });

  it('Enter closes a room of three or more corners; with fewer it just ends', () => {
    const b = toolBench().use('room');
    b.click(P(0, 0)).click(P(2, 0));
    expect(b.keys('enter')).toBe(true);
    expect(b.elements('space')).toHaveLength(0);
    b.click(P(0, 0)).click(P(2, 0)).click(P(2, 2));
    b.keys('enter');
    expect(b.elements('space')).toHaveLength(1);
  });
});

describe('room from walls', () => {
  it('a click inside a closed area makes a room of it (24 m² to the centre lines)', () => {
    const b = rectangle().use('room-detect');
    b.click(P(3, 2));
    const [room] = b.elements('space');
    expect(polygonArea(room!.polygon)).toBeCloseTo(24, 9);
    expect(room!.name).toBe('Room 1');
  });

  it('a second click inside the same area selects the room and says so, without a duplicate', () => {
    const b = rectangle().use('room-detect');
    b.click(P(3, 2));
    b.editor.select([]);
    b.click(P(1, 1));
    expect(b.elements('space')).toHaveLength(1);
    expect([...b.editor.selection]).toEqual([b.elements('space')[0]!.id]);
    expect(b.message()).toEqual({ tone: 'info', text: 'This area is already Room 1.' });
  });

  it('a click outside any closed area is refused in words', () => {
    const b = rectangle().use('room-detect');
    b.click(P(10, 10));
    expect(b.elements('space')).toHaveLength(0);
    expect(b.message()?.tone).toBe('error');
  });

  it('sameOutline and roomCovering compare corners in any order and areas of rooms around the point', () => {
    const square = [P(0, 0), P(2, 0), P(2, 2), P(0, 2)];
    expect(sameOutline(square, [P(2, 2), P(0, 2), P(0, 0), P(2, 0)])).toBe(true);
    expect(sameOutline(square, [P(0, 0), P(2, 0), P(2, 2)])).toBe(false);
    const room = { id: 'r', kind: 'space', name: 'R', polygon: [P(0, 0), P(2, 0), P(2, 1), P(2, 2), P(0, 2)] } as never;
    expect(roomCovering([room], square, P(1, 1))).toBe(room);
    expect(roomCovering([room], square, P(5, 5))).toBeUndefined();
  });
});
