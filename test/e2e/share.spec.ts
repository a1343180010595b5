import { expect, test, type Browser } from '@playwright/test';
import { SignUpPage } from './pages/AuthPages';
import { BuildingPage } from './pages/BuildingPage';
import { BuildingsPage } from './pages/BuildingsPage';
import { SharePage } from './pages/SharePage';
import { uniqueEmail } from './pages/session';

const PASSWORD = 'a-good-long-password';

/** A new browser context (own cookies) with a freshly signed-up user. */
async function newUser(browser: Browser, name: string, email = uniqueEmail(name.split(' ')[0]!.toLowerCase())) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.signUp(name, email, PASSWORD);
  return { context, page, email };
}

test.describe('sharing a building', () => {
  test.describe.configure({ mode: 'serial' });

  let ownerPage: BuildingPage;
  let buildingId: string;

  test.beforeAll(async ({ browser }) => {
    const owner = await newUser(browser, 'Olive Owner');
    buildingId = await new BuildingsPage(owner.page).create('Acceptance Tower', '1 Test Street');
    ownerPage = new BuildingPage(owner.page);
    await ownerPage.open(buildingId);
    await expect(ownerPage.role).toHaveAttribute('data-role', 'owner');
    await ownerPage.waitUntilLive();
  });

  test('an invited commenter sees the building but cannot edit it: the UI is disabled and a forced update is dropped by the server', async ({ browser }) => {
    const commenterEmail = uniqueEmail('carla');
    await ownerPage.invite(commenterEmail, 'commenter');
    await expect(ownerPage.page.getByTestId('pending-invite').filter({ hasText: commenterEmail })).toBeVisible();

    const commenter = await newUser(browser, 'Carla Commenter', commenterEmail);
    const list = new BuildingsPage(commenter.page);
    await list.goto();
    await expect(list.card('Acceptance Tower')).toBeVisible();
    await expect(list.card('Acceptance Tower').getByTestId('building-role')).toHaveText('commenter');
    await list.card('Acceptance Tower').getByRole('link').click();

    const building = new BuildingPage(commenter.page);
    await expect(building.name).toHaveText('Acceptance Tower');
    await expect(building.role).toHaveAttribute('data-role', 'commenter');
    await building.waitUntilLive();
    await expect(building.addTestRoomButton).toBeDisabled();
    await expect(building.sharing).toHaveCount(0);

    // Control: an owner's write reaches the commenter.
    await ownerPage.forceAddress('Written by the owner');
    await expect.poll(async () => (await building.modelMeta()).address).toBe('Written by the owner');

    // A modified client writes anyway: the server must not apply or relay it.
    await building.forceAddress('Forced by the commenter');
    await ownerPage.page.waitForTimeout(2_000);
    expect((await ownerPage.modelMeta()).address, 'the owner must not receive the commenter’s forced write').toBe('Written by the owner');
    await commenter.page.reload();
    await building.waitUntilLive();
    await expect.poll(async () => (await building.modelMeta()).address, { message: 'after a reload the server state wins' }).toBe('Written by the owner');
    await commenter.context.close();
  });

  test('a viewer share link opens the building for a signed-in user, read-only', async ({ browser }) => {
    const url = await ownerPage.createShareLink('viewer');
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    const visitor = await newUser(browser, 'Vic Viewer');
    await visitor.page.goto(new URL(url).pathname);
    await expect(visitor.page).toHaveURL(new RegExp(`/buildings/${buildingId}$`));
    const building = new BuildingPage(visitor.page);
    await expect(building.role).toHaveAttribute('data-role', 'viewer');
    await building.waitUntilLive();
    await expect(building.addTestRoomButton).toBeDisabled();
    await visitor.context.close();
  });

  test('a link that allows guests opens the building under a chosen name', async ({ browser }) => {
    const url = await ownerPage.createShareLink('viewer', { allowGuests: true });
    const context = await browser.newContext();
    const share = new SharePage(await context.newPage());
    await share.open(url);
    await share.continueAsGuest('Guest Gus');
    const building = new BuildingPage(share.page);
    await expect(building.role).toHaveText('viewer · guest');
    await building.waitUntilLive();
    await expect(building.addTestRoomButton).toBeDisabled();
    await context.close();
  });

  test('a link without guests asks to sign in', async ({ browser }) => {
    const url = await ownerPage.createShareLink('viewer');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(new URL(url).pathname);
    await expect(page.getByText('This link is for people with an account.')).toBeVisible();
    expect((await page.goto(`/buildings/${buildingId}`))?.url()).toContain('/login');
    await context.close();
  });

  test('an expired link is refused in words', async ({ browser }) => {
    const response = await ownerPage.page.request.post(`/api/v1/buildings/${buildingId}/share-links`, {
      data: { role: 'viewer', expiresAt: new Date(Date.now() + 1_500).toISOString() },
    });
    expect(response.status()).toBe(201);
    const { url } = (await response.json()) as { url: string };
    const visitor = await newUser(browser, 'Eve Expired');
    await visitor.page.waitForTimeout(2_000);
    const share = new SharePage(visitor.page);
    await share.open(url);
    await share.expectRefused('expired', 'This link has expired');
    expect((await visitor.page.goto(`/buildings/${buildingId}`))?.status()).toBe(404);
    await visitor.context.close();
  });

  test('after revoke the link no longer opens the building', async ({ browser }) => {
    const url = await ownerPage.createShareLink('viewer');
    const visitor = await newUser(browser, 'Rita Revoked');
    await visitor.page.goto(new URL(url).pathname);
    await expect(visitor.page).toHaveURL(new RegExp(`/buildings/${buildingId}$`));

    await ownerPage.revokeNewestShareLink();

    expect((await visitor.page.goto(`/buildings/${buildingId}`))?.status()).toBe(404);
    const share = new SharePage(visitor.page);
    await share.open(url);
    await share.expectRefused('revoked', 'This link was revoked');
    expect((await visitor.page.request.get(`/api/collab-token?building=${buildingId}`)).status()).toBe(404);
    await visitor.context.close();
  });

  test('after revoke an open tab loses access (the collaboration server closes its connection)', async ({ browser }) => {
    const url = await ownerPage.createShareLink('viewer');
    const visitor = await newUser(browser, 'Tess Tab');
    await visitor.page.goto(new URL(url).pathname);
    const building = new BuildingPage(visitor.page);
    await building.waitUntilLive();

    await ownerPage.revokeNewestShareLink();

    await expect(visitor.page.getByTestId('access-removed'), 'the server closes the revoked link’s connection (POST /internal/revoke); the client then gets no new token and says access was removed').toBeVisible({ timeout: 15_000 });
    // And the edits of others stop reaching it.
    await ownerPage.forceAddress('After the revoke');
    await building.page.waitForTimeout(1_000);
    expect((await building.modelMeta()).address).not.toBe('After the revoke');
    await visitor.context.close();
  });
});
