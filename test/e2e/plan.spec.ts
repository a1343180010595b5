import { expect, test, type Browser } from '@playwright/test';
import { BuildingPage } from './pages/BuildingPage';
import { newBuilding, openAsInvitee, type Editor } from './pages/editors';
import { PlanEditor } from './pages/PlanEditor';
import { SharePage } from './pages/SharePage';

/**
 * Two people on one fresh building: A is the demo user (its owner), B a new account invited as
 * editor. Both are live, with one storey and the same camera so plan coordinates land on the same
 * pixels.
 */
async function twoEditors(browser: Browser, title: string): Promise<{ a: Editor; b: Editor }> {
  const a = await newBuilding(browser, title);
  const b = await openAsInvitee(browser, a, 'Bea');
  await expect.poll(() => b.plan.storeys().then((s) => s.length)).toBe(1);
  await b.plan.scrollIntoView();
  await b.plan.setCamera({ x: 3, y: 2, zoom: 50 });
  return { a, b };
}

const roomArea = (polygon: [number, number][]) => Math.abs(polygon.reduce((s, p, i) => s + p[0] * polygon[(i + 1) % polygon.length]![1] - polygon[(i + 1) % polygon.length]![0] * p[1], 0) / 2);

test.describe('the plan editor is one shared drawing', () => {
  test('A draws walls and a room, B sees them; B moves the room while A renames it and both changes are kept', async ({ browser }) => {
    const { a, b } = await twoEditors(browser, 'Shared plan');
    await a.plan.drawWalls([[0, 0], [6, 0], [6, 4], [0, 4], [0, 0]]);
    await a.plan.tool('Room from walls');
    await a.plan.clickAt(3, 2);

    await expect.poll(() => b.plan.elements('wall').then((w) => w.length)).toBe(4);
    await expect.poll(() => b.plan.elements('space').then((s) => s.map((r) => roomArea(r.polygon!)))).toEqual([24]);
    await expect(b.plan.page.getByTestId('plan-room')).toHaveCount(1);
    await expect(b.plan.page.getByTestId('plan-wall')).toHaveCount(4);
    const [room] = await a.plan.elements('space');

    // B drags the room 2 m right; at the same time A renames it in the properties panel.
    await a.plan.tool('Select');
    await a.plan.clickAt(3, 2);
    await expect(a.plan.properties.getByLabel('Name', { exact: true })).toHaveValue(room!.name);
    await b.plan.tool('Select');
    await Promise.all([b.plan.drag([3, 2], [5, 2]), a.plan.setProperty('Name', 'Kitchen')]);

    for (const side of [a, b]) {
      await expect
        .poll(async () => {
          const [r] = await side.plan.elements('space');
          return { name: r!.name, minX: Math.min(...r!.polygon!.map((p) => p[0])) };
        })
        .toEqual({ name: 'Kitchen', minX: 2 });
    }
    await expect(b.plan.page.getByTestId('plan-room')).toHaveAttribute('data-name', 'Kitchen');
    await a.plan.page.screenshot({ path: test.info().outputPath('editor-user-a.png') });
    await b.plan.page.screenshot({ path: test.info().outputPath('editor-user-b.png') });
    await a.context.close();
    await b.context.close();
  });

  test("A's cursor and selection show on B's screen in A's colour, on the same storey only; B follows A's view", async ({ browser }) => {
    const { a, b } = await twoEditors(browser, 'Presence');
    await a.plan.drawWalls([[0, 0], [4, 0]]);
    const [wall] = await a.plan.elements('wall');

    await a.plan.hover(1, 1);
    const cursor = b.plan.cursors.first();
    await expect(cursor).toHaveAttribute('data-name', 'Demo User');
    const aColour = (await b.plan.peers())[0]!.user.color;
    await expect(cursor).toHaveAttribute('data-color', aColour);
    await expect(b.plan.page.getByTestId('avatar')).toHaveCount(1);

    // A selects the wall: B sees it outlined in A's colour.
    await a.plan.tool('Select');
    await a.plan.clickAt(2, 0);
    await expect(b.plan.peerSelections).toHaveCount(1);
    await expect(b.plan.peerSelections.first()).toHaveAttribute('data-element-id', wall!.id);
    await expect(b.plan.peerSelections.first()).toHaveAttribute('data-color', aColour);
    await b.plan.page.screenshot({ path: test.info().outputPath('b-sees-a-cursor-and-selection.png') });

    // A goes to another storey: B (still on the first) no longer sees A's cursor.
    await a.plan.page.getByRole('button', { name: '+ Storey' }).click();
    await expect.poll(() => a.plan.storeys().then((s) => s.length)).toBe(2);
    await a.plan.setCamera({ x: 3, y: 2, zoom: 50 });
    await a.plan.hover(1.5, 1.5);
    await expect(b.plan.cursors).toHaveCount(0);
    await a.plan.page.getByRole('tab').first().click();
    await a.plan.setCamera({ x: 3, y: 2, zoom: 50 });
    await a.plan.hover(1, 1.2);
    await expect(b.plan.cursors).toHaveCount(1);

    // B follows A: B's viewport tracks A's pan and zoom (and storey).
    await b.plan.avatars.first().click();
    await expect(b.plan.page.getByTestId('following')).toContainText('Demo User');
    await a.plan.setCamera({ x: 10, y: -4, zoom: 80 });
    await expect.poll(() => b.plan.camera()).toEqual({ x: 10, y: -4, zoom: 80 });
    await a.plan.page.keyboard.press('+');
    const zoomed = await a.plan.camera();
    expect(zoomed.zoom).toBeCloseTo(100, 6);
    await expect.poll(() => b.plan.camera()).toEqual(zoomed);
    await a.plan.page.getByRole('tab').nth(1).click();
    const second = await a.plan.storeyId();
    await expect.poll(() => b.plan.storeyId()).toBe(second);
    // B pans by hand: following stops.
    await b.plan.page.keyboard.press('ArrowLeft');
    await expect(b.plan.page.getByTestId('following')).toHaveCount(0);
    await a.context.close();
    await b.context.close();
  });

  test('A edits offline, comes back, and B gets the edits; nothing is lost', async ({ browser }) => {
    const { a, b } = await twoEditors(browser, 'Offline');
    await a.plan.drawWalls([[0, 0], [5, 0]]);
    await expect.poll(() => b.plan.elements('wall').then((w) => w.length)).toBe(1);

    await a.context.setOffline(true);
    await expect(a.building.connection).not.toHaveAttribute('data-state', 'live', { timeout: 20_000 });
    await a.plan.tool('Equipment');
    await a.plan.clickAt(2, 2);
    await a.plan.drawWalls([[0, 3], [5, 3]]);
    // B edits meanwhile too.
    await b.plan.tool('Equipment');
    await b.plan.clickAt(4, 2);
    expect((await a.plan.elements('equipment')).length).toBe(1);
    expect((await b.plan.elements('wall')).length).toBe(1);

    await a.context.setOffline(false);
    await a.building.waitUntilLive();
    for (const side of [a, b]) {
      await expect.poll(() => side.plan.elements('wall').then((w) => w.length), { timeout: 20_000 }).toBe(2);
      await expect.poll(() => side.plan.elements('equipment').then((e) => e.length)).toBe(2);
    }
    await a.context.close();
    await b.context.close();
  });

  test("undo in A reverts A's last change only, not B's", async ({ browser }) => {
    const { a, b } = await twoEditors(browser, 'Undo');
    await a.plan.drawWalls([[0, 0], [5, 0]]);
    await expect.poll(() => b.plan.elements('wall').then((w) => w.length)).toBe(1);
    // B adds a piece of equipment after A's wall.
    await b.plan.tool('Equipment');
    await b.plan.clickAt(2, 2);
    await expect.poll(() => a.plan.elements('equipment').then((e) => e.length)).toBe(1);

    await a.plan.page.keyboard.press('Escape');
    await a.plan.page.keyboard.press('ControlOrMeta+z');
    for (const side of [a, b]) {
      await expect.poll(() => side.plan.elements('wall').then((w) => w.length)).toBe(0);
      await expect.poll(() => side.plan.elements('equipment').then((e) => e.length)).toBe(1);
    }
    await a.plan.page.keyboard.press('ControlOrMeta+Shift+z');
    await expect.poll(() => b.plan.elements('wall').then((w) => w.length)).toBe(1);
    await a.context.close();
    await b.context.close();
  });

  test('a viewer gets no editing tools', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const owner = new BuildingPage(page);
    await owner.open('demo');
    const link = await owner.createShareLink('viewer', { allowGuests: true });
    const guest = await browser.newContext();
    const guestPage = await guest.newPage();
    const share = new SharePage(guestPage);
    await share.open(link);
    await share.continueAsGuest('Vera Viewer');
    const plan = new PlanEditor(guestPage);
    await plan.ready();
    const toolbar = guestPage.getByRole('toolbar', { name: 'Plan tools' });
    await expect(toolbar.getByRole('button', { name: 'Select', exact: true })).toBeVisible();
    await expect(toolbar.getByRole('button', { name: 'Wall', exact: true })).toHaveCount(0);
    await expect(guestPage.getByRole('button', { name: '+ Storey' })).toHaveCount(0);
    await context.close();
    await guest.close();
  });
});
