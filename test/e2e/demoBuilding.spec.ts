import { expect, test } from '@playwright/test';
import { DEMO_BUILDING_ID, demoElements, demoMeta, demoStoreys } from '../../scripts/demoBuilding';
import { BuildingPage } from './pages/BuildingPage';
import { signInAsDemo } from './pages/session';

test.describe('the demo building page', () => {
  test('shows the seeded demo building with its storeys and every element', async ({ page }) => {
    const building = new BuildingPage(page);
    await building.open(DEMO_BUILDING_ID);

    await expect(building.name).toHaveText(demoMeta.name);
    await expect(page).toHaveTitle(new RegExp(demoMeta.name));
    expect(await building.statedElementCount()).toBe(demoElements.length); // opens the inventory
    await expect(building.storeyCount).toHaveText(String(demoStoreys.length));
    await expect(building.elements).toHaveCount(demoElements.length);
    for (const storey of demoStoreys) await expect(building.storey(storey.name)).toBeVisible();

    const equipment = building.elements.filter({ hasText: '/electrical/circuits/2/outlet_2A' });
    await expect(equipment).toHaveCount(1);
    await expect(equipment).toHaveAttribute('data-kind', 'equipment');

    await page.screenshot({ path: test.info().outputPath('demo-building.png'), fullPage: true });
  });

  test('lists the demo building on /buildings and links to it', async ({ page }) => {
    await signInAsDemo(page);
    await page.goto('/buildings');
    await page.getByRole('link', { name: new RegExp(demoMeta.name) }).click();
    await expect(page).toHaveURL(new RegExp(`/buildings/${DEMO_BUILDING_ID}$`));
    await expect(new BuildingPage(page).name).toHaveText(demoMeta.name);
  });

  test('answers an unknown building id with a 404 page in words', async ({ page }) => {
    await signInAsDemo(page);
    const response = await page.goto('/buildings/no-such-building');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'You do not have access to this building' })).toBeVisible();
    await expect(page.getByText('(or it does not exist)')).toBeVisible();
  });
});
