import { expect, test } from '@playwright/test';
import { decodeJwt } from 'jose';
import { DEMO_BUILDING_ID } from '../../scripts/demoBuilding';
import { signInAsDemo } from './pages/session';

test.describe('GET /api/collab-token', () => {
  test('answers 401 when signed out', async ({ request }) => {
    const response = await request.get(`/api/collab-token?building=${DEMO_BUILDING_ID}`);
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
  });

  test('mints a 5-minute token for the building with the caller’s role and where to connect', async ({ page }) => {
    await signInAsDemo(page);
    const request = page.request;
    const response = await request.get(`/api/collab-token?building=${DEMO_BUILDING_ID}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toContain('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ role: 'owner', docs: { model: `building/${DEMO_BUILDING_ID}/model`, review: `building/${DEMO_BUILDING_ID}/review` } });
    expect(body.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const claims = decodeJwt(body.token);
    expect(claims).toMatchObject({ building: DEMO_BUILDING_ID, role: 'owner', name: 'Demo User' });
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  test('answers a malformed building id with 400 and a message', async ({ page }) => {
    await signInAsDemo(page);
    const request = page.request;
    for (const query of ['', '?building=', '?building=../../etc', `?building=${'x'.repeat(65)}`]) {
      const response = await request.get(`/api/collab-token${query}`);
      expect(response.status(), query).toBe(400);
      expect((await response.json()).message).toMatch(/building/);
    }
  });

  test('answers an unknown building with 404', async ({ page }) => {
    await signInAsDemo(page);
    const request = page.request;
    const response = await request.get('/api/collab-token?building=nope');
    expect(response.status()).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
