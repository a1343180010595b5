import { expect, test } from '@playwright/test';
import { newBuilding, openAsInvitee } from './pages/editors';

test.describe('presence', () => {
  test('a toast names whoever joins and leaves; someone already there when the building opens gets none', async ({ browser }) => {
    // Two accounts, and a leave is told only after LEAVE_GRACE_MS (5 s) without any connection of theirs.
    test.setTimeout(90_000);
    const a = await newBuilding(browser, 'Toasts');
    const toastsA = a.page.getByTestId('presence-toast');
    await expect(toastsA).toHaveCount(0);

    // B (an account of its own) opens the building A has open. The name comes from B's account
    // (the collaboration server stamps it from the collab token).
    const b = await openAsInvitee(browser, a, 'Toby');
    const joined = toastsA.filter({ hasText: `${b.name} joined` });
    await expect(joined).toBeVisible();
    await expect(joined).toHaveText(`${b.name} joined`);
    await expect(a.plan.avatars.filter({ hasText: b.name })).toHaveCount(1);

    // A was there at B's first sync: B sees A in its avatar stack and no toast. usePresence sets
    // peers and toasts in the same read (one render), so once the avatar is drawn a toast would
    // be too: a one-shot count, as a retrying one would pass once a toast had timed out.
    await expect(b.plan.avatars.filter({ hasText: 'Demo User' })).toHaveCount(1);
    expect(await b.page.getByTestId('presence-toast').allTextContents()).toEqual([]);

    // A toast goes away by itself after a few seconds.
    await expect(joined).toHaveCount(0, { timeout: 10_000 });

    // B closes its page: A is told B left, and B is gone from A's avatar stack.
    await b.page.close();
    const left = toastsA.filter({ hasText: `${b.name} left` });
    await expect(left).toBeVisible();
    await expect(left).toHaveText(`${b.name} left`);
    await expect(a.plan.avatars.filter({ hasText: b.name })).toHaveCount(0);
    await a.context.close();
    await b.context.close();
  });
});
