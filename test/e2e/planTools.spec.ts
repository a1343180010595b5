import { expect, test } from '@playwright/test';
import { SYSTEM_STYLES } from '../../lib/model/systemStyles';
import { BuildingPage } from './pages/BuildingPage';
import { newBuilding, openAsDemo, openAsInvitee } from './pages/editors';
import type { ToolElement } from './pages/PlanTools';

const toDegrees = (radians: number) => (radians * 180) / Math.PI;
/** Direction of a wall from a to b, degrees. */
const wallAngle = (w: ToolElement) => toDegrees(Math.atan2(w.b![1] - w.a![1], w.b![0] - w.a![0]));

test.describe('plan tools', () => {
  test('box select: a dragged rectangle selects what lies inside it, and Shift adds to the selection', async ({ browser }) => {
    const { context, plan } = await newBuilding(browser, 'Box select');
    await plan.drawWalls([[0, 0], [2, 0]]);
    await plan.drawWalls([[4, 0], [6, 0]]);
    await plan.pick('Equipment');
    await plan.clickAt(1, 3);
    await plan.page.keyboard.press('Escape');
    const walls = await plan.typed('wall');
    const west = walls.find((w) => w.a![0] === 0)!;
    const east = walls.find((w) => w.a![0] === 4)!;
    const outlet = await plan.only('equipment');

    await plan.pick('Select');
    await plan.drag([-0.5, -0.6], [2.5, 0.6]);
    await expect.poll(() => plan.selection()).toEqual([west.id]);
    await expect(plan.drawn(west.id)).toHaveAttribute('data-selected', 'true');
    await expect(plan.drawn(east.id)).not.toHaveAttribute('data-selected');
    await expect(plan.properties.getByRole('heading')).toContainText('Wall');

    await plan.dragWith([3.5, -0.6], [6.5, 0.6], { shift: true });
    await expect.poll(() => plan.selection().then((ids) => ids.sort())).toEqual([west.id, east.id].sort());
    await expect(plan.drawn(east.id)).toHaveAttribute('data-selected', 'true');
    await expect(plan.drawn(west.id)).toHaveAttribute('data-selected', 'true');
    await expect(plan.properties).toContainText('2 elements selected.');

    // Without Shift a new box replaces the selection; one that only partly covers a wall misses it.
    await plan.drag([0.5, -0.5], [5, 3.5]);
    await expect.poll(() => plan.selection()).toEqual([outlet.id]);
    await expect(plan.drawn(west.id)).not.toHaveAttribute('data-selected');
    await expect(plan.drawn(outlet.id)).toHaveAttribute('data-selected', 'true');
    await context.close();
  });

  test('a door and a window placed on a wall are hosted by it; a click away from any wall says so and creates nothing', async ({ browser }) => {
    const { context, plan } = await newBuilding(browser, 'Openings');
    await plan.drawWalls([[0, 0], [6, 0]]);
    const wall = await plan.only('wall');

    await plan.pick('Door');
    await plan.clickAt(2, 0);
    const door = await plan.only('door');
    expect(door).toMatchObject({ hostId: wall.id, offset: 1.55, width: 0.9 });
    await plan.pick('Window');
    await plan.clickAt(4.5, 0.05);
    const window = await plan.only('window');
    expect(window).toMatchObject({ hostId: wall.id, offset: 3.9, width: 1.2 });

    // On screen each sits across the wall, centred along it where it was clicked (a door's swing
    // reaches out to one side).
    for (const [opening, x] of [[door, 2], [window, 4.5]] as const) {
      const drawn = plan.drawn(opening.id);
      await expect(drawn).toBeVisible();
      const box = (await drawn.boundingBox())!;
      const [sx, sy] = await plan.screen(x, 0);
      expect(Math.abs(box.x + box.width / 2 - sx)).toBeLessThan(3);
      expect(box.y).toBeLessThan(sy);
      expect(box.y + box.height).toBeGreaterThan(sy);
    }
    await expect(plan.page.getByTestId('plan-door')).toHaveCount(1);
    await expect(plan.page.getByTestId('plan-window')).toHaveCount(1);

    await plan.pick('Door');
    await plan.clickAt(3, 3);
    await expect(plan.error).toHaveText(/Click on a wall to place a door\./);
    await plan.pick('Window');
    await plan.clickAt(3, 1.5);
    await expect(plan.error).toHaveText(/Click on a wall to place a window\./);
    expect((await plan.typed()).map((e) => e.kind).sort()).toEqual(['door', 'wall', 'window']);
    await expect(plan.page.getByTestId('plan-door')).toHaveCount(1);
    await expect(plan.page.getByTestId('plan-window')).toHaveCount(1);
    await context.close();
  });

  test('equipment is placed with the chosen system and type: its system colour on screen, its path from system and room in the model', async ({ browser }) => {
    const { context, plan } = await newBuilding(browser, 'Equipment');
    // A room to stand in: Room 1 covers (0, 0)-(3, 3).
    await plan.pick('Room');
    for (const [x, y] of [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]] as const) await plan.clickAt(x, y);
    await expect.poll(() => plan.typed('space').then((s) => s.map((r) => r.name))).toEqual(['Room 1']);
    await plan.pick('Equipment');
    await plan.toolbar.getByLabel('System').selectOption('hvac');
    await plan.toolbar.getByLabel('Type').fill('diffuser');
    await plan.clickAt(2, 2);
    await plan.toolbar.getByLabel('System').selectOption('electrical');
    await plan.toolbar.getByLabel('Type').fill('outlet');
    await plan.clickAt(4, 2);

    const placed = await plan.typed('equipment');
    const diffuser = placed.find((e) => e.type === 'diffuser')!;
    const outlet = placed.find((e) => e.type === 'outlet')!;
    // Paths say where: /<system>/<room>/<type>-<n>, `unassigned` outside every room (never ids).
    expect(diffuser).toMatchObject({ system: 'hvac', name: 'diffuser', path: '/hvac/room-1/diffuser-1' });
    expect(outlet).toMatchObject({ system: 'electrical', path: '/electrical/unassigned/outlet-1' });
    // The system colours of lib/model/systemStyles.ts.
    await expect(plan.drawn(diffuser.id)).toHaveAttribute('data-system', 'hvac');
    await expect(plan.drawn(diffuser.id).locator('[data-part="outline"]')).toHaveAttribute('fill', SYSTEM_STYLES.hvac.colour);
    await expect(plan.drawn(outlet.id).locator('[data-part="outline"]')).toHaveAttribute('fill', SYSTEM_STYLES.electrical.colour);
    // The last one placed is selected; the panel shows its system and path.
    await expect(plan.properties.getByLabel('System')).toHaveValue('electrical');
    await expect(plan.properties.getByLabel('Path')).toHaveValue(outlet.path!);
    await context.close();
  });

  test('storeys are added, renamed and reordered: the model order and the storey bar agree', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Storeys');
    await page.getByRole('button', { name: '+ Storey' }).click();
    await expect.poll(() => plan.storeys().then((s) => s.map((x) => x.name))).toEqual(['Level 0', 'Level 1']);
    await expect(plan.storeyTabs).toHaveText(['Level 0', 'Level 1']);
    await expect(plan.storeyTabs.nth(1)).toHaveAttribute('aria-selected', 'true');

    await plan.storeyTabs.first().click();
    await page.getByRole('button', { name: 'Rename Level 0' }).click();
    const name = page.getByLabel('Storey name');
    await name.fill('Ground floor');
    await name.press('Enter');
    await expect.poll(() => plan.storeys().then((s) => s.map((x) => x.name))).toEqual(['Ground floor', 'Level 1']);
    await expect(plan.storeyTabs).toHaveText(['Ground floor', 'Level 1']);

    await plan.storeyTabs.nth(1).click();
    await page.getByRole('button', { name: 'Move Level 1 earlier' }).click();
    await expect.poll(() => plan.storeys().then((s) => s.map((x) => [x.name, x.order]))).toEqual([
      ['Level 1', 0],
      ['Ground floor', 1],
    ]);
    await expect(plan.storeyTabs).toHaveText(['Level 1', 'Ground floor']);
    await expect(page.getByRole('button', { name: 'Move Level 1 earlier' })).toBeDisabled();

    // Renaming to nothing keeps the old name.
    await page.getByRole('button', { name: 'Rename Level 1' }).click();
    await page.getByLabel('Storey name').fill('   ');
    await page.getByLabel('Storey name').press('Enter');
    await expect(plan.storeyTabs).toHaveText(['Level 1', 'Ground floor']);
    expect((await plan.storeys()).map((s) => s.name)).toEqual(['Level 1', 'Ground floor']);
    await context.close();
  });

  test("the properties panel refuses an invalid value with the validator's message under the field, and the model is unchanged", async ({ browser }) => {
    const { context, plan } = await newBuilding(browser, 'Properties');
    await plan.drawWalls([[0, 0], [4, 0]]);
    await plan.clickAt(2, 0);
    const before = await plan.only('wall');
    const thickness = plan.properties.getByLabel('Thickness (m)', { exact: true });
    const name = plan.properties.getByLabel('Name', { exact: true });
    await expect(thickness).toHaveValue('0.2');
    const problem = plan.page.getByTestId('property-error');

    await plan.setProperty('Thickness (m)', '-0.2');
    await expect(thickness).toHaveAccessibleDescription('Thickness must be greater than 0.');
    await expect(thickness).toHaveAttribute('aria-invalid', 'true');
    expect(await plan.only('wall')).toEqual(before);

    await plan.setProperty('Name', 'x'.repeat(201));
    await expect(name).toHaveAccessibleDescription('Name must be at most 200 characters.');
    expect(await plan.only('wall')).toEqual(before);

    await plan.setProperty('Thickness (m)', '');
    await expect(thickness).toHaveAccessibleDescription('Thickness must be a finite number.');
    expect(await plan.only('wall')).toEqual(before);

    // A valid value is written and clears that field's message; the name's stays until it is fixed.
    await plan.setProperty('Thickness (m)', '0.3');
    await expect.poll(() => plan.only('wall').then((w) => w.thickness)).toBe(0.3);
    await expect(plan.properties.getByLabel('Thickness (m)', { exact: true })).not.toHaveAttribute('aria-invalid');
    await expect(problem).toHaveText(['Name must be at most 200 characters.']);
    await name.press('Escape');
    await expect(problem).toHaveCount(0);

    // Equipment: a path outside its system is refused.
    await plan.pick('Equipment');
    await plan.clickAt(2, 2);
    const outlet = await plan.only('equipment');
    await plan.setProperty('Path', '/plumbing/pipes/1');
    await expect(plan.properties.getByLabel('Path', { exact: true })).toHaveAccessibleDescription('Path must start with "/electrical" to match system.');
    expect(await plan.only('equipment')).toEqual(outlet);
    await context.close();
  });

  test('a peer whose presence says idle shows as idle in the avatar stack, and active again after input', async ({ browser }) => {
    const a = await newBuilding(browser, 'Idle');
    const { context: contextB, plan: b, name: bName } = await openAsInvitee(browser, a, 'Ida');
    await b.hover(1, 1);

    const avatar = a.plan.avatars.filter({ hasText: bName });
    await expect(avatar).toHaveCount(1);
    await expect(avatar).not.toHaveAttribute('data-idle');
    await expect(avatar).not.toContainText('(idle)');

    // B's awareness says its last input was five minutes ago (what a tab left alone publishes).
    await b.live((h) => h.provider.awareness.setLocalStateField('activeAt', Date.now() - 5 * 60_000), null);
    await expect(avatar).toHaveAttribute('data-idle', 'true');
    await expect(avatar).toContainText(`${bName} (idle)`);
    await expect(avatar).toHaveAttribute('title', new RegExp(`^${bName} \\(idle\\)`));

    // B moves its pointer over the plan: active again.
    await b.hover(2, 1.5);
    await expect(avatar).not.toHaveAttribute('data-idle');
    await a.context.close();
    await contextB.close();
  });

  test('a building without storeys and a storey without elements say what to do', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Empty', { storey: false });
    const noStoreys = page.getByTestId('plan-no-storeys');
    const empty = page.getByTestId('plan-empty');
    await expect(noStoreys).toHaveText('This building has no storeys yet. Add one with “+ Storey”.');
    expect(await plan.storeys()).toEqual([]);

    await page.getByRole('button', { name: '+ Storey' }).click();
    await expect(noStoreys).toHaveCount(0);
    await expect(empty).toHaveText('Nothing on this storey yet. Draw a wall (W) or a room (R) to start.');
    expect(await plan.elements()).toEqual([]);

    await plan.scrollIntoView();
    await plan.setCamera({ x: 3, y: 2, zoom: 50 });
    await plan.drawWalls([[0, 0], [4, 0]]);
    await expect(empty).toHaveCount(0);
    await expect(page.getByTestId('plan-wall')).toHaveCount(1);

    // A second storey starts empty; the first still has its wall.
    await page.getByRole('button', { name: '+ Storey' }).click();
    await expect(plan.storeyTabs.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(empty).toBeVisible();
    await expect(page.getByTestId('plan-wall')).toHaveCount(0);
    await plan.storeyTabs.first().click();
    await expect(empty).toHaveCount(0);
    await expect(page.getByTestId('plan-wall')).toHaveCount(1);
    await context.close();
  });

  test('until the document has synced the plan says it is loading; then the plan is drawn and the words go', async ({ browser }) => {
    const a = await newBuilding(browser, 'Loading');
    await a.plan.drawWalls([[0, 0], [4, 0]]);
    await expect.poll(() => a.plan.typed('wall').then((w) => w.length)).toBe(1);

    // The same building in a fresh context (no offline copy), its collab token held back: the
    // app cannot connect, so the document stays unsynced until the test lets the token through.
    const context = await browser.newContext();
    const page = await context.newPage();
    let asked: () => void = () => undefined;
    const tokenAsked = new Promise<void>((resolve) => (asked = resolve));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === '/api/collab-token',
      async (route) => {
        asked();
        await released;
        await route.continue();
      },
    );
    const building = new BuildingPage(page);
    await building.open(a.id);
    await tokenAsked;
    const loading = page.getByRole('status').filter({ hasText: 'Loading the plan…' });
    await expect(loading).toBeVisible();
    await expect(building.connection).toHaveAttribute('data-state', 'connecting');
    await expect(building.connection).toHaveText('Connecting…');
    await expect(page.getByTestId('storey-tab')).toHaveCount(0);
    await expect(page.getByTestId('plan-wall')).toHaveCount(0);

    release();
    await building.waitUntilLive();
    await expect(page.getByTestId('plan-wall')).toHaveCount(1);
    await expect(page.getByTestId('storey-tab')).toHaveText(['Level 0']);
    await expect(loading).toHaveCount(0);
    await expect(page.getByTestId('plan-loading')).toHaveCount(0);
    await a.context.close();
    await context.close();
  });

  test('keyboard shortcuts pick tools, end a chain, turn, undo and delete; typing in a field is not a shortcut', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Shortcuts');
    const shortcuts: [string, string][] = [
      ['w', 'Wall'],
      ['r', 'Room'],
      ['Shift+R', 'Room from walls'],
      ['d', 'Door'],
      ['n', 'Window'],
      ['e', 'Equipment'],
      ['t', 'Rotate'],
      ['v', 'Select'],
    ];
    for (const [key, tool] of shortcuts) {
      await page.keyboard.press(key);
      await expect(plan.toolButton(tool)).toHaveAttribute('aria-pressed', 'true');
    }
    await page.keyboard.press('w');
    await page.keyboard.press('Escape');
    await expect(plan.toolButton('Select')).toHaveAttribute('aria-pressed', 'true');

    // W, two clicks, Enter: one wall and the chain ends (a third click starts a new chain).
    await page.keyboard.press('w');
    await plan.clickAt(0, 0);
    await plan.clickAt(4, 0);
    await page.keyboard.press('Enter');
    await plan.clickAt(4, 3);
    expect(await plan.typed('wall')).toHaveLength(1);
    await page.keyboard.press('Escape');

    await plan.clickAt(2, 0);
    const wall = await plan.only('wall');
    // ] turns the selection 90° clockwise about its centre.
    await page.keyboard.press(']');
    await expect.poll(() => plan.only('wall').then((w) => [w.a, w.b])).toEqual([
      [2, 2],
      [2, -2],
    ]);
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => plan.only('wall').then((w) => [w.a, w.b])).toEqual([wall.a, wall.b]);

    // Typing a tool's letter into a field types it; the tool stays.
    const name = plan.properties.getByLabel('Name', { exact: true });
    await name.click();
    await page.keyboard.type('wed');
    await expect(name).toHaveValue('Wallwed');
    await expect(plan.toolButton('Select')).toHaveAttribute('aria-pressed', 'true');
    await name.press('Escape');

    await plan.clickAt(2, 0);
    await page.keyboard.press('Delete');
    await expect.poll(() => plan.typed('wall')).toEqual([]);
    await expect(page.getByTestId('plan-wall')).toHaveCount(0);
    await context.close();
  });

  test('the rotate tool turns the selection by its handle, Shift snaps to 15°, and a typed angle turns it too', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Rotate');
    await plan.drawWalls([[0, 0], [4, 0]]);
    await plan.clickAt(2, 0);
    await plan.pick('Rotate');
    const handle = page.getByTestId('rotate-handle');
    await expect(handle).toBeVisible();

    /** Drags the handle (straight above the centre) to `degrees` counter-clockwise from there. */
    const turnBy = async (degrees: number, shift: boolean) => {
      const box = (await handle.boundingBox())!;
      const to = (90 + degrees) * (Math.PI / 180);
      const [tx, ty] = await plan.screen(2 + 2 * Math.cos(to), 2 * Math.sin(to));
      if (shift) await page.keyboard.down('Shift');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(tx, ty, { steps: 6 });
      // While turning, the angle is shown.
      await expect(page.getByTestId('rotate-angle')).toHaveText(/^-?\d+(\.\d+)?°$/);
      if (!shift) await page.screenshot({ path: test.info().outputPath('rotating.png') });
      await page.mouse.up();
      if (shift) await page.keyboard.up('Shift');
    };

    await turnBy(38, true);
    await expect.poll(() => plan.only('wall').then(wallAngle)).toBeCloseTo(45, 6);
    const snapped = await plan.only('wall');
    const r = Math.SQRT2;
    expect(snapped.a![0]).toBeCloseTo(2 - r, 5);
    expect(snapped.a![1]).toBeCloseTo(-r, 5);
    expect(snapped.b![0]).toBeCloseTo(2 + r, 5);
    expect(snapped.b![1]).toBeCloseTo(r, 5);
    await expect(page.getByTestId('rotate-angle')).toHaveCount(0);

    await turnBy(37, false);
    await expect.poll(() => plan.only('wall').then(wallAngle)).not.toBeCloseTo(45, 1);
    const free = await plan.only('wall');
    expect(wallAngle(free)).toBeGreaterThan(45 + 36);
    expect(wallAngle(free)).toBeLessThan(45 + 38);
    expect(Math.hypot(free.b![0] - free.a![0], free.b![1] - free.a![1])).toBeCloseTo(4, 4);
    expect((free.a![0] + free.b![0]) / 2).toBeCloseTo(2, 4);

    // A typed angle in the properties panel.
    const rotateBy = plan.properties.getByLabel('Rotate by (°)');
    await rotateBy.fill('-90');
    await rotateBy.press('Enter');
    await expect.poll(() => plan.only('wall').then(wallAngle)).toBeCloseTo(wallAngle(free) - 90, 3);

    // Equipment has a rotation of its own.
    await plan.pick('Equipment');
    await plan.clickAt(6, 2);
    await plan.setProperty('Rotation (°)', '30');
    await expect.poll(() => plan.only('equipment').then((e) => toDegrees(e.rotation!))).toBeCloseTo(30, 6);
    const outlet = await plan.only('equipment');
    // Drawn turned: the notch that shows which way the device faces (the outline's second
    // subpath, in plan coordinates) lies 30° counter-clockwise from east of its centre.
    await expect
      .poll(async () => {
        const d = (await plan.drawn(outlet.id).locator('[data-part="outline"]').getAttribute('d')) ?? '';
        const notch = (d.split('M')[2] ?? '').match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
        const [nx, ny] = [0, 1].map((k) => notch.filter((_, i) => i % 2 === k).reduce((sum, v) => sum + v, 0) / (notch.length / 2));
        return toDegrees(Math.atan2(ny! - outlet.position![1], nx! - outlet.position![0]));
      })
      .toBeCloseTo(30, 0);
    await context.close();
  });

  test('at tablet width (768×1024) the properties panel is a sheet under the full-width plan and usable', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Tablet', { viewport: { width: 768, height: 1024 } });
    await plan.drawWalls([[0, 0], [4, 0]]);
    await plan.clickAt(2, 0);
    const name = plan.properties.getByLabel('Name', { exact: true });
    await expect(name).toBeInViewport();
    await plan.setProperty('Name', 'Lobby wall');
    await expect.poll(() => plan.only('wall').then((w) => w.name)).toBe('Lobby wall');
    await expect(name).toHaveValue('Lobby wall');
    // Below 1024 px the side panels are sheets: the plan takes the whole width, the properties
    // open from a bar under it, as wide as the plan.
    const planBox = (await plan.plan.boundingBox())!;
    const dockBox = (await page.getByTestId('properties-dock').boundingBox())!;
    expect(planBox.width).toBeGreaterThan(700);
    expect(dockBox.y).toBeGreaterThanOrEqual(planBox.y + planBox.height - 1);
    expect(Math.abs(dockBox.width - planBox.width)).toBeLessThan(2);
    await page.screenshot({ path: test.info().outputPath('tablet-768x1024.png') });
    await context.close();
  });

  test('below 1024 px (a phone, 600 px) the properties panel is a bottom sheet over the plan that opens on selection and collapses', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Phone', { viewport: { width: 600, height: 1024 } });
    const dock = page.getByTestId('properties-dock');
    const name = plan.properties.getByLabel('Name', { exact: true });
    await expect(dock).toHaveAttribute('data-open', 'false');
    await plan.drawWalls([[0, 0], [4, 0]]);
    await plan.clickAt(2, 0);
    await expect(dock).toHaveAttribute('data-open', 'true');
    await expect(name).toBeInViewport();

    // Its bar is under the plan; its panel opens upward over the plan's bottom, as wide as the plan.
    const planBox = (await plan.plan.boundingBox())!;
    const bar = (await dock.boundingBox())!;
    const sheet = (await page.getByTestId('properties-sheet').boundingBox())!;
    expect(Math.abs(bar.y - (planBox.y + planBox.height))).toBeLessThan(2);
    expect(Math.abs(sheet.y + sheet.height - (planBox.y + planBox.height))).toBeLessThan(2);
    expect(Math.abs(sheet.width - planBox.width)).toBeLessThan(2);
    expect(sheet.height).toBeLessThan(planBox.height);
    await plan.setProperty('Name', 'Hall wall');
    await expect.poll(() => plan.only('wall').then((w) => w.name)).toBe('Hall wall');
    await expect(dock.getByRole('button', { name: /Wall: Hall wall/ })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('bottom-sheet-600x1024.png') });

    await dock.getByRole('button', { name: /Hide properties/ }).click();
    await expect(name).toBeHidden();
    // Collapsed, nothing covers the plan: its scale bar shows above the sheet's bar.
    const scale = (await page.getByTestId('scale-bar').boundingBox())!;
    expect(scale.y + scale.height).toBeLessThanOrEqual((await dock.boundingBox())!.y);
    await dock.getByRole('button', { name: /Show properties/ }).click();
    await expect(name).toBeVisible();
    await context.close();
  });

  test('the plan draws only what is near the view, and the selection wherever it is', async ({ browser }) => {
    const { context, page, plan } = await newBuilding(browser, 'Culling');
    await plan.pick('Equipment');
    await plan.clickAt(0, 0);
    await plan.clickAt(6, 0);
    await page.keyboard.press('Escape');
    const [first, second] = await plan.typed('equipment');
    const layer = page.getByTestId('plan-elements');
    await expect(layer).toHaveAttribute('data-drawn', '2');

    // Half a kilometre away: nothing of it is drawn, and the storey is not "empty".
    await plan.setCamera({ x: 500, y: 0, zoom: 50 });
    await expect(layer).toHaveAttribute('data-drawn', '0');
    await expect(layer).toHaveAttribute('data-total', '2');
    await expect(page.getByTestId('plan-equipment')).toHaveCount(0);
    await expect(page.getByTestId('plan-empty')).toHaveCount(0);

    // Selected, it is drawn (and marked selected) even off screen.
    await plan.live((h, id) => (h as unknown as { plan: { select(ids: string[]): void } }).plan.select([id]), first!.id);
    await expect(plan.drawn(first!.id)).toHaveAttribute('data-selected', 'true');
    await expect(plan.drawn(second!.id)).toHaveCount(0);
    await expect(plan.properties.getByLabel('Name', { exact: true })).toHaveValue(first!.name);

    await plan.setCamera({ x: 3, y: 2, zoom: 50 });
    await expect(layer).toHaveAttribute('data-drawn', '2');
    await expect(page.getByTestId('plan-equipment')).toHaveCount(2);
    await context.close();
  });

  test("an offline change the server refuses is explained in words and can be discarded; the doc is then the server's", async ({ browser }) => {
    const a = await newBuilding(browser, 'Refused');
    await a.plan.drawWalls([[0, 0], [4, 0]]);
    const wall = await a.plan.only('wall');
    // B: the same building in another browser, to see what the server holds.
    const b = await openAsDemo(browser, a.id);
    await expect.poll(() => b.plan.typed('wall').then((w) => w.length)).toBe(1);

    await a.context.setOffline(true);
    await expect(a.building.connection).not.toHaveAttribute('data-state', 'live', { timeout: 20_000 });
    // Offline, A makes a valid edit and one that bypasses validation (a bug or an outdated client).
    await a.plan.pick('Equipment');
    await a.plan.clickAt(2, 2);
    await a.plan.live((h, id) => h.doc.getMap('elements').get(id).set('thickness', -0.2), wall.id);
    await a.context.setOffline(false);

    const refused = a.page.getByTestId('rejected-changes');
    const message = 'Your offline changes could not be applied: Wall “Wall”: thickness must be greater than 0.';
    await expect(refused).toContainText(message, { timeout: 20_000 });
    await expect(a.building.connection).toHaveAttribute('data-state', 'rejected');
    expect((await b.plan.only('wall')).thickness).toBe(0.2);
    expect(await b.plan.typed('equipment')).toEqual([]);
    // Until the refused changes are dealt with, the plan cannot be edited (more edits would be lost).
    await expect(a.plan.toolButton('Wall')).toHaveCount(0);

    // The refused change is kept in IndexedDB: a reload sends it again and is refused again.
    await a.page.reload();
    await expect(refused).toContainText(message, { timeout: 20_000 });

    await refused.getByRole('button', { name: 'Discard local changes' }).click();
    await a.building.waitUntilLive();
    await expect(refused).toHaveCount(0);
    await a.plan.ready();
    const server = await b.plan.snapshot();
    await expect.poll(() => a.plan.snapshot()).toEqual(server);
    expect(await a.plan.live((h, id) => h.doc.getMap('elements').get(id).get('thickness'), wall.id)).toBe(0.2);
    await expect(a.page.getByTestId('plan-wall')).toHaveCount(1);
    await expect(a.page.getByTestId('plan-equipment')).toHaveCount(0);

    // Nothing of it comes back after a reload.
    await a.page.reload();
    await a.building.waitUntilLive();
    await a.plan.ready();
    await expect(refused).toHaveCount(0);
    expect(await a.plan.snapshot()).toEqual(server);

    // And A edits live again.
    await a.plan.scrollIntoView();
    await a.plan.setCamera({ x: 3, y: 2, zoom: 50 });
    await a.plan.pick('Equipment');
    await a.plan.clickAt(3, 3);
    await expect.poll(() => b.plan.typed('equipment').then((e) => e.length)).toBe(1);
    await a.context.close();
    await b.context.close();
  });
});
