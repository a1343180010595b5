import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { newBuilding, openAsInvitee } from './pages/editors';
import type { PlanTools, ToolElement } from './pages/PlanTools';
import { centreOf, PlanView } from './pages/PlanView';

/** Direction of a wall from a to b, degrees. */
const wallAngle = (w: ToolElement) => (Math.atan2(w.b![1] - w.a![1], w.b![0] - w.a![0]) * 180) / Math.PI;
const wallLength = (w: ToolElement) => Math.hypot(w.b![0] - w.a![0], w.b![1] - w.a![1]);

/** Places equipment at each plan point with the equipment tool, then goes back to Select. */
async function placeEquipment(plan: PlanTools, points: [number, number][]): Promise<ToolElement[]> {
  await plan.pick('Equipment');
  for (const [x, y] of points) await plan.clickAt(x, y);
  await plan.page.keyboard.press('Escape');
  await expect.poll(() => plan.typed('equipment').then((e) => e.length)).toBe(points.length);
  const all = (await plan.typed('equipment')) as (ToolElement & { position: [number, number, number] })[];
  return points.map(([x, y]) => all.find((e) => Math.hypot(e.position[0] - x, e.position[1] - y) < 1e-6)!);
}

/** Writes a record straight into the live doc's `elements` map (as an importer would: no local origin, so not undoable). */
async function writeElement(plan: PlanTools, record: Record<string, unknown>) {
  await plan.live(
    (h, r) => {
      const doc = h.doc as unknown as { transact(fn: () => void): void; getMap(name: string): { set(id: string, value: unknown): void; constructor: new () => { set(field: string, value: unknown): void } } };
      const elements = doc.getMap('elements');
      doc.transact(() => {
        const ymap = new elements.constructor();
        elements.set(r.id as string, ymap);
        for (const [field, value] of Object.entries(r)) ymap.set(field, value);
      });
    },
    record,
  );
}

/** Polls the dev handle's camera until it is (within float noise) `expected`. */
async function expectCamera(plan: PlanTools, expected: { x: number; y: number; zoom?: number }) {
  await expect
    .poll(async () => {
      const c = await plan.camera();
      return Math.abs(c.x - expected.x) < 1e-9 && Math.abs(c.y - expected.y) < 1e-9 && (expected.zoom === undefined || Math.abs(c.zoom - expected.zoom) < 1e-9) ? 'there' : c;
    })
    .toBe('there');
}

/** Sets the building's `meta.north` (radians) in the live doc. */
async function setNorth(plan: PlanTools, north: number) {
  await plan.live((h, n) => (h.doc as unknown as { getMap(name: string): { set(field: string, value: unknown): void } }).getMap('meta').set('north', n), north);
}

test.describe('the plan view', () => {
  test('the mouse wheel zooms about the cursor: the plan point under it stays, and the scale bar follows', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Wheel zoom');
    const view = new PlanView(plan);
    const [near, far] = await placeEquipment(plan, [
      [2, 1],
      [5, 3],
    ]);
    const before = await view.camera();
    expect(before).toEqual({ x: 3, y: 2, zoom: 50 });
    await expect(view.scaleBar).toHaveAccessibleName('Scale bar: 2 m');
    expect(await view.scaleBarPixels()).toBeCloseTo(100, 0);
    const spanBefore = centreOf(await view.boxOf(far!.id))[0] - centreOf(await view.boxOf(near!.id))[0];

    // Wheel events carry whole-pixel positions: the cursor goes to the pixel nearest plan point (2, 1).
    const cursor = (await plan.screen(2, 1)).map(Math.round) as [number, number];
    const under = await view.planAt(...cursor);
    await page.mouse.move(...cursor);
    await page.mouse.wheel(0, -300);
    await expect.poll(() => plan.camera().then((c) => c.zoom)).toBeGreaterThan(70);
    const zoomedIn = await view.camera();
    // The plan point under the cursor is still under it: in the camera maths and on screen.
    const [sx, sy] = await plan.screen(...under);
    expect(sx).toBeCloseTo(cursor[0], 3);
    expect(sy).toBeCloseTo(cursor[1], 3);
    const [cx, cy] = centreOf(await view.boxOf(near!.id));
    expect(Math.abs(cx - cursor[0])).toBeLessThan(1.5);
    expect(Math.abs(cy - cursor[1])).toBeLessThan(1.5);
    const spanAfter = centreOf(await view.boxOf(far!.id))[0] - centreOf(await view.boxOf(near!.id))[0];
    expect(spanAfter / spanBefore).toBeCloseTo(zoomedIn.zoom / before.zoom, 1);
    // Zoomed in the 2 m bar would be too long: it shows 1 m, at the new scale.
    await expect(view.scaleBar).toHaveAccessibleName('Scale bar: 1 m');
    await expect(view.scaleBar).toHaveAttribute('data-metres', '1');
    expect(await view.scaleBarPixels()).toBeCloseTo(zoomedIn.zoom, 0);

    // Wheel the other way from somewhere else: zooms out about that point, and the bar grows to 5 m.
    const other = (await plan.screen(5, 3)).map(Math.round) as [number, number];
    const underOther = await view.planAt(...other);
    await page.mouse.move(...other);
    await page.mouse.wheel(0, 1000);
    await expect.poll(() => plan.camera().then((c) => c.zoom)).toBeLessThan(before.zoom);
    const zoomedOut = await view.camera();
    const [ox, oy] = await plan.screen(...underOther);
    expect(ox).toBeCloseTo(other[0], 3);
    expect(oy).toBeCloseTo(other[1], 3);
    await expect(view.scaleBar).toHaveAccessibleName('Scale bar: 5 m');
    expect(await view.scaleBarPixels()).toBeCloseTo(5 * zoomedOut.zoom, 0);
    await context.close();
  });

  test('on a touch screen two fingers moving apart zoom in about their midpoint; moving together they pan', async ({ browser }) => {
    const { context, plan } = await newBuilding(browser, 'Pinch', { hasTouch: true });
    const view = new PlanView(plan);
    const [west, east] = await placeEquipment(plan, [
      [1, 2],
      [5, 2],
    ]);
    const before = await view.camera();
    const spanBefore = centreOf(await view.boxOf(east!.id))[0] - centreOf(await view.boxOf(west!.id))[0];
    const [mx, my] = (await plan.screen(3, 2)).map(Math.round) as [number, number];
    const anchor = await view.planAt(mx, my);

    // Fingers 100 px apart around (about) plan point (3, 2), spread to 300 px: three times the zoom.
    await view.twoFingers(
      [
        [mx - 50, my],
        [mx + 50, my],
      ],
      [
        [mx - 150, my],
        [mx + 150, my],
      ],
    );
    await expect.poll(() => plan.camera().then((c) => c.zoom)).toBeCloseTo(before.zoom * 3, 3);
    const pinched = await view.camera();
    // The plan point that was under the fingers' midpoint still is.
    const [sx, sy] = await plan.screen(...anchor);
    expect(sx).toBeCloseTo(mx, 3);
    expect(sy).toBeCloseTo(my, 3);
    const spanAfter = centreOf(await view.boxOf(east!.id))[0] - centreOf(await view.boxOf(west!.id))[0];
    expect(spanAfter / spanBefore).toBeCloseTo(3, 1);
    await expect(view.scaleBar).toHaveAttribute('data-metres', '0.5');
    await expect(view.scaleBar).toHaveAccessibleName('Scale bar: 50 cm');

    // Both fingers 80 px right and 40 px down, the same distance apart: a pan at the same zoom.
    await view.twoFingers(
      [
        [mx - 60, my],
        [mx + 60, my],
      ],
      [
        [mx + 20, my + 40],
        [mx + 140, my + 40],
      ],
    );
    await expect.poll(() => plan.camera().then((c) => c.x)).toBeCloseTo(pinched.x - 80 / pinched.zoom, 6);
    const panned = await view.camera();
    expect(panned.zoom).toBeCloseTo(pinched.zoom, 9);
    expect(panned.y).toBeCloseTo(pinched.y + 40 / pinched.zoom, 6);

    // The gestures only moved the view: nothing selected, nothing moved.
    expect(await plan.selection()).toEqual([]);
    expect(await plan.typed('equipment')).toEqual(expect.arrayContaining([west, east]));
    await context.close();
  });

  test('arrow keys pan, + and - zoom about the middle; after panning far away, F, 0 and the Fit button bring everything into view', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Keys and fit');
    const view = new PlanView(plan);
    await plan.drawWalls([
      [0, 0],
      [6, 0],
      [6, 4],
      [0, 4],
      [0, 0],
    ]);
    await plan.pick('Room from walls');
    await plan.clickAt(3, 2);
    const [outlet] = await placeEquipment(plan, [[3, 1]]);
    await expect(view.layer).toHaveAttribute('data-total', '6');
    const start = await view.camera();
    const at = centreOf(await view.boxOf(outlet!.id));

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await expectCamera(plan, { x: start.x + 60 / start.zoom, y: start.y + 60 / start.zoom, zoom: start.zoom });
    await view.camera();
    const moved = centreOf(await view.boxOf(outlet!.id));
    expect(moved[0] - at[0]).toBeCloseTo(-60, 0);
    expect(moved[1] - at[1]).toBeCloseTo(60, 0);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
    await expectCamera(plan, start);

    await page.keyboard.press('+');
    await expect.poll(() => plan.camera().then((c) => c.zoom)).toBeCloseTo(start.zoom * 1.25, 9);
    let cam = await view.camera();
    expect(cam.x).toBeCloseTo(start.x, 9);
    expect(cam.y).toBeCloseTo(start.y, 9);
    await page.keyboard.press('-');
    await expect.poll(() => plan.camera().then((c) => c.zoom)).toBeCloseTo(start.zoom, 9);

    /** Pans far off with the arrow keys: nothing of the storey is left on screen. */
    const panAway = async (key: string) => {
      const from = await plan.camera();
      for (let i = 0; i < 30; i++) await page.keyboard.press(key);
      await expect.poll(() => plan.camera().then((c) => Math.hypot(c.x - from.x, c.y - from.y) * c.zoom)).toBeCloseTo(1800, 3);
      await view.expectNoneInView();
    };
    for (const [away, fit] of [
      ['ArrowLeft', () => page.keyboard.press('f')],
      ['ArrowDown', () => view.fitButton.click()],
      ['ArrowRight', () => page.keyboard.press('0')],
    ] as const) {
      await panAway(away);
      await fit();
      await expectCamera(plan, { x: 3, y: 2 });
      cam = await view.camera();
      await view.expectAllInView();
    }
    // Fitted, the 6 × 4 m storey fills the width or height of the view less a 48 px margin.
    const svg = await view.svgBox();
    const walls = await plan.typed('wall');
    const thickness = walls[0]!.thickness!;
    expect(cam.zoom).toBeCloseTo(Math.min((svg.width - 96) / (6 + thickness), (svg.height - 96) / (4 + thickness)), 6);
    await page.screenshot({ path: test.info().outputPath('fitted.png') });
    await context.close();
  });

  test('the grid, the scale bar and the north arrow are drawn; the arrow turns with the building’s north', async ({ browser }) => {
    const { context, plan } = await newBuilding(browser, 'Decorations');
    const view = new PlanView(plan);
    await expect(view.grid).toBeAttached();
    expect(await view.grid.locator('line').count()).toBeGreaterThan(4);
    await expect(view.grid).toHaveAttribute('data-grid-step', '1');
    await expect(view.scaleBar).toBeVisible();
    await expect(view.scaleBar).toHaveAccessibleName('Scale bar: 2 m');
    await expect(view.northArrow).toBeVisible();

    /** Where the arrow's "N" sits relative to the arrow's middle, on screen. */
    const nOffset = async () => {
      const [arrow, letter] = await Promise.all([view.northArrow.locator('path').boundingBox(), view.northArrow.getByText('N', { exact: true }).boundingBox()]);
      const [ax, ay] = centreOf(arrow!);
      const [lx, ly] = centreOf(letter!);
      return [lx - ax, ly - ay] as const;
    };
    // North along plan +y: the N is straight above the arrow.
    await expect(view.northArrow).toHaveAttribute('data-north', '0');
    let [dx, dy] = await nOffset();
    expect(Math.abs(dx)).toBeLessThan(2);
    expect(dy).toBeLessThan(-10);

    // North a quarter turn counter-clockwise of plan +y (plan −x): the N points left.
    await setNorth(plan, Math.PI / 2);
    await expect.poll(() => plan.live((h) => (h.read() as { meta: { north: number } }).meta.north, null)).toBeCloseTo(Math.PI / 2, 9);
    await expect(view.northArrow).toHaveAttribute('transform', /rotate\(-90\)$/);
    [dx, dy] = await nOffset();
    expect(dx).toBeLessThan(-10);
    expect(Math.abs(dy)).toBeLessThan(2);

    // 45° clockwise (north-east on the plan): the N is up and to the right.
    await setNorth(plan, -Math.PI / 4);
    await expect(view.northArrow).toHaveAttribute('transform', /rotate\(45\)$/);
    [dx, dy] = await nOffset();
    expect(dx).toBeGreaterThan(5);
    expect(dy).toBeLessThan(-5);

    // Zoomed far out the grid coarsens, so it never draws more than ~80 lines a side.
    const lines = await view.grid.locator('line').count();
    await plan.setCamera({ x: 3, y: 2, zoom: 2 });
    // The view is this many metres wide now; the step grows so that it holds at most 80 cells.
    const metresAcross = (await plan.plan.boundingBox())!.width / 2;
    await expect.poll(() => view.grid.getAttribute('data-grid-step').then(Number)).toBeGreaterThanOrEqual(metresAcross / 80);
    expect(Number(await view.grid.getAttribute('data-grid-step'))).toBeGreaterThan(1);
    expect(await view.grid.locator('line').count()).toBeLessThanOrEqual(2 * 81);
    expect(lines).toBeLessThanOrEqual(2 * 81);
    await expect(view.scaleBar).toHaveAccessibleName('Scale bar: 50 m');
    await context.close();
  });

  test("redo (Ctrl+Shift+Z, Ctrl+Y, the toolbar) restores the local user's undone change, never another's", async ({ browser }) => {
    const a = await newBuilding(browser, 'Redo');
    const b = await openAsInvitee(browser, a, 'Rhea');
    await expect.poll(() => b.plan.storeys().then((s) => s.length)).toBe(1);
    await b.plan.scrollIntoView();
    await b.plan.setCamera({ x: 3, y: 2, zoom: 50 });
    const redoButton = a.plan.toolButton('Redo');
    const walls = (side: typeof a) => side.plan.typed('wall').then((w) => w.length);
    const outlets = (side: typeof a) => side.plan.typed('equipment').then((e) => e.length);

    await a.plan.drawWalls([
      [0, 0],
      [5, 0],
    ]);
    await expect.poll(() => walls(b)).toBe(1);
    await b.plan.pick('Equipment');
    await b.plan.clickAt(2, 2);
    await b.page.keyboard.press('Escape');
    await expect.poll(() => outlets(a)).toBe(1);
    await expect(redoButton).toBeDisabled();

    // A undoes the wall, B undoes the outlet: then A's redo brings back the wall only.
    await a.page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => walls(b)).toBe(0);
    await b.page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => outlets(a)).toBe(0);
    await expect(redoButton).toBeEnabled();
    await a.page.keyboard.press('ControlOrMeta+Shift+z');
    for (const side of [a, b]) {
      await expect.poll(() => walls(side)).toBe(1);
      await expect(side.page.getByTestId('plan-wall')).toHaveCount(1);
      await expect.poll(() => outlets(side)).toBe(0);
      await expect(side.page.getByTestId('plan-equipment')).toHaveCount(0);
    }
    await expect(redoButton).toBeDisabled();
    // A has nothing left to redo: Ctrl+Y in A does not bring back B's outlet.
    await a.page.keyboard.press('ControlOrMeta+y');
    await expect(a.page.getByTestId('plan-wall')).toHaveCount(1);
    expect(await outlets(a)).toBe(0);

    // Ctrl+Y redoes too, and so does the toolbar button; B's own redo brings back B's outlet.
    await a.page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => walls(b)).toBe(0);
    await a.page.keyboard.press('ControlOrMeta+y');
    await expect.poll(() => walls(b)).toBe(1);
    await a.page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => walls(b)).toBe(0);
    await redoButton.click();
    await expect.poll(() => walls(b)).toBe(1);
    await b.plan.toolButton('Redo').click();
    for (const side of [a, b]) {
      await expect.poll(() => outlets(side)).toBe(1);
      await expect(side.page.getByTestId('plan-equipment')).toHaveCount(1);
      await expect.poll(() => walls(side)).toBe(1);
    }
    await a.context.close();
    await b.context.close();
  });

  test('an imported object is drawn as an outline without fill, on its own storey only', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Objects');
    await page.getByRole('button', { name: '+ Storey' }).click();
    await expect.poll(() => plan.storeys().then((s) => s.length)).toBe(2);
    const [ground, upper] = await plan.storeys();
    await plan.storeyTabs.first().click();
    await expect.poll(() => plan.storeyId()).toBe(ground!.id);
    await plan.setCamera({ x: 3, y: 2, zoom: 50 });

    const chair = { id: randomUUID(), kind: 'object', storeyId: ground!.id, name: 'Chair', props: {}, category: 'furniture', position: [2, 1, 0], rotation: 0, ifc: { globalId: '2O2Fr$t4X7Zf8NOew3FLOH', type: 'IfcFurnishingElement' } };
    const stair = { id: randomUUID(), kind: 'object', storeyId: upper!.id, name: 'Stair', props: {}, category: 'stair', position: [4, 3, 0], rotation: 0 };
    await writeElement(plan, chair);
    await writeElement(plan, stair);
    await expect.poll(() => plan.typed('object').then((o) => o.map((e) => [e.name, e.storeyId]).sort())).toEqual([
      ['Chair', ground!.id],
      ['Stair', upper!.id],
    ]);

    const drawn = page.getByTestId('plan-object');
    await expect(drawn).toHaveCount(1);
    await expect(drawn).toHaveAttribute('data-id', chair.id);
    const outline = drawn.locator('polygon');
    await expect(outline).toHaveCSS('fill', 'none');
    await expect(outline).not.toHaveCSS('stroke', 'none');
    await expect(outline).toHaveCSS('stroke-dasharray', /\d/);
    // On screen it sits where the model puts it (0.6 m square at 50 px/m).
    const box = (await outline.boundingBox())!;
    const [cx, cy] = await plan.screen(2, 1);
    expect(centreOf(box)[0]).toBeCloseTo(cx, 0);
    expect(centreOf(box)[1]).toBeCloseTo(cy, 0);
    expect(box.width).toBeGreaterThan(28);
    expect(box.width).toBeLessThan(34);
    // The plan behind shows through it: a click in its middle lands on the plan, not a filled shape.
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-id]')?.getAttribute('data-id') ?? null, [cx, cy] as const);
    expect(hit).toBeNull();

    await plan.storeyTabs.nth(1).click();
    await expect.poll(() => plan.storeyId()).toBe(upper!.id);
    await expect(drawn).toHaveCount(1);
    await expect(drawn).toHaveAttribute('data-id', stair.id);
    await context.close();
  });

  test('while drawing a wall its length is shown at the cursor, and each wall snaps to 0, 45 or 90 degrees', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Wall snapping');
    const length = page.getByTestId('draw-length');
    await plan.pick('Wall');
    await plan.clickAt(0, 0);
    await expect(length).toHaveCount(0);

    // Each leg: pointer a little off the 0/45/90° line; the readout and the wall follow the snapped point.
    const legs: { to: [number, number]; shown: string; angle: number; metres: number }[] = [
      { to: [3, 0.4], shown: '3.00 m', angle: 0, metres: 3 },
      { to: [5.1, 1.9], shown: '2.80 m', angle: 45, metres: 2.8 },
      { to: [5.28, 4.48], shown: '2.50 m', angle: 90, metres: 2.5 },
    ];
    for (const [i, leg] of legs.entries()) {
      await plan.hover(...leg.to);
      await expect(length).toHaveText(leg.shown);
      const [sx, sy] = await plan.screen(...leg.to);
      const label = (await length.boundingBox())!;
      expect(Math.hypot(label.x - sx, label.y + label.height - sy)).toBeLessThan(40);
      await plan.clickAt(...leg.to);
      await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(i + 1);
    }
    await page.keyboard.press('Escape');
    await expect(length).toHaveCount(0);

    const walls = await plan.typed('wall');
    // Chained: each wall starts where the last ended.
    const ordered = [walls.find((w) => w.a![0] === 0 && w.a![1] === 0)!];
    for (let i = 1; i < 3; i++) ordered.push(walls.find((w) => w.a![0] === ordered[i - 1]!.b![0] && w.a![1] === ordered[i - 1]!.b![1])!);
    for (const [i, leg] of legs.entries()) {
      expect(wallAngle(ordered[i]!)).toBeCloseTo(leg.angle, 6);
      expect(wallLength(ordered[i]!)).toBeCloseTo(leg.metres, 6);
    }
    await expect(page.getByTestId('plan-wall')).toHaveCount(3);
    await context.close();
  });
});
