import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { PlanTools } from './pages/PlanTools';
import { newBuilding } from './pages/editors';

type Box = { x: number; y: number; width: number; height: number };

/** A new account (signed up through the form) with a new building of one storey, the camera at 50 px/m around (3, 2). */
/** A person who just signed up, on a new building with one storey, the camera at a known place. */
const freshBuilding = (browser: Browser, title: string) => newBuilding(browser, title, { newAccount: 'Reader', viewport: { width: 1280, height: 800 } });

const centre = (b: Box): [number, number] => [b.x + b.width / 2, b.y + b.height / 2];
const box = async (locator: Locator): Promise<Box> => {
  const b = await locator.boundingBox();
  expect(b, 'drawn').not.toBeNull();
  return b!;
};

/**
 * Turns the mouse wheel once over a screen point and waits for the new zoom (the test handle
 * reports it after the plan has rendered it).
 */
async function wheel(page: Page, plan: PlanTools, at: [number, number], deltaY: number) {
  const before = (await plan.camera()).zoom;
  await page.mouse.move(...at);
  await page.mouse.wheel(0, deltaY);
  await expect.poll(() => plan.camera().then((c) => c.zoom)).not.toBe(before);
  return (await plan.camera()).zoom;
}

test.describe('a readable plan', () => {
  test('equipment of two systems is drawn with symbols that differ in outline and colour, at a constant size on screen, and the legend lists both', async ({ browser }) => {
    const { context, page, plan } = await freshBuilding(browser, 'Symbols');
    await plan.pick('Equipment');
    await plan.toolbar.getByLabel('System').selectOption('electrical');
    await plan.toolbar.getByLabel('Type').fill('outlet');
    await plan.clickAt(1, 1);
    await plan.toolbar.getByLabel('System').selectOption('plumbing');
    await plan.toolbar.getByLabel('Type').fill('valve');
    await plan.clickAt(4, 3);
    await plan.toolbar.getByLabel('Type').fill('widget');
    await plan.clickAt(5, 1);
    await expect.poll(() => plan.typed('equipment').then((e) => e.length)).toBe(3);
    const placed = await plan.typed('equipment');
    const outlet = placed.find((e) => e.type === 'outlet')!;
    const valve = placed.find((e) => e.type === 'valve')!;
    const widget = placed.find((e) => e.type === 'widget')!;

    // Different systems: a different outline (not only a different colour) and a different fill.
    const outletSymbol = plan.drawn(outlet.id);
    const valveSymbol = plan.drawn(valve.id);
    await expect(outletSymbol).toHaveAttribute('data-shape', 'circle');
    await expect(valveSymbol).toHaveAttribute('data-shape', 'diamond');
    const outline = (l: Locator) => l.locator('[data-part="outline"]');
    const [outletFill, valveFill] = [await outline(outletSymbol).getAttribute('fill'), await outline(valveSymbol).getAttribute('fill')];
    expect(outletFill).toMatch(/^#[0-9a-f]{6}$/);
    expect(valveFill).toMatch(/^#[0-9a-f]{6}$/);
    expect(outletFill).not.toBe(valveFill);
    expect(await outline(outletSymbol).getAttribute('d')).not.toBe(await outline(valveSymbol).getAttribute('d'));
    // Each type its glyph; a type the plan does not know shows its initial.
    await expect(outletSymbol).toHaveAttribute('data-glyph', 'outlet');
    await expect(valveSymbol).toHaveAttribute('data-glyph', 'valve');
    await expect(plan.drawn(widget.id)).toHaveAttribute('data-glyph', 'initial:W');
    await expect(plan.drawn(widget.id).locator('[data-part="glyph"]')).toHaveText('W');

    // Where the model puts it, about 20 px across, and as big on screen zoomed out and in.
    const at50 = await box(outline(outletSymbol));
    const [sx, sy] = await plan.screen(1, 1);
    expect(Math.abs(centre(at50)[0] - sx)).toBeLessThan(1);
    expect(Math.abs(centre(at50)[1] - sy)).toBeLessThan(1);
    expect(at50.height).toBeGreaterThan(16);
    expect(at50.height).toBeLessThan(24);
    for (const zoom of [20, 60]) {
      await plan.setCamera({ x: 3, y: 2, zoom });
      await expect(plan.page.getByTestId('plan-elements')).toHaveAttribute('data-symbol-px', '20');
      const now = await box(outline(outletSymbol));
      expect(now.height, `at ${zoom} px/m`).toBeCloseTo(at50.height, 0);
      expect(now.width, `at ${zoom} px/m`).toBeCloseTo(at50.width, 0);
    }

    // The legend: both systems with their outline and colour, and each type present.
    const legend = page.getByTestId('plan-legend');
    await expect(legend).toBeVisible();
    const systems = legend.getByTestId('legend-system');
    await expect(systems).toHaveCount(2);
    await expect(systems.nth(0)).toHaveAttribute('data-system', 'electrical');
    await expect(systems.nth(0)).toHaveAttribute('data-shape', 'circle');
    await expect(systems.nth(0)).toHaveAttribute('data-colour', outletFill!);
    await expect(systems.nth(0)).toContainText('Electrical');
    await expect(systems.nth(1)).toHaveAttribute('data-system', 'plumbing');
    await expect(systems.nth(1)).toHaveAttribute('data-shape', 'diamond');
    await expect(systems.nth(1)).toHaveAttribute('data-colour', valveFill!);
    await expect(systems.nth(1)).toContainText('Plumbing');
    await expect(systems.nth(0).getByTestId('legend-type')).toHaveText([/Outlet\s*1/]);
    await expect(systems.nth(1).getByTestId('legend-type')).toHaveText([/Valve\s*1/, /widget\s*1/]);
    await expect(systems.nth(1).getByTestId('legend-type').first().locator('svg')).toHaveAttribute('data-shape', 'diamond');

    // Deleting the valve takes its type out of the legend.
    await plan.pick('Select');
    await plan.clickAt(4, 3);
    await expect.poll(() => plan.selection()).toEqual([valve.id]);
    await page.keyboard.press('Delete');
    await expect(systems.nth(1).getByTestId('legend-type')).toHaveText([/widget\s*1/]);
    await context.close();
  });

  test('a room label stays legible and inside its room while zooming out and back in with the wheel', async ({ browser }) => {
    const { context, page, plan } = await freshBuilding(browser, 'Labels');
    // A 4 x 3 m room drawn with the room tool, given a number and a long name.
    await plan.pick('Room');
    for (const [x, y] of [
      [1, 0.5],
      [5, 0.5],
      [5, 3.5],
      [1, 3.5],
    ] as const)
      await plan.clickAt(x, y);
    await page.keyboard.press('Enter');
    await expect.poll(() => plan.typed('space').then((s) => s.length)).toBe(1);
    const room = await plan.only('space');
    await plan.setProperty('Number', 'B.104');
    await plan.setProperty('Name', 'Conference room of the north wing');
    await expect.poll(() => plan.typed('space').then((s) => s[0]!.name)).toBe('Conference room of the north wing');
    await page.keyboard.press('Escape');

    const drawn = plan.drawn(room.id);
    const label = drawn.getByTestId('room-label');
    const outline = drawn.locator('polygon');
    const seen = new Set<string>();
    /** The label, if drawn, inside the room's box on screen, with its first line 9-15 px high. */
    const expectInside = async (zoom: number) => {
      if ((await label.count()) === 0) {
        seen.add('hidden');
        return;
      }
      seen.add((await label.getAttribute('data-fit'))!);
      const [r, l, line] = [await box(outline), await box(label), await box(label.locator('text').first())];
      const where = `at ${zoom.toFixed(1)} px/m: label ${JSON.stringify(l)} in room ${JSON.stringify(r)}`;
      expect(l.x, where).toBeGreaterThanOrEqual(r.x);
      expect(l.y, where).toBeGreaterThanOrEqual(r.y);
      expect(l.x + l.width, where).toBeLessThanOrEqual(r.x + r.width);
      expect(l.y + l.height, where).toBeLessThanOrEqual(r.y + r.height);
      expect(line.height, where).toBeGreaterThanOrEqual(9);
      expect(line.height, where).toBeLessThanOrEqual(16);
    };

    // 200 x 150 px on screen: the name goes onto two lines above the area.
    await expectInside(50);
    await expect(label).toHaveAttribute('data-fit', 'wrapped');
    await expect(label.locator('text')).toHaveText(['B.104 Conference', 'room of the north wing', /m²$/]);
    const middle = centre(await box(outline));
    // Out: the room gets smaller on screen until its label no longer fits.
    let zoom = 50;
    while (zoom > 6) {
      zoom = await wheel(page, plan, middle, 300);
      await expectInside(zoom);
    }
    await expect(label).toHaveCount(0);
    // In: past where the whole label fits on one line, up to ~8x closer than at the start.
    const back = centre(await box(outline));
    while (zoom < 400) {
      zoom = await wheel(page, plan, back, -300);
      await expectInside(zoom);
    }
    await expect(label).toHaveAttribute('data-fit', 'full');
    await expect(label.locator('text')).toHaveText(['B.104 Conference room of the north wing', /m²$/]);
    expect([...seen]).toEqual(expect.arrayContaining(['hidden', 'elided', 'wrapped', 'full']));
    await context.close();
  });
});
