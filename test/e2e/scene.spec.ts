import { expect, test } from '@playwright/test';
import { newBuilding, openAsInvitee } from './pages/editors';
import { SceneView } from './pages/SceneView';

/**
 * The 3D view beside the plan, over the same editor state and document: what a person does with
 * the pointer and keys in real Chromium (WebGL on SwiftShader), read back from the model.
 */
test.describe('the 3D view', () => {
  test('selecting in 3D selects in 2D and back; a gizmo move is an ordinary edit the other user sees, undone by Ctrl+Z in the mover’s tab only', async ({ browser }) => {
    const ada = await newBuilding(browser, '3D select', { newAccount: 'Ada' });
    await ada.plan.drawWalls([
      [0, 0],
      [6, 0],
      [6, 4],
      [0, 4],
      [0, 0],
    ]);
    await expect.poll(() => ada.plan.elements('wall').then((w) => w.length)).toBe(4);
    const bo = await openAsInvitee(browser, ada, 'Bo');
    const scene = new SceneView(ada.page);
    await scene.show('2D | 3D');
    await ada.page.screenshot({ path: test.info().outputPath('split-view.png') });
    await expect.poll(() => scene.stats().then((s) => s.size)).toBe(4);
    const walls = (await ada.plan.typed('wall')) as unknown as { id: string; a: [number, number]; b: [number, number] }[];
    const south = walls.find((w) => w.a[1] === 0 && w.b[1] === 0)!;
    const east = walls.find((w) => w.a[0] === 6 && w.b[0] === 6)!;

    // 3D → 2D: a click on the south wall in 3D selects it in the plan (and highlights it in 3D).
    const plain = await scene.colorOf(south.id);
    await scene.click(south.id);
    await expect.poll(() => ada.plan.selection()).toEqual([south.id]);
    await expect.poll(() => scene.colorOf(south.id)).not.toBe(plain);
    // 2D → 3D: a click on the east wall in the plan selects it in 3D.
    await ada.plan.tool('Select');
    await ada.plan.clickAt(6, 2);
    await expect.poll(() => ada.plan.selection()).toEqual([east.id]);
    await expect.poll(() => scene.colorOf(south.id)).toBe(plain);
    await expect.poll(() => scene.colorOf(east.id)).not.toBe(plain);

    // The gizmo: drag its x arrow by about a metre; one doc edit, snapped like the plan's moves.
    await scene.rendered();
    const handle = await scene.call<[number, number] | null>('gizmoHandle', 'x');
    expect(handle, 'the gizmo is shown for the selection').not.toBeNull();
    const before = await scene.call<[number, number]>('worldToScreen', 6, 0, -2);
    const after = await scene.call<[number, number]>('worldToScreen', 7, 0, -2);
    const [hx, hy] = handle!;
    await scene.drag([hx, hy], [hx + (after[0] - before[0]), hy + (after[1] - before[1])]);
    const moved = async (editor: typeof ada) => ((await editor.plan.typed('wall')).find((w) => w.id === east.id) as unknown as { a: [number, number] }).a[0];
    await expect.poll(() => moved(ada)).toBeGreaterThan(6.5);
    const x = await moved(ada);
    expect(Math.abs(x * 10 - Math.round(x * 10)), 'snapped to the plan grid').toBeLessThan(1e-6);
    // Bo sees it live, and his Ctrl+Z does not undo Ada's move.
    await expect.poll(() => moved(bo)).toBe(x);
    await bo.plan.scrollIntoView();
    await bo.page.keyboard.press('Control+z');
    await bo.page.waitForTimeout(300);
    expect(await moved(bo)).toBe(x);
    // Ada's Ctrl+Z does, for both.
    await scene.canvas.focus().catch(() => undefined);
    await ada.page.keyboard.press('Control+z');
    await expect.poll(() => moved(ada)).toBe(6);
    await expect.poll(() => moved(bo)).toBe(6);
    await ada.page.screenshot({ path: test.info().outputPath('after-undo.png') });
    await Promise.all([ada.context.close(), bo.context.close()]);
  });
});
