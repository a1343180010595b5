/**
 * The building page's data (app/_lib/loadBuildingPage.ts): Next.js asks for the title and the
 * page in one request, and only the page may load the model document. The access check is stubbed
 * (it reads next/headers, which exist only inside a Next.js request); the building, its row and
 * its document are real.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildingAccessResult } from '@/app/_lib/buildingAccess';
import { buildingPageTitle, loadBuildingPage } from '@/app/_lib/loadBuildingPage';
import { migrateDoc } from '@/lib/doc';
import * as buildings from '@/app/api/v1/buildings/route';
import { call, createUser, startApiHarness, type ApiHarness, type TestUser } from './harness';

const access = vi.hoisted(() => ({ result: null as BuildingAccessResult | null }));
vi.mock('@/app/_lib/buildingAccess', () => ({ buildingAccess: vi.fn(async () => access.result) }));
vi.mock('@/lib/doc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/doc')>();
  return { ...actual, migrateDoc: vi.fn(actual.migrateDoc) };
});

let h: ApiHarness;
let owner: TestUser;
let buildingId: string;

beforeAll(async () => {
  h = await startApiHarness();
  owner = await createUser(h.prisma, 'Paula');
  const created = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name: 'Pier Tower', address: '9 Quay' } });
  expect(created.status).toBe(201);
  buildingId = (created.json!.building as { id: string }).id;
});
afterAll(() => h?.teardown());

beforeEach(() => {
  vi.mocked(migrateDoc).mockClear();
  const user = { id: owner.id, name: owner.name, email: owner.email };
  access.result = { ok: true, user, value: { principal: { id: owner.id, name: owner.name, guest: false }, role: 'owner' } };
});

describe('the building page', () => {
  it('loads and migrates the model document once per request: the title reads only the row', async () => {
    const title = await buildingPageTitle(buildingId);
    const page = await loadBuildingPage(buildingId);
    expect(title).toBe('Pier Tower');
    expect(page).toMatchObject({ state: 'ok', access: { role: 'owner' }, building: { name: 'Pier Tower', address: '9 Quay', snapshot: expect.anything() } });
    expect(migrateDoc).toHaveBeenCalledTimes(1);
  });

  it('sends a visitor with no session and no share cookie to sign in, and gives away no title', async () => {
    access.result = { ok: false, user: null, hasShareCookie: false };
    expect(await buildingPageTitle(buildingId)).toBe('Building');
    expect(await loadBuildingPage(buildingId)).toEqual({ state: 'sign-in' });
    expect(migrateDoc).not.toHaveBeenCalled();
  });

  it('answers 404 to a signed-in visitor without access, and for a deleted building', async () => {
    access.result = { ok: false, user: { id: owner.id, name: owner.name, email: owner.email }, hasShareCookie: false };
    expect(await loadBuildingPage(buildingId)).toEqual({ state: 'not-found' });
    access.result = { ok: true, user: null, value: { principal: { id: 'guest:1', name: 'G', guest: true }, role: 'viewer', linkId: 'l1' } };
    await h.prisma.building.update({ where: { id: buildingId }, data: { deletedAt: new Date() } });
    try {
      expect(await buildingPageTitle(buildingId)).toBe('Building not found');
      expect(await loadBuildingPage(buildingId)).toEqual({ state: 'not-found' });
    } finally {
      await h.prisma.building.update({ where: { id: buildingId }, data: { deletedAt: null } });
    }
  });
});
