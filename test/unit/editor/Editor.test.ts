import { describe, expect, it } from 'vitest';
import { commandForKey } from '@/components/editor/commands';
import { PLAN_COMMANDS } from '@/components/plan/planCommands';
import { planPoint, radians, worldPoint, type Slab, type Window } from '@/lib/model';
import { P, toolBench } from '../plan/tools/harness';
import { building } from './fixtures';

describe('Editor selection per storey', () => {
  it('after + Storey the previous storey keeps its own selection, inactive; Delete removes nothing off-screen', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(4, 0)).keys('enter');
    const [wall] = b.elements('wall');
    b.editor.select([wall!.id]);
    const first = b.editor.storeyId;
    const second = b.editor.addNewStorey()!;
    expect(b.editor.storeyId).toBe(second);
    expect([...b.editor.selection]).toEqual([]);
    b.editor.deleteSelection();
    expect(b.elements('wall')).toHaveLength(1);
    b.editor.setStorey(first);
    expect([...b.editor.selection]).toEqual([wall!.id]);
  });

  it('selecting ids of another storey selects nothing', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(4, 0)).keys('enter');
    const [wall] = b.elements('wall');
    b.editor.addNewStorey();
    b.editor.select([wall!.id]);
    expect([...b.editor.selection]).toEqual([]);
  });
});

describe('hidden elements (Hide, Isolate, Show all; a review viewpoint)', () => {
  /** Three walls on the first storey and one on a second. */
  function bench() {
    const b = toolBench().use('wall');
    for (const y of [0, 2, 4]) b.click(P(0, y)).click(P(4, y)).keys('enter');
    const first = b.editor.storeyId;
    b.editor.addNewStorey();
    b.use('wall').click(P(0, 0)).click(P(4, 0)).keys('enter');
    b.editor.setStorey(first);
    const walls = b.elements('wall').map((w) => w.id);
    return { b, walls };
  }
  const run = (b: ReturnType<typeof toolBench>, key: string) => {
    const command = commandForKey(PLAN_COMMANDS, key, b.editor);
    expect(command, key).toBeDefined();
    command!.run(b.editor);
  };

  it('H hides the selection (it leaves the selection and cannot be selected again), Alt+H shows all', () => {
    const { b, walls } = bench();
    const [w0, w1] = walls;
    expect(commandForKey(PLAN_COMMANDS, 'h', b.editor), 'nothing selected: nothing to hide').toBeUndefined();
    expect(commandForKey(PLAN_COMMANDS, 'alt+h', b.editor), 'nothing hidden').toBeUndefined();
    b.editor.select([w0!]);
    run(b, 'h');
    expect(b.editor.isShown(w0!)).toBe(false);
    expect(b.editor.hiddenCount).toBe(1);
    expect([...b.editor.selection]).toEqual([]);
    b.editor.select([w0!, w1!]);
    expect([...b.editor.selection]).toEqual([w1]);
    run(b, 'alt+h');
    expect(b.editor.hiddenCount).toBe(0);
    expect(b.editor.isShown(w0!)).toBe(true);
  });

  it('I shows only the selection, on every storey; an element drawn afterwards is shown', () => {
    const { b, walls } = bench();
    b.editor.select([walls[1]!]);
    run(b, 'i');
    expect(walls.map((id) => b.editor.isShown(id))).toEqual([false, true, false, false]);
    expect(b.editor.hiddenCount).toBe(3);
    b.use('wall').click(P(0, 8)).click(P(4, 8)).keys('enter');
    const drawn = b.elements('wall').find((w) => !walls.includes(w.id))!;
    expect(b.editor.isShown(drawn.id)).toBe(true);
  });

  it('the count is of elements in the model (a hidden element deleted by someone is no longer counted); revealing an element from the tree shows it', () => {
    const { b, walls } = bench();
    b.editor.setHidden([walls[0]!, walls[2]!, 'gone']);
    expect(b.editor.hiddenCount).toBe(2);
    b.editor.edit((tx) => tx.deleteElement(walls[0]!));
    expect(b.editor.hiddenCount).toBe(1);
    b.editor.reveal(walls[2]!);
    expect(b.editor.isShown(walls[2]!)).toBe(true);
    expect([...b.editor.selection]).toEqual([walls[2]]);
  });
});

describe('a roof window turns with its slab', () => {
  it('Rotate 90° of a selected slab turns the window in it about the same centre', () => {
    const b = building();
    const square = [planPoint(0, 0), planPoint(4, 0), planPoint(4, 4), planPoint(0, 4)];
    const roof = b.add('slab', { storeyId: b.ground.id, name: 'Roof', polygon: square });
    const skylight = b.add('window', { storeyId: b.ground.id, name: 'Skylight', hostId: roof.id, position: worldPoint(3, 2, 0.2), rotation: radians(0.3) });
    b.editor.setStorey(b.ground.id);
    b.editor.select([roof.id]);
    expect(b.editor.rotateSelection(Math.PI / 2)).toBeUndefined();
    const turned = b.readModel.elements.get(skylight.id) as Window;
    expect(turned.position).toEqual([2, 3, 0.2]);
    expect(turned.rotation).toBeCloseTo(0.3 + Math.PI / 2, 9);
    expect(turned.hostId).toBe(roof.id);
    expect((b.readModel.elements.get(roof.id) as Slab).polygon).toEqual([[4, 0], [4, 4], [0, 4], [0, 0]]);
  });
});
