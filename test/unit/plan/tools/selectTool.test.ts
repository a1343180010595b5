import { describe, expect, it } from 'vitest';
import type { SelectToolState } from '@/components/plan/tools/selectTool';
import { ends, P, toolBench } from './harness';

/** Two walls and a bench on the select tool. */
function twoWalls() {
  const b = toolBench().use('wall');
  b.click(P(0, 0)).click(P(2, 0)).keys('enter');
  b.click(P(4, 0)).click(P(6, 0)).keys('enter');
  const [west, east] = b.elements('wall');
  return { b: b.use('select'), west: west!, east: east! };
}
const name = (s: unknown) => (s as SelectToolState).name;

describe('select tool', () => {
  it('a click on an element selects it (pointing); Shift-click adds and removes', () => {
    const { b, west, east } = twoWalls();
    b.down(P(1, 0), { elementId: west.id });
    expect(name(b.state)).toBe('pointing');
    b.up(P(1, 0), { elementId: west.id });
    expect(name(b.state)).toBe('idle');
    expect([...b.editor.selection]).toEqual([west.id]);
    b.click(P(5, 0), { elementId: east.id, shiftKey: true });
    expect([...b.editor.selection].sort()).toEqual([west.id, east.id].sort());
    b.click(P(5, 0), { elementId: east.id, shiftKey: true });
    expect([...b.editor.selection]).toEqual([west.id]);
  });

  it('dragging a selected element translates the selection: one move, snapped, one undo step', () => {
    const { b, west } = twoWalls();
    b.down(P(1, 0), { elementId: west.id });
    // Under the 3 px threshold (at 50 px/m, 0.04 m = 2 px) it is still a click.
    b.move(P(1.04, 0));
    expect(name(b.state)).toBe('pointing');
    b.move(P(1.52, 1.03));
    expect(name(b.state)).toBe('translating');
    expect(b.overlay().translate).toEqual([0.5, 1]);
    b.up(P(1.52, 1.03));
    expect(ends(b.elements('wall').find((w) => w.id === west.id)!)).toEqual([[0.5, 1], [2.5, 1]]);
    b.editor.undoManager.undo();
    expect(ends(b.elements('wall').find((w) => w.id === west.id)!)).toEqual([[0, 0], [2, 0]]);
  });

  it('a dragged wall end snaps onto another wall end', () => {
    const { b, west } = twoWalls();
    b.down(P(1.9, 0), { elementId: west.id });
    // The west wall's b end (2, 0) follows the pointer towards the east wall's a end (4, 0).
    b.move(P(3.85, 0.05)).up(P(3.85, 0.05));
    expect(ends(b.elements('wall').find((w) => w.id === west.id)!)).toEqual([[2, 0], [4, 0]]);
  });

  it('brushing from empty space selects what lies inside the box; Shift adds to the selection', () => {
    const { b, west, east } = twoWalls();
    b.down(P(-0.5, -0.6));
    expect(name(b.state)).toBe('brushing');
    b.move(P(2.5, 0.6));
    expect(b.overlay().brush).toEqual({ a: [-0.5, -0.6], b: [2.5, 0.6] });
    b.up(P(2.5, 0.6));
    expect([...b.editor.selection]).toEqual([west.id]);
    b.down(P(3.5, -0.6), { shiftKey: true }).move(P(6.5, 0.6)).up(P(6.5, 0.6), { shiftKey: true });
    expect([...b.editor.selection].sort()).toEqual([west.id, east.id].sort());
    b.down(P(10, 10)).up(P(11, 11));
    expect([...b.editor.selection]).toEqual([]);
  });

  it('a read-only user selects but never drags', () => {
    const { b, west } = twoWalls();
    b.editor.setCanEdit(false);
    b.down(P(1, 0), { elementId: west.id });
    expect(name(b.state)).toBe('idle');
    b.move(P(3, 3)).up(P(3, 3));
    expect(ends(b.elements('wall').find((w) => w.id === west.id)!)).toEqual([[0, 0], [2, 0]]);
  });
});

describe('rotate tool', () => {
  it('dragging turns the selection about its centre (rotating), Shift snaps to 15°', () => {
    const { b, west } = twoWalls();
    b.editor.select([west.id]);
    b.use('rotate');
    b.down(P(2, 0), { handle: 'rotate' });
    expect(b.state).toMatchObject({ name: 'rotating', centre: [1, 0] });
    b.move(P(1.05, 1), { shiftKey: true });
    expect(b.overlay().rotate?.angle).toBeCloseTo(Math.PI / 2, 9);
    b.up(P(1.05, 1), { shiftKey: true });
    expect(ends(b.elements('wall').find((w) => w.id === west.id)!)).toEqual([[1, -1], [1, 1]]);
  });

  it('a click on another element selects it instead of turning', () => {
    const { b, west, east } = twoWalls();
    b.editor.select([west.id]);
    b.use('rotate').click(P(5, 0), { elementId: east.id });
    expect([...b.editor.selection]).toEqual([east.id]);
    expect(ends(b.elements('wall').find((w) => w.id === west.id)!)).toEqual([[0, 0], [2, 0]]);
  });
});
