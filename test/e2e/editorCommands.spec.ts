import { expect, test } from '@playwright/test';
import { newBuilding } from './pages/editors';

test.describe('editor commands', () => {
  test('select all, copy and paste: Ctrl+A then Ctrl+C, Ctrl+V adds a copy of every wall; Ctrl+D duplicates the selection', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Copy paste');
    await plan.drawWalls([[0, 0], [4, 0], [4, 3]]);
    await page.keyboard.press('Escape');
    const originals = await plan.typed('wall');
    expect(originals).toHaveLength(2);

    await page.keyboard.press('Control+a');
    await expect.poll(() => plan.selection().then((s) => s.sort())).toEqual(originals.map((w) => w.id).sort());
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(4);
    const pasted = (await plan.typed('wall')).filter((w) => !originals.some((o) => o.id === w.id));
    // New ids, one metre right and down of the originals, on the same storey, and selected.
    expect(pasted.map((w) => [w.a, w.b]).sort()).toEqual(originals.map((w) => [[w.a![0] + 1, w.a![1] + 1], [w.b![0] + 1, w.b![1] + 1]]).sort());
    expect(new Set(pasted.map((w) => w.storeyId))).toEqual(new Set([originals[0]!.storeyId]));
    await expect.poll(() => plan.selection().then((s) => s.sort())).toEqual(pasted.map((w) => w.id).sort());

    await page.keyboard.press('Control+d');
    await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(6);
    // Undo takes the duplicate away in one step.
    await page.keyboard.press('Control+z');
    await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(4);
    await context.close();
  });

  test('a right-click on a wall opens the context menu; its Delete removes that wall; Esc closes it', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Context menu');
    await plan.drawWalls([[0, 0], [4, 0]]);
    await plan.drawWalls([[0, 2], [4, 2]]);
    await page.keyboard.press('Escape');
    const walls = await plan.typed('wall');
    const north = walls.find((w) => w.a![1] === 2)!;

    const [x, y] = await plan.screen(2, 2);
    await page.mouse.click(x, y, { button: 'right' });
    const menu = page.getByRole('menu', { name: 'Plan actions' });
    await expect(menu).toBeVisible();
    await expect.poll(() => plan.selection()).toEqual([north.id]);
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    expect(await plan.selection()).toEqual([north.id]);

    // Empty space: nothing selected, so Copy is greyed with the reason.
    await page.keyboard.press('Escape');
    const [ex, ey] = await plan.screen(2, 5);
    await page.mouse.click(ex, ey, { button: 'right' });
    await expect(menu.getByRole('menuitem', { name: /^Copy/ })).toHaveAttribute('aria-disabled', 'true');
    await expect(menu.getByRole('menuitem', { name: /^Copy/ })).toHaveAttribute('title', 'Select something on the plan first.');
    await page.mouse.click(10, 400);
    await expect(menu).toHaveCount(0);

    await page.mouse.click(x, y, { button: 'right' });
    await menu.getByRole('menuitem', { name: /^Delete/ }).click();
    await expect.poll(() => plan.typed('wall').then((w) => w.map((e) => e.id))).toEqual(walls.filter((w) => w.id !== north.id).map((w) => w.id));
    await expect(menu).toHaveCount(0);

    // Copy the other wall from the menu, then Paste from the menu opened on empty space: the copy is centred there.
    const [sx, sy] = await plan.screen(2, 0);
    await page.mouse.click(sx, sy, { button: 'right' });
    await menu.getByRole('menuitem', { name: /^Copy/ }).click();
    await page.mouse.click(ex, ey, { button: 'right' });
    await menu.getByRole('menuitem', { name: /^Paste/ }).click();
    await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(2);
    const copy = (await plan.typed('wall')).find((w) => w.a![1] > 1)!;
    expect(copy.a![0]).toBeCloseTo(0, 1);
    expect(copy.a![1]).toBeCloseTo(5, 1);
    expect(copy.b![0]).toBeCloseTo(4, 1);
    await context.close();
  });

  test('"?" opens the shortcut sheet, listing Copy with its keys', async ({ browser }) => {
    const { context, page } = await newBuilding(browser, 'Shortcuts');
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByTestId('shortcut').filter({ hasText: 'Copy' })).toContainText('Ctrl+C');
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await context.close();
  });
});
