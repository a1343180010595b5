/**
 * Issue #14 point 3 at the API level: every change of someone's role on a building closes their
 * live connections (the collaboration server answers 4401 and the client fetches a fresh token),
 * and the fresh token carries the new role. A lower role stops writing at once; a higher one can
 * edit without a reload. Setting the role someone already has closes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as collabToken from '@/app/api/collab-token/route';
import * as buildings from '@/app/api/v1/buildings/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import * as member from '@/app/api/v1/buildings/[id]/members/[userId]/route';
import { call, createUser, startApiHarness, type ApiHarness, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let friend: TestUser;
let buildingId: string;

beforeAll(async () => {
  h = await startApiHarness();
  [owner, friend] = await Promise.all([createUser(h.prisma, 'Olga'), createUser(h.prisma, 'Eddie')]);
  const created = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name: 'Role Tower' } });
  buildingId = (created.json!.building as { id: string }).id;
});
afterAll(() => h?.teardown());

const setRole = (role: string) => call(members.PUT, 'PUT', `/api/v1/buildings/${buildingId}/members`, { id: buildingId }, { as: owner, body: { email: friend.email, role } });
const tokenFor = (user: TestUser) => call(collabToken.GET, 'GET', `/api/collab-token?building=${buildingId}`, {}, { as: user });

describe('a change of role on a building', () => {
  it('closes the person’s live connections when raised, and the fresh token carries the higher role', async () => {
    expect((await setRole('viewer')).status).toBe(200);
    expect((await tokenFor(friend)).json).toMatchObject({ role: 'viewer' });
    h.revocations.length = 0;
    expect((await setRole('editor')).status).toBe(200);
    expect(h.revocations).toEqual([{ body: { building: buildingId, user: friend.id }, authorized: true }]);
    expect((await tokenFor(friend)).json).toMatchObject({ role: 'editor' });
  });

  it('closes them when lowered, and the fresh token carries the lower role', async () => {
    h.revocations.length = 0;
    expect((await setRole('viewer')).status).toBe(200);
    expect(h.revocations).toEqual([{ body: { building: buildingId, user: friend.id }, authorized: true }]);
    expect((await tokenFor(friend)).json).toMatchObject({ role: 'viewer' });
  });

  it('closes nothing when the role stays the same', async () => {
    h.revocations.length = 0;
    expect((await setRole('viewer')).status).toBe(200);
    expect(h.revocations).toEqual([]);
  });

  it('refuses a token (404) once the person is removed, which the client shows as access removed', async () => {
    h.revocations.length = 0;
    expect((await call(member.DELETE, 'DELETE', `/api/v1/buildings/${buildingId}/members/${friend.id}`, { id: buildingId, userId: friend.id }, { as: owner })).status).toBe(200);
    expect(h.revocations).toHaveLength(1);
    expect((await tokenFor(friend)).status).toBe(404);
  });
});
