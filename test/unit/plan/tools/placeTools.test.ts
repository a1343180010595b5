import { describe, expect, it } from 'vitest';
import { ends, P, toolBench } from './harness';

describe('door and window tools', () => {
  it('a door clicked on a wall is hosted by it, centred on the click, and selected', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(6, 0)).keys('enter');
    const [wall] = b.elements('wall');
    b.use('door').click(P(3, 0.05));
    const [door] = b.elements('door');
    expect(door).toMatchObject({ hostId: wall!.id });
    expect(door!.offset + door!.width / 2).toBeCloseTo(3, 2);
    expect([...b.editor.selection]).toEqual([door!.id]);
  });

  it('an opening near a wall end is kept inside the wall; a click away from walls says so', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(6, 0)).keys('enter');
    b.use('window').click(P(0.1, 0));
    expect(b.elements('window')[0]!.offset).toBe(0);
    b.use('door').click(P(3, 3));
    expect(b.elements('door')).toHaveLength(0);
    expect(b.message()?.text).toBe('Click on a wall to place a door.');
  });

  it('a wall too short for the opening is refused in words', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(0.5, 0)).keys('enter');
    b.use('door').click(P(0.25, 0));
    expect(b.elements('door')).toHaveLength(0);
    expect(b.message()?.text).toMatch(/too short/);
  });
});

describe('equipment tool', () => {
  it('places the chosen system and type on the grid, and selects it', () => {
    const b = toolBench().use('equipment');
    b.editor.update({ equipment: { system: 'plumbing', type: 'valve' } });
    b.click(P(1.234, 2.06));
    const [made] = b.elements('equipment');
    expect(made).toMatchObject({ system: 'plumbing', type: 'valve', name: 'valve' });
    expect(made!.position.slice(0, 2)).toEqual([1.2, 2.1]);
    expect([...b.editor.selection]).toEqual([made!.id]);
  });
});

describe('measure tool', () => {
  it('two clicks measure distance and angle, snapping like drawing; nothing is written', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(4, 0)).keys('enter');
    const before = b.elements('wall').map(ends);
    b.use('measure').click(P(0.03, 0.02));
    b.move(P(3.02, 4.01));
    b.click(P(3.02, 4.01));
    expect(b.overlay().measure).toEqual({ a: [0, 0], b: [3, 4] });
    expect(b.elements('wall').map(ends)).toEqual(before);
    expect(b.readModel.elements.size).toBe(1);
    // A next click starts a new measure.
    b.click(P(1, 1));
    expect(b.overlay().measure).toBeUndefined();
  });
});
