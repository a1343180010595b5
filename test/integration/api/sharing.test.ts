/**
 * Share links, members and collab tokens end to end at the API level: who gets a token with
 * which role, and that revoking or downgrading both tells the collaboration server to close live
 * connections and makes tokens minted before the change useless ("replayed after revoke").
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as collabToken from '@/app/api/collab-token/route';
import * as buildings from '@/app/api/v1/buildings/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import * as member from '@/app/api/v1/buildings/[id]/members/[userId]/route';
import * as shareLinks from '@/app/api/v1/buildings/[id]/share-links/route';
import * as shareLink from '@/app/api/v1/buildings/[id]/share-links/[linkId]/route';
import * as openLink from '@/app/s/[token]/open/route';
import { authorizeCollabClaims } from '@/lib/auth/collabGrant';
import { verifyCollabToken, type CollabClaims } from '@/lib/auth/collabToken';
import { isShareLinkActive } from '@/lib/auth/shareLinks';
import { mintShareGrant, shareCookieName } from '@/lib/auth/shareGrant';
import { call, createUser, makeRequest, SECRET, startApiHarness, type ApiHarness, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let friend: TestUser;
let stranger: TestUser;
let buildingId: string;
let otherBuildingId: string;

beforeAll(async () => {
  h = await startApiHarness();
  [owner, friend, stranger] = await Promise.all([createUser(h.prisma, 'Sam'), createUser(h.prisma, 'Fran'), createUser(h.prisma, 'Stan')]);
  const created = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name: 'Shared Tower' } });
  buildingId = (created.json!.building as { id: string }).id;
  const other = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name: 'Other Tower' } });
  otherBuildingId = (other.json!.building as { id: string }).id;
});
afterAll(() => h?.teardown());

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

async function createLink(body: Record<string, unknown>) {
  const response = await call(shareLinks.POST, 'POST', `/api/v1/buildings/${buildingId}/share-links`, { id: buildingId }, { as: owner, body });
  expect(response.status).toBe(201);
  const url = String(response.json!.url);
  return { id: (response.json!.link as { id: string }).id, url, token: url.split('/s/')[1]! };
}

/** Opens a link as a signed-in user (GET /s/<token>/open) and returns the share cookie it set. */
async function openAs(user: TestUser, token: string): Promise<string> {
  const response = await openLink.GET(makeRequest('GET', `/s/${token}/open`, { as: user }), { params: Promise.resolve({ token }) });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe(`/buildings/${buildingId}`);
  const setCookie = response.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=lax/i);
  return setCookie.split(';')[0]!;
}

async function tokenFor(user: TestUser | null, cookies: string[] = [], building = buildingId) {
  return call(collabToken.GET, 'GET', `/api/collab-token?building=${building}`, {}, { as: user, cookies });
}

async function claimsOf(token: string): Promise<CollabClaims> {
  const verified = await verifyCollabToken(token, SECRET);
  if (!verified.ok) throw new Error(verified.error.message);
  return verified.value;
}

describe('share links', () => {
  it('shows the link URL once and stores only the hash of its token', async () => {
    const link = await createLink({ role: 'viewer', expiresAt: inSeconds(3600) });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await h.prisma.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(JSON.stringify(row)).not.toContain(link.token);
    const listed = await call(shareLinks.GET, 'GET', `/api/v1/buildings/${buildingId}/share-links`, { id: buildingId }, { as: owner });
    expect(listed.text).not.toContain(link.token);
    expect(listed.json!.links).toEqual(expect.arrayContaining([expect.objectContaining({ id: link.id, role: 'viewer', state: 'active' })]));
  });

  it('gives a signed-in stranger a viewer token that carries the link id, and nothing without the link', async () => {
    expect((await tokenFor(stranger)).status).toBe(404);
    const link = await createLink({ role: 'viewer', expiresAt: inSeconds(3600) });
    const cookie = await openAs(stranger, link.token);
    const response = await tokenFor(stranger, [cookie]);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ role: 'viewer' });
    expect(await claimsOf(String(response.json!.token))).toMatchObject({ sub: stranger.id, role: 'viewer', building: buildingId, link: link.id });
    // The cookie is for this building only.
    expect((await tokenFor(stranger, [cookie.replace(shareCookieName(buildingId), shareCookieName(otherBuildingId))], otherBuildingId)).status).toBe(404);
  });

  it('lets guests in only when the link allows guests, under their name and a guest id', async () => {
    const noGuests = await createLink({ role: 'viewer', expiresAt: inSeconds(3600) });
    const guests = await createLink({ role: 'commenter', expiresAt: inSeconds(3600), allowGuests: true });
    const grant = (linkId: string) => mintShareGrant({ link: linkId, building: buildingId, guestId: 'guest:g1', guestName: 'Visiting Vic' }, SECRET, new Date(Date.now() + 3600_000));
    const refused = await tokenFor(null, [`${shareCookieName(buildingId)}=${await grant(noGuests.id)}`]);
    expect(refused.status).toBe(404);
    const allowed = await tokenFor(null, [`${shareCookieName(buildingId)}=${await grant(guests.id)}`]);
    expect(allowed.status).toBe(200);
    expect(await claimsOf(String(allowed.json!.token))).toMatchObject({ sub: 'guest:g1', name: 'Visiting Vic', role: 'commenter', link: guests.id });
  });

  it('refuses a forged share cookie (signed with another secret)', async () => {
    const link = await createLink({ role: 'editor', expiresAt: inSeconds(3600), allowGuests: true });
    const forged = await mintShareGrant({ link: link.id, building: buildingId, guestId: 'guest:x', guestName: 'Eve' }, 'another-secret'.padEnd(40, '!'), new Date(Date.now() + 3600_000));
    expect((await tokenFor(null, [`${shareCookieName(buildingId)}=${forged}`])).status).toBe(404);
  });

  it('stops working when it expires', async () => {
    const link = await createLink({ role: 'viewer', expiresAt: inSeconds(1.5) });
    const cookie = await openAs(stranger, link.token);
    expect((await tokenFor(stranger, [cookie])).status).toBe(200);
    const minted = await claimsOf(String((await tokenFor(stranger, [cookie])).json!.token));
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await tokenFor(stranger, [cookie])).status).toBe(404);
    expect(await isShareLinkActive(h.prisma, link.id)).toBe(false);
    expect(await authorizeCollabClaims(h.prisma, minted)).toMatchObject({ ok: false, error: { code: 'link_revoked' } });
  });

  it('revoking closes live connections of the link and makes tokens minted before useless (replay after revoke)', async () => {
    const link = await createLink({ role: 'viewer', expiresAt: inSeconds(3600) });
    const cookie = await openAs(friend, link.token);
    const before = await claimsOf(String((await tokenFor(friend, [cookie])).json!.token));
    expect(await authorizeCollabClaims(h.prisma, before)).toEqual({ ok: true, value: { role: 'viewer' } });

    h.revocations.length = 0;
    const revoked = await call(shareLink.DELETE, 'DELETE', `/api/v1/buildings/${buildingId}/share-links/${link.id}`, { id: buildingId, linkId: link.id }, { as: owner });
    expect(revoked.status).toBe(200);
    expect(revoked.json!.link).toMatchObject({ state: 'revoked' });
    expect(h.revocations).toEqual([{ body: { building: buildingId, link: link.id }, authorized: true }]);

    // The old token still has a valid signature and expiry, but the grant behind it is gone.
    expect((await verifyCollabToken(await reSign(before), SECRET)).ok).toBe(true);
    expect(await authorizeCollabClaims(h.prisma, before)).toMatchObject({ ok: false, error: { code: 'link_revoked' } });
    expect(await isShareLinkActive(h.prisma, link.id)).toBe(false);
    expect((await tokenFor(friend, [cookie])).status).toBe(404);
    const reopened = await openLink.GET(makeRequest('GET', `/s/${link.token}/open`, { as: friend }), { params: Promise.resolve({ token: link.token }) });
    expect(reopened.headers.get('location')).toBe(`/s/${link.token}`);
    expect(reopened.headers.get('set-cookie')).toBeNull();
  });

  it('downgrading a link closes its live connections; new tokens carry the new role, old ones are refused', async () => {
    const link = await createLink({ role: 'editor', expiresAt: inSeconds(3600) });
    const cookie = await openAs(stranger, link.token);
    const before = await claimsOf(String((await tokenFor(stranger, [cookie])).json!.token));
    expect(before.role).toBe('editor');
    h.revocations.length = 0;
    const patched = await call(shareLink.PATCH, 'PATCH', `/api/v1/buildings/${buildingId}/share-links/${link.id}`, { id: buildingId, linkId: link.id }, { as: owner, body: { role: 'viewer' } });
    expect(patched.status).toBe(200);
    expect(h.revocations).toEqual([{ body: { building: buildingId, link: link.id }, authorized: true }]);
    expect(await authorizeCollabClaims(h.prisma, before)).toMatchObject({ ok: false, error: { code: 'downgraded', role: 'viewer' } });
    expect((await tokenFor(stranger, [cookie])).json).toMatchObject({ role: 'viewer' });
    // Raising it again does not need to close anything.
    h.revocations.length = 0;
    await call(shareLink.PATCH, 'PATCH', `/api/v1/buildings/${buildingId}/share-links/${link.id}`, { id: buildingId, linkId: link.id }, { as: owner, body: { role: 'commenter' } });
    expect(h.revocations).toEqual([]);
  });

  it("refuses a link's token for another building (wrong building)", async () => {
    const link = await createLink({ role: 'viewer', expiresAt: inSeconds(3600) });
    expect(await authorizeCollabClaims(h.prisma, { sub: stranger.id, building: otherBuildingId, role: 'viewer', link: link.id })).toMatchObject({ ok: false, error: { code: 'link_revoked' } });
    expect(await authorizeCollabClaims(h.prisma, { sub: stranger.id, building: otherBuildingId, role: 'viewer' })).toMatchObject({ ok: false, error: { code: 'no_access' } });
  });
});

describe('members', () => {
  it('invites by email with a role; downgrading and removing close the person’s live connections', async () => {
    const invited = await call(members.PUT, 'PUT', `/api/v1/buildings/${buildingId}/members`, { id: buildingId }, { as: owner, body: { email: friend.email, role: 'editor' } });
    expect(invited.json).toMatchObject({ status: 'member', member: { userId: friend.id, role: 'editor' } });
    const token = await claimsOf(String((await tokenFor(friend)).json!.token));
    expect(token).toMatchObject({ role: 'editor' });
    expect(token.link).toBeUndefined();

    h.revocations.length = 0;
    await call(members.PUT, 'PUT', `/api/v1/buildings/${buildingId}/members`, { id: buildingId }, { as: owner, body: { email: friend.email, role: 'commenter' } });
    expect(h.revocations).toEqual([{ body: { building: buildingId, user: friend.id }, authorized: true }]);
    expect(await authorizeCollabClaims(h.prisma, token)).toMatchObject({ ok: false, error: { code: 'downgraded', role: 'commenter' } });
    expect((await tokenFor(friend)).json).toMatchObject({ role: 'commenter' });

    h.revocations.length = 0;
    const removed = await call(member.DELETE, 'DELETE', `/api/v1/buildings/${buildingId}/members/${friend.id}`, { id: buildingId, userId: friend.id }, { as: owner });
    expect(removed.status).toBe(200);
    expect(h.revocations).toEqual([{ body: { building: buildingId, user: friend.id }, authorized: true }]);
    expect(await authorizeCollabClaims(h.prisma, token)).toMatchObject({ ok: false, error: { code: 'no_access' } });
    expect((await tokenFor(friend)).status).toBe(404);
  });

  it('keeps the request working when the collaboration server is unreachable (and logs it)', async () => {
    const saved = process.env.COLLAB_INTERNAL_URL;
    process.env.COLLAB_INTERNAL_URL = 'http://127.0.0.1:1';
    try {
      const link = await createLink({ role: 'viewer', expiresAt: inSeconds(3600) });
      const response = await call(shareLink.DELETE, 'DELETE', `/api/v1/buildings/${buildingId}/share-links/${link.id}`, { id: buildingId, linkId: link.id }, { as: owner });
      expect(response.status).toBe(200);
      expect(await isShareLinkActive(h.prisma, link.id)).toBe(false);
    } finally {
      process.env.COLLAB_INTERNAL_URL = saved;
    }
  });
});

describe('collab tokens from /api/collab-token', () => {
  it('mint 5-minute tokens with the caller’s role on that building only', async () => {
    const response = await tokenFor(owner);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const claims = await claimsOf(String(response.json!.token));
    expect(claims).toMatchObject({ sub: owner.id, name: owner.name, building: buildingId, role: 'owner' });
    const decoded = JSON.parse(Buffer.from(String(response.json!.token).split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    expect(decoded.exp - decoded.iat).toBe(300);
    expect(response.json!.docs).toEqual({ model: `building/${buildingId}/model`, review: `building/${buildingId}/review` });
  });

  it('refuses a session cookie signed with another secret (forged session) as signed out', async () => {
    const { sessionCookie } = await import('./harness');
    const forged = { cookie: await sessionCookie(owner, 'not-the-secret'.padEnd(40, '?')) };
    expect((await call(collabToken.GET, 'GET', `/api/collab-token?building=${buildingId}`, {}, { as: forged })).status).toBe(401);
  });
});

/** Re-signs claims exactly as minted (the replay: a captured token, still within its 5 minutes). */
async function reSign(claims: CollabClaims): Promise<string> {
  const { sub, exp, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('arxos')
    .setAudience('arxos-collab')
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));
}
