import { expect, test } from '@playwright/test';
import { DEMO_BUILDING_ID, demoElements, demoMeta } from '../../scripts/demoBuilding';
import { BuildingPage } from './pages/BuildingPage';
import { PlanTools } from './pages/PlanTools';

test.describe('the public demo (issue #14 point 12)', () => {
  test('someone not signed in opens the demo building from the landing page and sees the live plan, read-only, as a guest', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
    await page.getByRole('link', { name: 'Open the demo building' }).click();

    await expect(page).toHaveURL(new RegExp(`/buildings/${DEMO_BUILDING_ID}$`));
    const building = new BuildingPage(page);
    await expect(building.name).toHaveText(demoMeta.name);
    // A guest viewer, not the demo account.
    await expect(building.role).toHaveAttribute('data-role', 'viewer');
    await expect(building.role).toContainText('guest');
    await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
    await building.waitUntilLive();

    // The live plan with presence: the model is there, and so is the visitor in the avatar stack.
    const plan = new PlanTools(page);
    await plan.ready();
    await expect.poll(async () => (await plan.elements()).length).toBe(demoElements.length);
    await expect(page.getByTestId('self-avatar')).toBeVisible();
    await expect(page.getByTestId('self-avatar')).toHaveAttribute('title', /^Visitor \d+ \(you/);

    // No editing: no usable drawing tools, the reason in words, and shortcuts change nothing.
    await expect(page.getByRole('toolbar', { name: 'Plan tools' }).getByRole('button', { name: 'Wall', exact: true, disabled: false })).toHaveCount(0);
    await expect(page.getByTestId('role-notice')).toHaveText('You are a viewer on this building: you can look around and select, but not edit.');
    await expect(building.addTestRoomButton).toBeDisabled();
    await page.keyboard.press('w');
    await plan.clickAt(0, 0);
    await plan.clickAt(3, 0);
    await page.keyboard.press('Escape');
    expect(await plan.elements()).toHaveLength(demoElements.length);

    // The visit opens that one building only: the list of buildings still asks to sign in.
    await page.goto('/buildings');
    await expect(page).toHaveURL(/\/login/);
    await context.close();
  });
});
