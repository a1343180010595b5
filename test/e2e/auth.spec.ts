import { expect, test } from '@playwright/test';
import { LoginPage, signOut, SignUpPage } from './pages/AuthPages';
import { BuildingsPage } from './pages/BuildingsPage';
import { uniqueEmail } from './pages/session';

const PASSWORD = 'a-good-long-password';

test.describe('accounts', () => {
  test('sign up, sign out, sign in again; wrong password and taken email in words', async ({ page }) => {
    const email = uniqueEmail('ada');
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp('Ada Lovelace', email, PASSWORD);
    await expect(page).toHaveURL(/\/buildings$/);

    await signOut(page);

    const login = new LoginPage(page);
    await login.fill(email, 'not-the-password');
    await expect(login.error).toHaveText('Wrong email or password.');
    await login.signIn(email, 'Ada Lovelace', PASSWORD);

    await signOut(page);
    await signUp.goto();
    await signUp.fill('Someone Else', email, PASSWORD);
    await expect(signUp.error).toHaveText('An account with this email exists already. Sign in instead.');
    await signUp.fill('Someone Else', uniqueEmail('short'), 'short');
    await expect(signUp.error).toHaveText('Password must be at least 10 characters.');
  });

  test('sends signed-out visitors to sign in, and back where they were going', async ({ page }) => {
    const email = uniqueEmail('grace');
    await page.goto('/buildings');
    await expect(page).toHaveURL(/\/login\?callbackUrl=(%2F|\/)buildings$/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await new SignUpPage(page).signUp('Grace Hopper', email, PASSWORD);
    await expect(page).toHaveURL(/\/buildings$/);
  });

  test('rate-limits sign-in attempts per email with a clear message', async ({ page }) => {
    const email = uniqueEmail('limited');
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp('Limited Lin', email, PASSWORD);
    await signOut(page);
    const login = new LoginPage(page);
    for (let i = 0; i < 5; i++) {
      await login.fill(email, `wrong-password-${i}`);
      await expect(login.error).toHaveText('Wrong email or password.');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    }
    await login.fill(email, PASSWORD);
    await expect(login.error).toHaveText(/^Too many failed sign-in attempts for this email\. Try again in \d+ minutes\.$/);
  });

  test('creates, renames and deletes (after confirming) a building', async ({ page }) => {
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp('Bea Builder', uniqueEmail('bea'), PASSWORD);
    const list = new BuildingsPage(page);
    const id = await list.create('Workshop', '9 Mill Lane');
    await list.rename('Workshop', 'Big Workshop');
    await page.goto(`/buildings/${id}`);
    await expect(page.getByTestId('building-name')).toHaveText('Big Workshop');
    await list.goto();
    await list.delete('Big Workshop', false);
    await expect(list.card('Big Workshop')).toBeVisible();
    await list.delete('Big Workshop');
    await expect(list.card('Big Workshop')).toHaveCount(0);
    expect((await page.goto(`/buildings/${id}`))?.status()).toBe(404);
  });
});
