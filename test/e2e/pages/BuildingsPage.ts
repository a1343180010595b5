import { expect, type Locator, type Page } from '@playwright/test';

/** `/buildings`: the list, create, rename, delete. */
export class BuildingsPage {
  readonly cards: Locator;
  readonly error: Locator;
  constructor(readonly page: Page) {
    this.cards = page.getByTestId('building-card');
    this.error = page.getByTestId('form-error');
  }

  async goto() {
    await this.page.goto('/buildings');
    await expect(this.page.getByRole('heading', { name: 'Buildings' })).toBeVisible();
  }

  card(name: string): Locator {
    return this.cards.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Creates a building and returns its id. */
  async create(name: string, address = ''): Promise<string> {
    const form = this.page.getByRole('form', { name: 'New building' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Address').fill(address);
    await form.getByRole('button', { name: 'Create building' }).click();
    await expect(this.card(name)).toBeVisible();
    return (await this.card(name).getAttribute('data-building-id'))!;
  }

  async rename(name: string, newName: string) {
    await this.card(name).getByRole('button', { name: 'Rename' }).click();
    await this.page.getByLabel('New name').fill(newName);
    await this.page.getByRole('button', { name: 'Save' }).click();
    await expect(this.card(newName)).toBeVisible();
  }

  /** Opens the delete confirmation; `confirm` false cancels it. */
  async delete(name: string, confirm = true) {
    await this.card(name).getByRole('button', { name: 'Delete' }).click();
    const dialog = this.page.getByRole('dialog', { name: `Delete ${name}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: confirm ? 'Delete building' : 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  }
}
