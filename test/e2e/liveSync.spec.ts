import { expect, test } from '@playwright/test';
import { DEMO_BUILDING_ID } from '../../scripts/demoBuilding';
import { BuildingPage } from './pages/BuildingPage';

test.describe('the building page is live', () => {
  test("two tabs see each other's edits, and the edit outlives a reload", async ({ browser }) => {
    const [contextA, contextB] = [await browser.newContext(), await browser.newContext()];
    const a = new BuildingPage(await contextA.newPage());
    const b = new BuildingPage(await contextB.newPage());
    await a.open(DEMO_BUILDING_ID);
    await b.open(DEMO_BUILDING_ID);
    await a.waitUntilLive();
    await b.waitUntilLive();
    await expect(b.page.getByTestId('peer-count')).toHaveText('2 people here');

    const before = await b.statedElementCount();
    const roomsBefore = await b.modelElementNames('space');
    await a.addTestRoom();

    await expect(b.elementCount).toHaveText(String(before + 1));
    const roomsAfter = await b.modelElementNames('space');
    const added = roomsAfter.filter((name) => !roomsBefore.includes(name));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^Test room \d+$/);
    await expect(b.elements.filter({ hasText: added[0]! })).toHaveCount(1);
    await b.page.screenshot({ path: test.info().outputPath('tab-b-sees-tab-a-edit.png'), fullPage: true });

    // Persisted by the collaboration server: the server-rendered page, read from the database, has it.
    await expect
      .poll(async () => (await b.page.request.get(`/buildings/${DEMO_BUILDING_ID}`)).text(), { message: 'the room reaches the database' })
      .toContain(added[0]!);
    await b.page.reload();
    await b.openInventory();
    await expect(b.elements.filter({ hasText: added[0]! })).toHaveCount(1);
    await contextA.close();
    await contextB.close();
  });
});
