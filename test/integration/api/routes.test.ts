/**
 * Every route handler against the access rules: signed out -> 401, another organization's
 * building or organization -> 404 (no IDOR), a role below the route's minimum -> 403, a malformed
 * body -> 400 with a zod message. Handlers are imported and called directly on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as collabToken from '@/app/api/collab-token/route';
import * as buildings from '@/app/api/v1/buildings/route';
import * as building from '@/app/api/v1/buildings/[id]/route';
import * as buildingInvite from '@/app/api/v1/buildings/[id]/invites/[inviteId]/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import * as member from '@/app/api/v1/buildings/[id]/members/[userId]/route';
import * as shareLinks from '@/app/api/v1/buildings/[id]/share-links/route';
import * as shareLink from '@/app/api/v1/buildings/[id]/share-links/[linkId]/route';
import * as orgs from '@/app/api/v1/orgs/route';
import * as orgInvites from '@/app/api/v1/orgs/[orgId]/invites/route';
import * as orgInvite from '@/app/api/v1/orgs/[orgId]/invites/[inviteId]/route';
import * as orgMembers from '@/app/api/v1/orgs/[orgId]/members/route';
import * as orgMember from '@/app/api/v1/orgs/[orgId]/members/[userId]/route';
import * as signup from '@/app/api/v1/auth/signup/route';
import type { BuildingRole } from '@/lib/auth/roles';
import { call, createUser, startApiHarness, type ApiHarness, type TestUser } from './harness';

let h: ApiHarness;
let alice: TestUser; // owner of org A (and so of building A1)
let mike: TestUser; // plain member of org A (editor of A1 by inheritance)
let erin: TestUser; // editor of A1 (per-building role, not in org A)
let carl: TestUser; // commenter of A1
let vera: TestUser; // viewer of A1
let mallory: TestUser; // another organization entirely
let orgA: string;
let orgM: string;
let a1: string;
let m1: string;
let linkA1: string;
let inviteA1: string;
let orgInviteA: string;

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

beforeAll(async () => {
  h = await startApiHarness();
  [alice, mike, erin, carl, vera, mallory] = (await Promise.all(['Alice', 'Mike', 'Erin', 'Carl', 'Vera', 'Mallory'].map((n) => createUser(h.prisma, n)))) as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
  orgA = (await h.prisma.membership.findFirstOrThrow({ where: { userId: alice.id } })).orgId;
  orgM = (await h.prisma.membership.findFirstOrThrow({ where: { userId: mallory.id } })).orgId;
  await h.prisma.membership.create({ data: { orgId: orgA, userId: mike.id, role: 'member' } });

  const createdA = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: alice, body: { name: 'A1', address: '1 A Street' } });
  const createdM = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: mallory, body: { name: 'M1' } });
  expect(createdA.status).toBe(201);
  expect(createdM.status).toBe(201);
  a1 = (createdA.json!.building as { id: string }).id;
  m1 = (createdM.json!.building as { id: string }).id;
  for (const [user, role] of [[erin, 'editor'], [carl, 'commenter'], [vera, 'viewer']] as const) {
    await h.prisma.buildingMember.create({ data: { buildingId: a1, userId: user.id, role } });
  }
  const link = await call(shareLinks.POST, 'POST', `/api/v1/buildings/${a1}/share-links`, { id: a1 }, { as: alice, body: { role: 'viewer', expiresAt: inAnHour() } });
  linkA1 = (link.json!.link as { id: string }).id;
  const invite = await call(members.PUT, 'PUT', `/api/v1/buildings/${a1}/members`, { id: a1 }, { as: alice, body: { email: 'nobody-yet@example.com', role: 'viewer' } });
  inviteA1 = (invite.json!.invite as { id: string }).id;
  const orgInviteRes = await call(orgInvites.POST, 'POST', `/api/v1/orgs/${orgA}/invites`, { orgId: orgA }, { as: alice, body: { email: 'later@example.com', role: 'member' } });
  orgInviteA = (orgInviteRes.json!.invite as { id: string }).id;
});

afterAll(() => h?.teardown());

/** A building route: path and params for a building id. */
interface BuildingRoute {
  name: string;
  handler: unknown;
  method: string;
  path: (id: string) => string;
  params: (id: string) => Record<string, string>;
  minimum: BuildingRole;
  valid?: () => unknown;
  malformed?: { body: unknown; message: RegExp };
}

const ROLE_BELOW: Record<BuildingRole, BuildingRole | null> = { owner: 'editor', editor: 'commenter', commenter: 'viewer', viewer: null };
const userWithRole = (role: BuildingRole) => ({ owner: alice, editor: erin, commenter: carl, viewer: vera })[role];

const buildingRoutes = (): BuildingRoute[] => [
  { name: 'GET /api/v1/buildings/:id', handler: building.GET, method: 'GET', path: (id) => `/api/v1/buildings/${id}`, params: (id) => ({ id }), minimum: 'viewer' },
  {
    name: 'PATCH /api/v1/buildings/:id',
    handler: building.PATCH,
    method: 'PATCH',
    path: (id) => `/api/v1/buildings/${id}`,
    params: (id) => ({ id }),
    minimum: 'editor',
    valid: () => ({ name: 'Renamed' }),
    malformed: { body: { name: 42 }, message: /name: .*expected string/i },
  },
  { name: 'DELETE /api/v1/buildings/:id', handler: building.DELETE, method: 'DELETE', path: (id) => `/api/v1/buildings/${id}`, params: (id) => ({ id }), minimum: 'owner' },
  { name: 'GET /api/v1/buildings/:id/members', handler: members.GET, method: 'GET', path: (id) => `/api/v1/buildings/${id}/members`, params: (id) => ({ id }), minimum: 'owner' },
  {
    name: 'PUT /api/v1/buildings/:id/members',
    handler: members.PUT,
    method: 'PUT',
    path: (id) => `/api/v1/buildings/${id}/members`,
    params: (id) => ({ id }),
    minimum: 'owner',
    valid: () => ({ email: 'someone@example.com', role: 'viewer' }),
    malformed: { body: { email: 'not-an-email', role: 'god' }, message: /email: email must be an email address; role: role must be one of owner, editor, commenter, viewer/ },
  },
  { name: 'DELETE /api/v1/buildings/:id/members/:userId', handler: member.DELETE, method: 'DELETE', path: (id) => `/api/v1/buildings/${id}/members/${vera.id}`, params: (id) => ({ id, userId: vera.id }), minimum: 'owner' },
  { name: 'DELETE /api/v1/buildings/:id/invites/:inviteId', handler: buildingInvite.DELETE, method: 'DELETE', path: (id) => `/api/v1/buildings/${id}/invites/${inviteA1}`, params: (id) => ({ id, inviteId: inviteA1 }), minimum: 'owner' },
  { name: 'GET /api/v1/buildings/:id/share-links', handler: shareLinks.GET, method: 'GET', path: (id) => `/api/v1/buildings/${id}/share-links`, params: (id) => ({ id }), minimum: 'owner' },
  {
    name: 'POST /api/v1/buildings/:id/share-links',
    handler: shareLinks.POST,
    method: 'POST',
    path: (id) => `/api/v1/buildings/${id}/share-links`,
    params: (id) => ({ id }),
    minimum: 'owner',
    valid: () => ({ role: 'viewer', expiresAt: inAnHour() }),
    malformed: { body: { role: 'owner', expiresAt: 'tomorrow' }, message: /role: a share link cannot grant owner; expiresAt: expiresAt must be an ISO date-time/ },
  },
  {
    name: 'PATCH /api/v1/buildings/:id/share-links/:linkId',
    handler: shareLink.PATCH,
    method: 'PATCH',
    path: (id) => `/api/v1/buildings/${id}/share-links/${linkA1}`,
    params: (id) => ({ id, linkId: linkA1 }),
    minimum: 'owner',
    valid: () => ({ role: 'viewer' }),
    malformed: { body: { expiresAt: '2000-01-01T00:00:00Z' }, message: /expiresAt: expiresAt must be in the future/ },
  },
  { name: 'DELETE /api/v1/buildings/:id/share-links/:linkId', handler: shareLink.DELETE, method: 'DELETE', path: (id) => `/api/v1/buildings/${id}/share-links/${linkA1}`, params: (id) => ({ id, linkId: linkA1 }), minimum: 'owner' },
  { name: 'GET /api/collab-token', handler: collabToken.GET, method: 'GET', path: (id) => `/api/collab-token?building=${id}`, params: () => ({}), minimum: 'viewer' },
];

describe.each(buildingRoutes().map((r) => [r.name, r] as const))('%s', (_name, route) => {
  const send = (user: TestUser | null, id: string, body?: unknown) => call(route.handler, route.method, route.path(id), route.params(id), { as: user, body: body ?? route.valid?.() });

  it('answers 401 when signed out', async () => {
    const response = await send(null, a1);
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: 'unauthorized' });
  });

  it("answers 404 for another organization's building (no IDOR)", async () => {
    const response = await send(mallory, a1);
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ error: 'not_found' });
    // ... and the same for the owner of A1 asking about M1.
    expect((await send(alice, m1)).status).toBe(404);
  });

  it('answers 404 for a building id that does not exist or is malformed', async () => {
    expect((await send(alice, 'no-such-building')).status).toBe(404);
  });

  const below = ROLE_BELOW[route.minimum];
  if (below) {
    it(`answers 403 to the ${below} (the route needs ${route.minimum})`, async () => {
      const response = await send(userWithRole(below), a1);
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({ error: 'forbidden' });
      expect(String(response.json!.message)).toContain(route.minimum);
    });
  }

  if (route.malformed) {
    const { body, message } = route.malformed;
    it('answers 400 with a zod message for a malformed body', async () => {
      const response = await send(alice, a1, body);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: 'bad_request' });
      expect(String(response.json!.message)).toMatch(message);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await call(route.handler, route.method, route.path(a1), route.params(a1), { as: alice, rawBody: '{"name":' });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: 'bad_request', message: 'body: must be JSON' });
    });
  }

  if (route.method !== 'GET') {
    it('refuses a cross-site request with 403', async () => {
      const response = await call(route.handler, route.method, route.path(a1), route.params(a1), { as: alice, body: route.valid?.(), headers: { origin: 'https://evil.example' } });
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({ error: 'forbidden', message: 'cross-site request refused' });
    });
  }
});

interface OrgRoute {
  name: string;
  handler: unknown;
  method: string;
  path: (orgId: string) => string;
  params: (orgId: string) => Record<string, string>;
  manage: boolean;
  valid?: () => unknown;
  malformed?: { body: unknown; message: RegExp };
}

const orgRoutes = (): OrgRoute[] => [
  { name: 'GET /api/v1/orgs/:orgId/members', handler: orgMembers.GET, method: 'GET', path: (o) => `/api/v1/orgs/${o}/members`, params: (orgId) => ({ orgId }), manage: false },
  {
    name: 'PATCH /api/v1/orgs/:orgId/members/:userId',
    handler: orgMember.PATCH,
    method: 'PATCH',
    path: (o) => `/api/v1/orgs/${o}/members/${mike.id}`,
    params: (orgId) => ({ orgId, userId: mike.id }),
    manage: true,
    valid: () => ({ role: 'member' }),
    malformed: { body: { role: 'emperor' }, message: /role: role must be one of owner, admin, member/ },
  },
  { name: 'DELETE /api/v1/orgs/:orgId/members/:userId', handler: orgMember.DELETE, method: 'DELETE', path: (o) => `/api/v1/orgs/${o}/members/${mike.id}`, params: (orgId) => ({ orgId, userId: mike.id }), manage: true },
  { name: 'GET /api/v1/orgs/:orgId/invites', handler: orgInvites.GET, method: 'GET', path: (o) => `/api/v1/orgs/${o}/invites`, params: (orgId) => ({ orgId }), manage: true },
  {
    name: 'POST /api/v1/orgs/:orgId/invites',
    handler: orgInvites.POST,
    method: 'POST',
    path: (o) => `/api/v1/orgs/${o}/invites`,
    params: (orgId) => ({ orgId }),
    manage: true,
    valid: () => ({ email: 'new@example.com', role: 'member' }),
    malformed: { body: { email: 'x', role: 'member', extra: 1 }, message: /email: email must be an email address/ },
  },
  { name: 'DELETE /api/v1/orgs/:orgId/invites/:inviteId', handler: orgInvite.DELETE, method: 'DELETE', path: (o) => `/api/v1/orgs/${o}/invites/${orgInviteA}`, params: (orgId) => ({ orgId, inviteId: orgInviteA }), manage: true },
];

describe.each(orgRoutes().map((r) => [r.name, r] as const))('%s', (_name, route) => {
  const send = (user: TestUser | null, orgId: string, body?: unknown) => call(route.handler, route.method, route.path(orgId), route.params(orgId), { as: user, body: body ?? route.valid?.() });

  it('answers 401 when signed out', async () => {
    expect((await send(null, orgA)).status).toBe(401);
  });

  it("answers 404 for another organization (no IDOR)", async () => {
    expect((await send(mallory, orgA)).status).toBe(404);
    expect((await send(alice, orgM)).status).toBe(404);
  });

  if (route.manage) {
    it('answers 403 to a plain member', async () => {
      const response = await send(mike, orgA);
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({ error: 'forbidden' });
    });
  }

  if (route.malformed) {
    const { body, message } = route.malformed;
    it('answers 400 with a zod message for a malformed body', async () => {
      const response = await send(alice, orgA, body);
      expect(response.status).toBe(400);
      expect(String(response.json!.message)).toMatch(message);
    });
  }
});

describe('routes without a building or organization in the path', () => {
  it('GET /api/v1/buildings: 401 signed out; lists only what I can access', async () => {
    expect((await call(buildings.GET, 'GET', '/api/v1/buildings', {})).status).toBe(401);
    const mine = await call(buildings.GET, 'GET', '/api/v1/buildings', {}, { as: mallory });
    expect((mine.json!.buildings as { id: string }[]).map((b) => b.id)).toEqual([m1]);
    const carls = await call(buildings.GET, 'GET', '/api/v1/buildings', {}, { as: carl });
    expect(carls.json!.buildings).toEqual([expect.objectContaining({ id: a1, role: 'commenter' })]);
  });

  it("POST /api/v1/buildings: 401 signed out, 400 malformed, 404 for another organization's id", async () => {
    expect((await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { body: { name: 'x' } })).status).toBe(401);
    const malformed = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: alice, body: { name: '', address: 7 } });
    expect(malformed.status).toBe(400);
    expect(malformed.json!.message).toMatch(/name: name is required; address: .*expected string/i);
    const foreign = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: alice, body: { name: 'Sneaky', orgId: orgM } });
    expect(foreign.status).toBe(404);
    expect(await h.prisma.building.count({ where: { name: 'Sneaky' } })).toBe(0);
  });

  it('GET and POST /api/v1/orgs: 401 signed out, 400 malformed', async () => {
    expect((await call(orgs.GET, 'GET', '/api/v1/orgs', {})).status).toBe(401);
    expect((await call(orgs.POST, 'POST', '/api/v1/orgs', {}, { body: { name: 'x' } })).status).toBe(401);
    const malformed = await call(orgs.POST, 'POST', '/api/v1/orgs', {}, { as: alice, body: { name: '' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json!.message).toBe('name: name is required');
    const listed = await call(orgs.GET, 'GET', '/api/v1/orgs', {}, { as: mike });
    expect(listed.json!.orgs).toEqual(expect.arrayContaining([expect.objectContaining({ id: orgA, role: 'member' })]));
  });

  it('POST /api/v1/auth/signup (public): 400 with a zod message for a malformed body', async () => {
    const response = await call(signup.POST, 'POST', '/api/v1/auth/signup', {}, { body: { email: 'nope', name: '', password: 'short' } });
    expect(response.status).toBe(400);
    expect(response.json!.message).toBe('email: email must be an email address; name: name is required; password: password must be at least 10 characters');
  });

  it('GET /api/collab-token: 400 with a message for a malformed building id', async () => {
    for (const query of ['', '?building=', '?building=../../etc', `?building=${'x'.repeat(65)}`]) {
      const response = await call(collabToken.GET, 'GET', `/api/collab-token${query}`, {}, { as: alice });
      expect(response.status, query).toBe(400);
      expect(response.json!.message).toMatch(/building/);
    }
  });
});
