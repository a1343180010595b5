import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEFAULT_DEMO_PASSWORD, DEMO_EMAIL } from '../../../scripts/demoAccount';

/**
 * Signs in through next-auth's own endpoints (CSRF token, then the Credentials callback), as the
 * sign-in form does; the session cookie lands in the request context (a page's context shares it).
 */
export async function signInWithRequest(request: APIRequestContext, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', { form: { csrfToken, email, password, json: 'true' }, maxRedirects: 0 });
  expect(response.status(), 'credentials callback').toBeLessThan(400);
  const session = (await (await request.get('/api/auth/session')).json()) as { user?: { email?: string } };
  expect(session.user?.email, `signed in as ${email}`).toBe(email);
}

/** Signs the page's browser context in as the seeded demo user (owner of the demo building). */
export async function signInAsDemo(page: Page): Promise<void> {
  await signInWithRequest(page.request, DEMO_EMAIL, DEFAULT_DEMO_PASSWORD);
}

/** A unique email per test run, so reruns against the same database do not collide. */
export function uniqueEmail(name: string): string {
  return `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}
