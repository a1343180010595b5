import { beforeEach, describe, expect, it } from 'vitest';
import { clearClipboardMemory } from '@/components/editor/clipboard';
import { copyPayload, copySelection, cutSelection, duplicateSelection, editCommands, pasteFromClipboard, pastePayload, selectAll } from '@/components/editor/editCommands';
import { Editor } from '@/components/editor/Editor';
import { LocalOrigin } from '@/lib/doc';
import type { Door, Wall } from '@/lib/model';
import { building, elementsOf } from './fixtures';

const command = (id: string) => editCommands.find((c) => c.id === id)!;

function twoWalls() {
  const b = building();
  const w1 = b.wall(b.ground.id, [0, 0], [4, 0]) as Wall;
  const w2 = b.wall(b.ground.id, [4, 0], [4, 3]) as Wall;
  const up = b.wall(b.upper.id, [0, 0], [1, 0]) as Wall;
  return { ...b, w1, w2, up };
}

beforeEach(() => clearClipboardMemory());

describe('edit commands', () => {
  it('select all selects every element of the current storey and nothing on others', () => {
    const { editor, w1, w2 } = twoWalls();
    selectAll(editor);
    expect([...editor.selection].sort()).toEqual([w1.id, w2.id].sort());
    expect(editor.selectionOn(editor.storeys[1]!.id).size).toBe(0);
  });

  it('copy then paste adds new walls one metre on, selects them, and is one undo step', async () => {
    const { editor, readModel, ground, w1, w2 } = twoWalls();
    editor.select([w1.id, w2.id]);
    expect(await copySelection(editor)).toBe(true);
    const ids = await pasteFromClipboard(editor);
    const walls = elementsOf(readModel, ground.id) as Wall[];
    expect(walls).toHaveLength(4);
    const pasted = walls.filter((w) => ids!.includes(w.id));
    expect(pasted.map((w) => [w.a, w.b]).sort()).toEqual([[[1, 1], [5, 1]], [[5, 1], [5, 4]]].sort());
    expect([...editor.selection].sort()).toEqual([...ids!].sort());
    // A second paste goes one metre further.
    const second = await pasteFromClipboard(editor);
    expect((readModel.elements.get(second![0]!) as Wall).a[0]).toBeGreaterThanOrEqual(2);
    editor.undoManager.undo();
    editor.undoManager.undo();
    expect(elementsOf(readModel, ground.id)).toHaveLength(2);
  });

  it('pastes in place the first time onto another storey', () => {
    const { editor, readModel, upper, w1 } = twoWalls();
    editor.select([w1.id]);
    const payload = copyPayload(editor)!;
    editor.setStorey(upper.id);
    const ids = pastePayload(editor, payload)!;
    expect(readModel.elements.get(ids[0]!)).toMatchObject({ storeyId: upper.id, a: [0, 0], b: [4, 0] });
  });

  it('duplicate copies a wall with its door beside it, the door on the new wall', () => {
    const { editor, readModel, ground, add, w1 } = twoWalls();
    const door = add('door', { storeyId: ground.id, name: 'D', hostId: w1.id } as never) as Door;
    editor.select([w1.id]);
    const ids = duplicateSelection(editor)!;
    const [wall, copy] = ids.map((id) => readModel.elements.get(id)!) as [Wall, Door];
    expect(wall).toMatchObject({ kind: 'wall', a: [1, 1], b: [5, 1] });
    expect(copy).toMatchObject({ kind: 'door', hostId: wall.id, offset: door.offset });
    expect(readModel.elements.get(door.id)).toMatchObject({ hostId: w1.id });
  });

  it('cut removes the selection, and the first paste puts it back where it was', async () => {
    const { editor, readModel, ground, w1 } = twoWalls();
    editor.select([w1.id]);
    await cutSelection(editor);
    expect(readModel.elements.has(w1.id)).toBe(false);
    const [id] = (await pasteFromClipboard(editor))!;
    expect(readModel.elements.get(id!)).toMatchObject({ storeyId: ground.id, a: [0, 0], b: [4, 0] });
  });

  it('delete removes only the current storey selection', () => {
    const { editor, readModel, upper, w1, up } = twoWalls();
    editor.setStorey(upper.id);
    editor.select([up.id]);
    editor.setStorey(editor.storeys[0]!.id);
    editor.select([w1.id]);
    command('delete').run(editor);
    expect(readModel.elements.has(w1.id)).toBe(false);
    expect(readModel.elements.has(up.id)).toBe(true);
  });

  it('refuses to paste for a role that cannot edit, with a message, and writes nothing', async () => {
    const { doc, readModel, w1 } = twoWalls();
    const viewer = new Editor(doc, readModel, new LocalOrigin('v'), false);
    viewer.select([w1.id]);
    expect(await copySelection(viewer)).toBe(true); // copying is reading
    expect(await pasteFromClipboard(viewer)).toBeUndefined();
    expect(viewer.getState().message?.text).toBe('Your role cannot edit the model.');
    expect(elementsOf(readModel)).toHaveLength(3);
    expect(command('paste').edits && command('duplicate').edits && command('cut').edits).toBe(true);
  });

  it('says so when nothing has been copied', async () => {
    const { editor } = twoWalls();
    expect(await pasteFromClipboard(editor)).toBeUndefined();
    expect(editor.getState().message?.text).toBe('Nothing has been copied yet.');
  });

  it('copy, cut, duplicate and delete are disabled with a reason when nothing is selected', () => {
    const { editor } = twoWalls();
    for (const id of ['copy', 'cut', 'duplicate', 'delete']) {
      expect(command(id).enabled!(editor)).toBe(false);
      expect(command(id).whyDisabled!(editor)).toBe('Select something on the plan first.');
    }
  });

  it('"?" opens the shortcut sheet', () => {
    const { editor } = twoWalls();
    command('shortcuts').run(editor);
    expect(editor.getState().shortcutsOpen).toBe(true);
    expect(command('shortcuts').keys).toEqual(['?']);
  });

  it('deleting a storey takes its elements along in one undo step, and shows the next storey', () => {
    const { editor, readModel, ground, upper } = twoWalls();
    expect(editor.countOnStorey(ground.id)).toBe(2);
    expect(editor.deleteStorey(ground.id)).toBe(true);
    expect(readModel.storeys.map((s) => s.id)).toEqual([upper.id]);
    expect(elementsOf(readModel, ground.id)).toHaveLength(0);
    expect(editor.storeyId).toBe(upper.id);
    editor.undoManager.undo();
    expect(readModel.storeys.map((s) => s.id)).toEqual([ground.id, upper.id]);
    expect(elementsOf(readModel, ground.id)).toHaveLength(2);
  });
});
