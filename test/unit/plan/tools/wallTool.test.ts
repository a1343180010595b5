import { describe, expect, it } from 'vitest';
import type { WallToolState } from '@/components/plan/tools/wallTool';
import { ends, P, toolBench } from './harness';

describe('wall tool', () => {
  it('draws a chain: each click adds a wall from the last point, snapped to the grid', () => {
    const b = toolBench().use('wall');
    b.click(P(0.02, 0.01)).click(P(3.01, 0.04)).click(P(3.02, 2.03));
    expect(b.elements('wall').map(ends)).toEqual([
      [[0, 0], [3, 0]],
      [[3, 0], [3, 2]],
    ]);
    expect((b.state as WallToolState).chain).toHaveLength(3);
  });

  it('closing on the first point ends the chain: four clicks of a 6 x 4 rectangle make four walls, closed', () => {
    const b = toolBench().use('wall');
    for (const p of [P(0, 0), P(6, 0), P(6, 4), P(0, 4), P(0.05, 0.05)]) b.click(p);
    expect(b.elements('wall').map(ends)).toEqual([
      [[0, 0], [6, 0]],
      [[6, 0], [6, 4]],
      [[6, 4], [0, 4]],
      [[0, 4], [0, 0]],
    ]);
    expect((b.state as WallToolState).chain).toEqual([]);
  });

  it('Enter ends the chain; a second click on the same point adds nothing', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(0, 0)).click(P(2, 0));
    expect(b.keys('enter')).toBe(true);
    expect(b.elements('wall')).toHaveLength(1);
    expect((b.state as WallToolState).chain).toEqual([]);
    expect(b.keys('enter')).toBe(false);
  });

  it('typed lengths: 6 Enter, 4 Enter, 6 Enter, 4 Enter in the pointer directions draw a closed 6 x 4 rectangle', () => {
    const b = toolBench().use('wall');
    b.click(P(1, 1));
    const legs: [[number, number], string][] = [
      [[5, 1.3], '6'], // east (pointer a little off the line: snapped to 0°)
      [[7.2, 4], '4'], // north
      [[2, 5.1], '6'], // west
      [[0.9, 2], '4'], // south, back to the start
    ];
    for (const [[x, y], length] of legs) {
      b.move(P(x, y));
      b.type(length);
      expect(b.overlay().typed?.entry.length).toBe(length);
      expect(b.keys('enter')).toBe(true);
    }
    expect(b.elements('wall').map(ends)).toEqual([
      [[1, 1], [7, 1]],
      [[7, 1], [7, 5]],
      [[7, 5], [1, 5]],
      [[1, 5], [1, 1]],
    ]);
    // The last wall ends exactly on the first point, and that closed the chain.
    const walls = b.elements('wall');
    expect(walls[3]!.b).toEqual(walls[0]!.a);
    expect((b.state as WallToolState).chain).toEqual([]);
  });

  it('a typed angle: "2.5<90" and Tab between the fields', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).move(P(5, 0.2));
    b.type('2.5<90');
    expect(b.overlay().typed?.entry).toEqual({ length: '2.5', angle: '90', field: 'angle' });
    b.keys('enter');
    b.type('3');
    b.keys('tab');
    b.type('180');
    b.keys('enter');
    expect(b.elements('wall').map(ends)).toEqual([
      [[0, 0], [0, 2.5]],
      [[0, 2.5], [-3, 2.5]],
    ]);
  });

  it('the typed field: Backspace edits it, Escape closes it without drawing, letters do not switch tools', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).move(P(1, 0));
    b.type('45');
    b.keys('backspace');
    expect(b.overlay().typed?.entry.length).toBe('4');
    expect(b.keys('w')).toBe(true);
    expect(b.keys('escape')).toBe(true);
    expect(b.overlay().typed).toBeUndefined();
    expect(b.elements('wall')).toHaveLength(0);
    expect((b.state as WallToolState).chain).toHaveLength(1);
  });

  it('a typed length of 0 is refused in words; digits before the first point are not a length', () => {
    const b = toolBench().use('wall');
    expect(b.keys('6')).toBe(false);
    b.click(P(0, 0)).move(P(1, 0));
    b.type('0');
    b.keys('enter');
    expect(b.message()?.text).toMatch(/length in metres greater than 0/);
    expect(b.elements('wall')).toHaveLength(0);
  });

  it('shows the snap: the length at the pointer, the 0/45/90° guide, and end and mid points of walls', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(4, 0)).keys('enter');
    b.click(P(2, 3));
    b.move(P(2.03, 0.05));
    expect(b.overlay().snap).toMatchObject({ kind: 'midpoint', point: [2, 0] });
    b.move(P(3.96, 0.04));
    expect(b.overlay().snap).toMatchObject({ kind: 'endpoint', point: [4, 0] });
    b.move(P(2.5, 1.5));
    // From (2, 3) towards (2.5, 1.5): snapped to -90° (south), 1.6 m on the grid.
    expect(b.overlay().snap).toMatchObject({ kind: 'angle', degrees: -90, point: [2, 1.4] });
    expect(b.overlay().length?.metres).toBeCloseTo(1.6, 9);
    expect(b.overlay().snap?.guides).toHaveLength(1);
  });

  it('snaps to the foot of the perpendicular from the last point onto a wall', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(0, 4)).keys('enter');
    b.click(P(3.05, 1.33));
    b.move(P(0.1, 1.25));
    // The start snapped to the grid (3.1, 1.3); the foot on the wall x = 0 is (0, 1.3).
    expect(b.overlay().snap).toMatchObject({ kind: 'perpendicular', point: [0, 1.3] });
  });
});
