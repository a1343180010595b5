import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { BuildingPage } from './pages/BuildingPage';
import type { Camera } from './pages/PlanEditor';
import { PlanTools, type ToolElement } from './pages/PlanTools';
import { PlanView } from './pages/PlanView';
import { newBuilding } from './pages/editors';

/**
 * Drawing on the plan as a new user does it (issue #14 points 1, 2, 4, 6, 8): a fresh account,
 * a new building, "+ Storey", then walls by clicks and by typed lengths; the result is read from
 * the model through the dev test handle.
 */

type Viewport = { width: number; height: number };
type Pt = readonly [number, number];

/** A person who just signed up, with a new, empty building open and live (no storey yet). */
async function freshBuilding(browser: Browser, title: string, viewport: Viewport = { width: 1280, height: 800 }) {
  const { context, page, plan } = await newBuilding(browser, title, { newAccount: 'Drawer', storey: false, viewport });
  return { context, page, plan, view: new PlanView(plan) };
}

/** Clicks "+ Storey" (from the drawer below 1024 px) and waits for the storey to be in the model and shown. */
async function addStorey(page: Page, plan: PlanTools, count: number) {
  await new BuildingPage(page).addStorey();
  await expect.poll(() => plan.storeys().then((s) => s.length)).toBe(count);
  const storeys = await plan.storeys();
  await expect.poll(() => plan.storeyId()).toBe(storeys.at(-1)!.id);
}

/** Screen positions from one camera, read once: where a person would click for these plan points. */
async function screenFrom(view: PlanView, camera: Camera) {
  const box = await view.svgBox();
  return (p: Pt): [number, number] => [box.x + box.width / 2 + (p[0] - camera.x) * camera.zoom, box.y + box.height / 2 - (p[1] - camera.y) * camera.zoom];
}

const rounded = (p: readonly number[] | undefined) => p!.map((v) => Math.round(v * 100) / 100 + 0);
const segment = (w: ToolElement) => [rounded(w.a), rounded(w.b)];
/** Walls as sorted segments (the model's order is not the drawing order). */
const segments = (walls: ToolElement[]) => walls.map((w) => JSON.stringify(segment(w))).sort();
const expectedSegments = (corners: readonly Pt[]) => corners.map((c, i) => JSON.stringify([rounded(c), rounded(corners[(i + 1) % corners.length])])).sort();
/** Unsigned shoelace area. */
const area = (poly: readonly (readonly number[])[]) => Math.abs(poly.reduce((s, p, i) => s + p[0]! * poly[(i + 1) % poly.length]![1]! - poly[(i + 1) % poly.length]![0]! * p[1]!, 0)) / 2;

test.describe('drawing on the plan', () => {
  test('the camera stays put while drawing: four clicks at the corners of a 6 x 4 m rectangle make four walls closing it', async ({ browser }) => {
    const { context, page, plan, view } = await freshBuilding(browser, 'Clicked rectangle');
    await addStorey(page, plan, 1);
    await page.keyboard.press('w');
    await expect(plan.toolButton('Wall')).toHaveAttribute('aria-pressed', 'true');
    const camera = await view.camera();
    const at = await screenFrom(view, camera);
    // Corners around the middle of the view, on whole metres.
    const [x0, y0] = [Math.round(camera.x) - 3, Math.round(camera.y) - 2];
    const corners: Pt[] = [
      [x0, y0],
      [x0 + 6, y0],
      [x0 + 6, y0 + 4],
      [x0, y0 + 4],
      [x0, y0],
    ];
    for (const [i, corner] of corners.entries()) {
      await page.mouse.click(...at(corner));
      await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(i);
      // The view did not move: the next corner is where it was.
      expect(await view.camera()).toEqual(camera);
    }
    const walls = await plan.typed('wall');
    expect(segments(walls)).toEqual(expectedSegments(corners.slice(0, 4)));
    await context.close();
  });

  test('after + Storey or switching storey the other storey’s selection is not active: Delete removes nothing off-screen', async ({ browser }) => {
    const { context, page, plan } = await freshBuilding(browser, 'Selection per storey');
    await addStorey(page, plan, 1);
    await plan.drawWalls([
      [0, 0],
      [4, 0],
    ]);
    const [wall] = await plan.typed('wall');
    await plan.clickAt(2, 0);
    await expect.poll(() => plan.selection()).toEqual([wall!.id]);

    await addStorey(page, plan, 2);
    await expect.poll(() => plan.selection()).toEqual([]);
    await page.mouse.move(...(await plan.screen(1, 1)));
    await page.keyboard.press('Delete');
    // Draw on the new storey (a later, visible effect), then check the first storey's wall is still there.
    await plan.drawWalls([
      [0, 2],
      [3, 2],
    ]);
    await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(2);
    const upper = (await plan.typed('wall')).find((w) => w.id !== wall!.id)!;
    await plan.clickAt(1.5, 2);
    await expect.poll(() => plan.selection()).toEqual([upper.id]);

    // Back on the first storey: its own selection again, not the upper wall; Delete removes only what is shown.
    await plan.storeyTabs.first().click();
    await expect.poll(() => plan.selection()).toEqual([wall!.id]);
    await page.mouse.move(...(await plan.screen(1, 1)));
    await page.keyboard.press('Delete');
    await expect.poll(() => plan.typed('wall').then((w) => w.map((x) => x.id))).toEqual([upper.id]);
    await context.close();
  });

  test('Space never scrolls the page nor presses the focused button; Space + drag pans, a trackpad scroll pans, a right click opens the menu', async ({ browser }) => {
    const { context, page, plan, view } = await freshBuilding(browser, 'Space pans');
    await addStorey(page, plan, 1);
    await plan.drawWalls([
      [0, 0],
      [4, 0],
    ]);
    // "+ Storey" has the focus, as after a click; the pointer rests on the plan.
    await page.getByRole('button', { name: '+ Storey' }).focus();
    const scrollBefore = await page.evaluate(() => window.scrollY);
    const box = await view.svgBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx, cy);
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect(await plan.storeys()).toHaveLength(1);

    const before = await view.camera();
    await page.keyboard.down('Space');
    await page.mouse.down();
    await page.mouse.move(cx + 100, cy + 50, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Space');
    const panned = await view.camera();
    expect(panned.x).toBeCloseTo(before.x - 100 / before.zoom, 6);
    expect(panned.y).toBeCloseTo(before.y + 50 / before.zoom, 6);
    expect(panned.zoom).toBe(before.zoom);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect(await plan.typed('wall')).toHaveLength(1);

    // A trackpad's two-finger scroll (small deltas, with x) pans; it does not zoom.
    await page.mouse.wheel(12, 7.5);
    await expect.poll(() => view.camera().then((c) => [c.x, c.y, c.zoom].map((v) => v.toFixed(6)))).toEqual([panned.x + 12 / panned.zoom, panned.y - 7.5 / panned.zoom, panned.zoom].map((v) => v.toFixed(6)));

    // A right click (no drag) on the wall selects it and opens the context menu there; a right drag only pans.
    const [wall] = await plan.typed('wall');
    const [wx, wy] = await plan.screen(2, 0);
    await page.mouse.click(wx, wy, { button: 'right' });
    await expect.poll(() => plan.editorState().then((s) => s.contextMenu)).toEqual({ x: wx, y: wy, elementId: wall!.id });
    expect(await plan.selection()).toEqual([wall!.id]);
    await page.keyboard.press('Escape');
    await expect.poll(() => plan.editorState().then((s) => s.contextMenu)).toBeNull();
    const beforeDrag = await view.camera();
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(cx - 40, cy, { steps: 4 });
    await page.mouse.up({ button: 'right' });
    expect((await view.camera()).x).toBeCloseTo(beforeDrag.x + 40 / beforeDrag.zoom, 6);
    expect((await plan.editorState()).contextMenu).toBeNull();
    await context.close();
  });

  test('drawing aids: snap markers with their kind, dimension lines on the selection, a measure that writes nothing, the storey below underneath', async ({ browser }) => {
    const { context, page, plan } = await freshBuilding(browser, 'Drawing aids');
    await addStorey(page, plan, 1);
    await plan.drawWalls([
      [0, 0],
      [4, 0],
    ]);
    await page.keyboard.press('w');
    await plan.clickAt(2, 3);
    const marker = page.getByTestId('snap-marker');
    await plan.hover(2.05, 0.04);
    await expect(marker).toHaveAttribute('data-kind', 'midpoint');
    await expect(page.getByTestId('snap-label')).toHaveText('Mid');
    await plan.hover(3.95, 0.05);
    await expect(marker).toHaveAttribute('data-kind', 'endpoint');
    await plan.hover(2.4, 1.3);
    await expect(marker).toHaveAttribute('data-kind', 'angle');
    await expect(page.getByTestId('snap-guide')).toHaveCount(1);
    await page.keyboard.press('Escape');

    await plan.clickAt(2, 0);
    await expect(page.getByTestId('dimension')).toHaveText(['4.00 m']);

    const count = (await plan.elements()).length;
    await page.keyboard.press('m');
    await plan.clickAt(0.02, 0.03);
    await plan.hover(3, 4);
    await plan.clickAt(3, 4);
    await expect(page.getByTestId('measure-label')).toHaveText('5.00 m · 53.1°');
    expect(await plan.elements()).toHaveLength(count);

    await addStorey(page, plan, 2);
    const underlay = page.getByTestId('plan-underlay');
    await expect(underlay).toHaveAttribute('data-count', '1');
    await plan.toolButton('Storey below').click();
    await expect(underlay).toHaveCount(0);
    await context.close();
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 768, height: 1024 },
  ]) {
    test.describe(`at ${viewport.width}x${viewport.height}`, () => {
      test.use({ viewport });
      test('a 6 x 4 m room by typed lengths: its walls, its area, one room however often it is clicked, and a door on its south wall', async ({ browser }) => {
        const { context, page, plan, view } = await freshBuilding(browser, 'Typed room', viewport);
        await addStorey(page, plan, 1);
        await page.keyboard.press('w');
        const camera = await view.camera();
        const at = await screenFrom(view, camera);
        const [x0, y0] = [Math.round(camera.x) - 3, Math.round(camera.y) - 2];
        await page.mouse.click(...at([x0, y0]));
        // Each leg: the pointer shows the direction, the keyboard gives the length.
        const legs: [Pt, string][] = [
          [[x0 + 2, y0 + 0.2], '6'],
          [[x0 + 6.3, y0 + 2], '4'],
          [[x0 + 4, y0 + 4.2], '6'],
          [[x0 - 0.3, y0 + 2], '4'],
        ];
        for (const [i, [toward, length]] of legs.entries()) {
          await page.mouse.move(...at(toward), { steps: 3 });
          await page.keyboard.type(length);
          await expect(page.getByTestId('length-field')).toHaveAttribute('data-length', length);
          await page.keyboard.press('Enter');
          await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(i + 1);
        }
        const walls = await plan.typed('wall');
        const corners: Pt[] = [
          [x0, y0],
          [x0 + 6, y0],
          [x0 + 6, y0 + 4],
          [x0, y0 + 4],
        ];
        // Each wall from one corner to the next, to the centimetre.
        expect(segments(walls)).toEqual(expectedSegments(corners));
        for (const [i, corner] of corners.entries()) {
          const w = walls.find((x) => Math.hypot(x.a![0] - corner[0], x.a![1] - corner[1]) < 0.005)!;
          expect(w.b![0]).toBeCloseTo(corners[(i + 1) % 4]![0], 2);
          expect(w.b![1]).toBeCloseTo(corners[(i + 1) % 4]![1], 2);
        }
        // The chain closed on its first point: the next click starts afresh rather than adding a fifth wall.
        await expect(page.getByTestId('draw-length')).toHaveCount(0);

        await page.keyboard.press('Shift+R');
        await page.mouse.click(...at([x0 + 3, y0 + 2]));
        await expect.poll(() => plan.typed('space').then((s) => s.length)).toBe(1);
        const [room] = await plan.typed('space');
        expect(area(room!.polygon!)).toBeCloseTo(24, 6);
        // The new room is selected: net area to the inner faces of the 0.2 m walls, gross to their
        // centre lines, side by side in its properties; the plan's label shows the net area.
        expect(await plan.selection()).toEqual([room!.id]);
        await expect(plan.properties.getByTestId('net-area')).toHaveText('22.04 m²');
        await expect(plan.properties.getByTestId('gross-area')).toHaveText('24.00 m²');
        await expect(page.locator(`[data-id="${room!.id}"] text`, { hasText: "m²" })).toHaveText(/^22(\.0)? m²$/);

        // A second click inside the same area selects the room and says so; no duplicate.
        await page.keyboard.press('Escape');
        await expect.poll(() => plan.selection()).toEqual([]);
        await page.keyboard.press('Shift+R');
        await page.mouse.click(...at([x0 + 1, y0 + 1]));
        await expect(page.getByTestId('plan-info')).toHaveText(/This area is already Room 1/);
        expect(await plan.typed('space')).toHaveLength(1);
        expect(await plan.selection()).toEqual([room!.id]);

        await plan.pick('Door');
        await page.mouse.click(...at([x0 + 3, y0]));
        await expect.poll(() => plan.typed('door').then((d) => d.length)).toBe(1);
        const [door] = await plan.typed('door');
        const south = walls.find((w) => w.a![1] === y0 && w.b![1] === y0)!;
        expect(door!.hostId).toBe(south.id);

        // The door is selected: its dimension lines show; then the picture of the workspace.
        await expect(page.getByTestId('dimension').first()).toBeVisible();
        await page.mouse.move(...at([x0 + 8, y0 + 5]));
        const name = `workspace-${viewport.width}x${viewport.height}.png`;
        const shot = await page.screenshot({ path: test.info().outputPath(name) });
        // The README's pictures: ARXOS_UPDATE_SCREENSHOTS=1 refreshes them (a normal run changes no tracked file).
        if (process.env.ARXOS_UPDATE_SCREENSHOTS === '1') {
          mkdirSync('docs/screenshots', { recursive: true });
          writeFileSync(`docs/screenshots/${name}`, shot);
        }
        await context.close();
      });
    });
  }
});
