import { expect, test, type Page } from '@playwright/test';
import { openAsInvitee } from './pages/editors';
import { newOwnerBuilding, openLiveBuilding } from './pages/people';
import { PlanTools } from './pages/PlanTools';

/** The Wall tool as someone who may use it sees it: present and enabled. */
const usableWallTool = (page: Page) => page.getByRole('toolbar', { name: 'Plan tools' }).getByRole('button', { name: 'Wall', exact: true, disabled: false });

/** Join/leave notices shown on the page now. */
const presenceNotices = (page: Page) => page.getByTestId('presence-toast').allTextContents();

test.describe('access changes show live (issue #14 point 3)', () => {
  test('an owner downgrades, upgrades and removes an editor: the editor’s role, tools and page follow without a reload', async ({ browser }) => {
    // Two fresh accounts, an invite and three changes of access: longer than one page's worth.
    test.setTimeout(120_000);
    const owner = await newOwnerBuilding(browser, 'Olga', 'Access Tower');
    const editor = await openAsInvitee(browser, owner, 'Eddie', 'editor');
    await editor.plan.scrollIntoView();
    await editor.plan.setCamera({ x: 3, y: 2, zoom: 50 });
    await expect(editor.building.role).toHaveAttribute('data-role', 'editor');
    await expect(usableWallTool(editor.page)).toHaveCount(1);
    await expect(owner.plan.avatars.filter({ hasText: editor.name })).toHaveCount(1);
    await expect(owner.page.getByTestId('presence-toast').filter({ hasText: `${editor.name} joined` })).toHaveCount(0, { timeout: 10_000 });

    // Downgrade to viewer: the editor's badge says viewer, the editing tools go, with the reason in words.
    await owner.building.invite(editor.email, 'viewer');
    await expect(editor.building.role).toHaveAttribute('data-role', 'viewer');
    await expect(editor.page.getByTestId('role-notice')).toHaveText('Your role on this building was changed to viewer: you can look around and select, but not edit.');
    await expect(usableWallTool(editor.page)).toHaveCount(0);
    await editor.building.waitUntilLive();
    // Nothing can be drawn any more (the shortcut and clicks change nothing in the local model).
    await editor.plan.scrollIntoView();
    await editor.page.keyboard.press('w');
    await editor.plan.clickAt(0, 0);
    await editor.plan.clickAt(4, 0);
    await editor.page.keyboard.press('Escape');
    expect(await editor.plan.elements('wall')).toEqual([]);
    // The editor's reconnect is no one leaving or joining, for either of them.
    await expect(owner.plan.avatars.filter({ hasText: editor.name })).toHaveCount(1);
    expect(await presenceNotices(owner.page)).toEqual([]);
    expect(await presenceNotices(editor.page)).toEqual([]);

    // Upgrade back to editor: the tools come back and a wall drawn reaches the owner.
    await owner.building.invite(editor.email, 'editor');
    await expect(editor.building.role).toHaveAttribute('data-role', 'editor');
    await expect(usableWallTool(editor.page)).toHaveCount(1);
    await editor.building.waitUntilLive();
    await editor.plan.scrollIntoView();
    await editor.plan.drawWalls([
      [0, 0],
      [4, 0],
    ]);
    await expect.poll(async () => (await owner.plan.elements('wall')).length).toBe(1);
    expect(await editor.plan.elements('wall')).toHaveLength(1);

    // Removed: a clear page over the building, in words, with the way back.
    await owner.building.openSharing();
    await owner.page.getByTestId('member').filter({ hasText: editor.email }).getByRole('button', { name: 'Remove' }).click();
    const removed = editor.page.getByTestId('access-removed');
    await expect(removed).toBeVisible();
    await expect(removed.getByRole('heading')).toHaveText(`Your access to ${owner.buildingName} was removed`);
    await expect(removed.getByRole('link', { name: 'Go to your buildings' })).toHaveAttribute('href', '/buildings');
    await expect(editor.page.getByText(/no building|may have been deleted/)).toHaveCount(0);
    expect((await presenceNotices(editor.page)).filter((t) => t.includes(editor.name))).toEqual([]);

    // After a reload: the same clear words, never "may have been deleted".
    const response = await editor.page.reload();
    expect(response?.status()).toBe(404);
    await expect(editor.page.getByRole('heading', { name: 'You do not have access to this building' })).toBeVisible();
    await expect(editor.page.getByText('(or it does not exist)')).toBeVisible();
    await expect(editor.page.getByRole('link', { name: 'Go to your buildings' })).toBeVisible();
    await expect(editor.page.getByText(/may have been deleted/)).toHaveCount(0);

    await owner.context.close();
    await editor.context.close();
  });
});

test.describe('one person in two tabs (issue #14 point 10)', () => {
  test('is one avatar to someone else, and following them follows their most recently active tab', async ({ browser }) => {
    test.setTimeout(120_000);
    const owner = await newOwnerBuilding(browser, 'Tabitha', 'Tabs Tower');
    const other = await openAsInvitee(browser, owner, 'Otto', 'viewer');
    // The owner opens the same building in a second tab of the same browser.
    const second = await openLiveBuilding(owner.context, await owner.context.newPage(), owner.id);
    const secondPlan = new PlanTools(second.page);

    const ownerAvatar = other.plan.avatars.filter({ hasText: owner.name });
    await expect.poll(async () => (await other.plan.peers()).filter((p) => p.user.name === owner.name).length).toBe(2);
    await expect(ownerAvatar).toHaveCount(1);
    await expect(ownerAvatar).toHaveAttribute('data-tabs', '2');
    await expect(other.plan.avatars).toHaveCount(1);
    // The owner's own other tab is not someone else to the owner.
    await expect(secondPlan.avatars).toHaveCount(1);
    await expect(secondPlan.avatars.filter({ hasText: other.name })).toHaveCount(1);
    await expect(second.page.getByTestId('self-avatar')).toHaveAttribute('data-tabs', '2');
    expect((await presenceNotices(owner.page)).filter((t) => t.includes(owner.name))).toEqual([]);

    // The second tab is the one in use: following the owner follows it.
    await secondPlan.scrollIntoView();
    await secondPlan.hover(1, 1);
    await secondPlan.hover(2, 1);
    const secondClient = await secondPlan.clientId();
    await ownerAvatar.click();
    await expect.poll(() => other.plan.following()).toBe(secondClient);
    // Then the first tab is used: following moves to it.
    await owner.plan.scrollIntoView();
    await owner.plan.hover(1, 1);
    await owner.plan.hover(2, 2);
    const firstClient = await owner.plan.clientId();
    await expect.poll(() => other.plan.following()).toBe(firstClient);

    await owner.context.close();
    await other.context.close();
  });
});
