import { expect, type Locator, type Page } from '@playwright/test';

/** `/signup`. */
export class SignUpPage {
  readonly error: Locator;
  constructor(readonly page: Page) {
    this.error = page.getByTestId('form-error');
  }

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/signup');
    await expect(this.page.getByRole('heading', { name: 'Create your ArxOS account' })).toBeVisible();
  }

  async fill(name: string, email: string, password: string) {
    await this.page.getByLabel('Name').fill(name);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  /** Signs up and waits until the app shows the new user as signed in. */
  async signUp(name: string, email: string, password: string) {
    await this.fill(name, email, password);
    await expect(this.page.getByTestId('signed-in-as')).toHaveText(name);
  }
}

/** `/login`. */
export class LoginPage {
  readonly error: Locator;
  constructor(readonly page: Page) {
    this.error = page.getByTestId('form-error');
  }

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/login');
    await expect(this.page.getByRole('heading', { name: 'Sign in to ArxOS' })).toBeVisible();
  }

  async fill(email: string, password: string) {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async signIn(email: string, name: string, password: string) {
    await this.fill(email, password);
    await expect(this.page.getByTestId('signed-in-as')).toHaveText(name);
  }
}

/** Signs out through the header button and waits for the sign-in page it lands on. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in to ArxOS' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
}
