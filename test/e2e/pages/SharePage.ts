import { expect, type Locator, type Page } from '@playwright/test';

/** `/s/<token>`: a share link, as someone who received it sees it. */
export class SharePage {
  readonly refused: Locator;
  constructor(readonly page: Page) {
    this.refused = page.getByTestId('share-refused');
  }

  async open(url: string) {
    await this.page.goto(new URL(url).pathname);
  }

  async continueAsGuest(name: string) {
    const form = this.page.getByRole('form', { name: 'Continue as a guest' });
    await form.getByLabel('Your name').fill(name);
    await form.getByRole('button', { name: 'Continue as a guest' }).click();
  }

  async expectRefused(reason: 'not_found' | 'expired' | 'revoked' | 'building_deleted', heading: string) {
    await expect(this.refused).toHaveAttribute('data-reason', reason);
    await expect(this.page.getByRole('heading', { name: heading })).toBeVisible();
  }
}
