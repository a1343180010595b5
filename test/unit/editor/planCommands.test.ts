import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBuildingDoc, LocalOrigin } from '@/lib/doc';
import { BuildingReadModel } from '@/components/building/BuildingReadModel';
import { commandForKey, keyOf } from '@/components/editor/commands';
import { Editor } from '@/components/editor/Editor';
import { PLAN_COMMANDS } from '@/components/plan/planCommands';
import { TOOLS } from '@/components/plan/tools';
import { wheelAction } from '@/components/plan/usePlanInput';

function editor(canEdit = true) {
  const doc = new Y.Doc();
  initBuildingDoc(doc, { name: 'T' });
  return new Editor(doc, new BuildingReadModel(doc), new LocalOrigin(), canEdit);
}
const key = (k: string, mods: Partial<KeyboardEvent> = {}) => keyOf({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })!;

describe('plan commands', () => {
  it('every tool has its shortcut from its module, and no key runs two commands', () => {
    for (const tool of TOOLS) expect(PLAN_COMMANDS.find((c) => c.id === `tool.${tool.id}`)?.keys).toEqual(tool.keys);
    const keys = PLAN_COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each<[string, string, string]>([
    ['W', key('w'), 'tool.wall'],
    ['Shift+R', key('R', { shiftKey: true }), 'tool.room-detect'],
    ['M', key('m'), 'tool.measure'],
    ['Ctrl+Z', key('z', { ctrlKey: true }), 'edit.undo'],
    ['Ctrl+Shift+Z', key('Z', { ctrlKey: true, shiftKey: true }), 'edit.redo'],
    ['Ctrl+Y', key('y', { ctrlKey: true }), 'edit.redo'],
    ['+', key('+', { shiftKey: true }), 'view.zoomIn'],
    ['0', key('0'), 'view.fit'],
    ['Escape', key('Escape'), 'edit.escape'],
  ])('%s runs its command', (_name, k, id) => {
    expect(commandForKey(PLAN_COMMANDS, k, editor())?.id).toBe(id);
  });

  it('a read-only role gets Select and Measure and the view, not the editing tools or undo', () => {
    const e = editor(false);
    expect(commandForKey(PLAN_COMMANDS, 'w', e)).toBeUndefined();
    expect(commandForKey(PLAN_COMMANDS, 'mod+z', e)).toBeUndefined();
    expect(commandForKey(PLAN_COMMANDS, 'v', e)?.id).toBe('tool.select');
    expect(commandForKey(PLAN_COMMANDS, 'm', e)?.id).toBe('tool.measure');
    expect(commandForKey(PLAN_COMMANDS, 'f', e)?.id).toBe('view.fit');
  });

  it('Delete needs a selection; Enter is left to the tools', () => {
    const e = editor();
    expect(commandForKey(PLAN_COMMANDS, 'delete', e)).toBeUndefined();
    expect(commandForKey(PLAN_COMMANDS, 'enter', e)).toBeUndefined();
  });

  it('the view commands call the attached plan view, and nothing without one', () => {
    const e = editor();
    const calls: string[] = [];
    const detach = e.attachPlanView({ fit: () => calls.push('fit'), zoomBy: (f) => calls.push(`zoom ${f}`), panBy: (x, y) => calls.push(`pan ${x} ${y}`), camera: () => ({ x: 0, y: 0, zoom: 40 }), size: () => ({ width: 800, height: 600 }) });
    for (const k of ['f', '-', 'arrowleft']) commandForKey(PLAN_COMMANDS, k, e)!.run(e);
    expect(calls).toEqual(['fit', 'zoom 0.8', 'pan 60 0']);
    detach();
    commandForKey(PLAN_COMMANDS, 'f', e)!.run(e);
    expect(calls).toHaveLength(3);
  });
});

describe('wheelAction', () => {
  const wheel = (e: Partial<WheelEvent>) => wheelAction({ deltaX: 0, deltaY: 0, deltaMode: 0, ctrlKey: false, metaKey: false, shiftKey: false, ...e });
  it.each<[string, Partial<WheelEvent>, 'zoom' | 'pan']>([
    ['a mouse wheel notch zooms', { deltaY: 100 }, 'zoom'],
    ['a line-mode wheel (Firefox) zooms', { deltaY: 3, deltaMode: 1 }, 'zoom'],
    ['a trackpad pinch (ctrlKey) zooms', { deltaY: 2.5, ctrlKey: true }, 'zoom'],
    ['a trackpad two-finger scroll pans', { deltaX: 3, deltaY: 7.5 }, 'pan'],
    ['a small vertical trackpad scroll pans', { deltaY: 12 }, 'pan'],
    ['Shift with a mouse wheel pans sideways', { deltaY: 100, shiftKey: true }, 'pan'],
  ])('%s', (_name, e, kind) => {
    expect(Object.keys(wheel(e))).toEqual([kind]);
  });
  it('the pan follows the fingers', () => {
    expect(wheel({ deltaX: 3, deltaY: 7.5 })).toEqual({ pan: [-3, -7.5] });
  });
});
