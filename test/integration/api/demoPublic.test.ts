/**
 * The public demo (issue #14 point 12): `/demo` lets someone who is not signed in look at the
 * seeded demo building as a guest viewer, through the demo's public share link, and grants
 * nothing beyond viewing that one building.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as demo from '@/app/demo/route';
import * as collabToken from '@/app/api/collab-token/route';
import * as buildings from '@/app/api/v1/buildings/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import { DEMO_PUBLIC_BUILDING_ID, DEMO_PUBLIC_LINK_ID } from '@/app/_lib/demoLink';
import { verifyCollabToken } from '@/lib/auth/collabToken';
import { DEMO_BUILDING_ID } from '@/scripts/demoBuilding';
import { seedDemo } from '@/scripts/seed';
import { call, createUser, makeRequest, SECRET, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness();
  expect(await seedDemo(process.env.DATABASE_URL!)).toBe(DEMO_BUILDING_ID);
});
afterAll(() => h?.teardown());

async function openDemo(cookies: string[] = []) {
  const response = await demo.GET(makeRequest('GET', '/demo', { cookies }));
  return { status: response.status, location: response.headers.get('location'), cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

describe('/demo, the public read-only demo building', () => {
  it('the seed makes a public viewer link on the demo building, once', async () => {
    expect(DEMO_PUBLIC_BUILDING_ID).toBe(DEMO_BUILDING_ID);
    expect(await h.prisma.shareLink.findUnique({ where: { id: DEMO_PUBLIC_LINK_ID } })).toMatchObject({ buildingId: DEMO_BUILDING_ID, role: 'viewer', allowGuests: true, revokedAt: null });
    expect(await seedDemo(process.env.DATABASE_URL!)).toBeNull();
    expect(await h.prisma.shareLink.count({ where: { buildingId: DEMO_BUILDING_ID } })).toBe(1);
  });

  it('opens the demo building for someone signed out as a guest viewer, not as the demo account', async () => {
    const opened = await openDemo();
    expect(opened).toMatchObject({ status: 303, location: `/buildings/${DEMO_BUILDING_ID}` });
    const token = await call(collabToken.GET, 'GET', `/api/collab-token?building=${DEMO_BUILDING_ID}`, {}, { cookies: [opened.cookie!] });
    expect(token.status).toBe(200);
    expect(token.json).toMatchObject({ role: 'viewer' });
    const claims = await verifyCollabToken(String(token.json!.token), SECRET);
    expect(claims.ok && claims.value).toMatchObject({ role: 'viewer', link: DEMO_PUBLIC_LINK_ID, sub: expect.stringMatching(/^guest:/), name: expect.stringMatching(/^Visitor \d+$/) });
  });

  it('grants nothing beyond viewing that one building', async () => {
    const { cookie } = await openDemo();
    const owner = await createUser(h.prisma, 'Nora');
    const created = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name: 'Private Tower' } });
    const privateId = (created.json!.building as { id: string }).id;
    expect((await call(collabToken.GET, 'GET', `/api/collab-token?building=${privateId}`, {}, { cookies: [cookie!] })).status).toBe(401);
    expect((await call(members.GET, 'GET', `/api/v1/buildings/${DEMO_BUILDING_ID}/members`, { id: DEMO_BUILDING_ID }, { cookies: [cookie!] })).status).toBe(401);
    expect((await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { cookies: [cookie!], body: { name: 'Not mine' } })).status).toBe(401);
  });

  it('a revoked demo link opens nothing: /demo goes back to the landing page and its cookies stop working', async () => {
    const { cookie } = await openDemo();
    await h.prisma.shareLink.update({ where: { id: DEMO_PUBLIC_LINK_ID }, data: { revokedAt: new Date() } });
    expect(await openDemo()).toMatchObject({ status: 303, location: '/?demo=unavailable', cookie: undefined });
    expect((await call(collabToken.GET, 'GET', `/api/collab-token?building=${DEMO_BUILDING_ID}`, {}, { cookies: [cookie!] })).status).toBe(404);
  });
});
