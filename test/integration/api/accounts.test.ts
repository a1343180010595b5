/**
 * Accounts: sign-up (the users table holds only an argon2id hash; passwords are never returned or
 * logged), sign-in through the next-auth Credentials provider's authorize (words for errors),
 * rate limiting counted in the database (shared by every process), invitations accepted on
 * sign-up and sign-in.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as signup from '@/app/api/v1/auth/signup/route';
import * as buildings from '@/app/api/v1/buildings/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import * as orgInvites from '@/app/api/v1/orgs/[orgId]/invites/route';
import { createAuthOptions, enabledOAuthProviders, SIGN_IN_ERRORS } from '@/lib/auth/authOptions';
import { createPrismaClient } from '@/lib/db/client';
import { call, createUser, startApiHarness, SECRET, type ApiHarness } from './harness';

let h: ApiHarness;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.teardown());

/** The Credentials provider's authorize, as next-auth calls it (with a client address). */
function authorizeWith(prisma = h.prisma, limits?: { perEmail: number; perIp: number; windowMs: number }) {
  const options = createAuthOptions({ prisma: () => prisma, secret: SECRET, limits, env: { ...process.env } });
  const provider = options.providers[0] as unknown as { options: { authorize: (c: Record<string, string>, r: unknown) => Promise<unknown> } };
  return (email: string, password: string, ip = '203.0.113.7') =>
    provider.options.authorize({ email, password }, { headers: { 'x-forwarded-for': `10.0.0.1, ${ip}` }, body: {}, query: {}, method: 'POST' });
}

/** Everything written to the console while `fn` runs. */
async function consoleOutput(fn: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '))),
  );
  try {
    await fn();
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  return lines.join('\n');
}

describe('sign-up', () => {
  it('stores only an argon2id hash of the password and never returns or logs the password', async () => {
    let response: Awaited<ReturnType<typeof call>> | undefined;
    const output = await consoleOutput(async () => {
      response = await call(signup.POST, 'POST', '/api/v1/auth/signup', {}, { body: { email: 'Hash.Check@Example.com', name: 'Hash Check', password: PASSWORD } });
      await authorizeWith()('hash.check@example.com', PASSWORD);
      await authorizeWith()('hash.check@example.com', 'wrong password entirely').catch(() => undefined);
    });
    expect(response!.status).toBe(201);
    expect(response!.json).toEqual({ user: { id: expect.any(String), email: 'hash.check@example.com', name: 'Hash Check' } });
    expect(response!.text).not.toContain(PASSWORD);
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain('wrong password entirely');

    const [row] = await h.prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "users" WHERE "email" = 'hash.check@example.com'`;
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(Object.keys(row!).sort()).toEqual(['created_at', 'email', 'id', 'name', 'password_hash']);
  });

  it('creates a personal organization owned by the new user', async () => {
    const response = await call(signup.POST, 'POST', '/api/v1/auth/signup', {}, { body: { email: 'personal@example.com', name: 'Pat', password: PASSWORD } });
    const userId = (response.json!.user as { id: string }).id;
    const memberships = await h.prisma.membership.findMany({ where: { userId }, include: { organization: true } });
    expect(memberships).toEqual([expect.objectContaining({ role: 'owner', organization: expect.objectContaining({ name: "Pat's buildings" }) })]);
  });

  it('answers 409 in words for an email that has an account (any case)', async () => {
    await call(signup.POST, 'POST', '/api/v1/auth/signup', {}, { body: { email: 'twice@example.com', name: 'One', password: PASSWORD } });
    const again = await call(signup.POST, 'POST', '/api/v1/auth/signup', {}, { body: { email: 'TWICE@example.com', name: 'Two', password: PASSWORD } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: 'conflict', message: 'An account with this email exists already. Sign in instead.' });
  });
});

describe('sign-in (Credentials authorize)', () => {
  it('returns the user without the hash for the right password, and words for a wrong one or an unknown email', async () => {
    const user = await createUser(h.prisma, 'Signer');
    await expect(authorizeWith()(user.email, user.password)).resolves.toEqual({ id: user.id, email: user.email, name: 'Signer' });
    await expect(authorizeWith()(user.email, 'not the password')).rejects.toThrow(SIGN_IN_ERRORS.invalid);
    await expect(authorizeWith()('ghost@example.com', 'whatever-password')).rejects.toThrow(SIGN_IN_ERRORS.invalid);
    await expect(authorizeWith()('', '')).rejects.toThrow(SIGN_IN_ERRORS.malformed);
  });

  it('locks an email after 5 failures, even for the right password, across processes (two database clients)', async () => {
    const user = await createUser(h.prisma, 'Locked');
    const secondProcess = createPrismaClient(process.env.DATABASE_URL!, { poolMax: 2 });
    try {
      for (let i = 0; i < 3; i++) await expect(authorizeWith()(user.email, `wrong-${i}`, `198.51.100.${i}`)).rejects.toThrow(SIGN_IN_ERRORS.invalid);
      for (let i = 3; i < 5; i++) await expect(authorizeWith(secondProcess)(user.email, `wrong-${i}`, `198.51.100.${i}`)).rejects.toThrow(SIGN_IN_ERRORS.invalid);
      await expect(authorizeWith(secondProcess)(user.email, user.password)).rejects.toThrow(/^Too many failed sign-in attempts for this email\. Try again in (15 minutes|\d+ minutes)\.$/);
      await expect(authorizeWith()(user.email, user.password)).rejects.toThrow(/Too many failed sign-in attempts for this email/);
    } finally {
      await secondProcess.$disconnect();
    }
  });

  it('limits failures per client address across emails, and lets the window pass', async () => {
    const limits = { perEmail: 100, perIp: 3, windowMs: 1_000 };
    const user = await createUser(h.prisma, 'Neighbour');
    for (let i = 0; i < 3; i++) await expect(authorizeWith(h.prisma, limits)(`nobody${i}@example.com`, 'guess-guess', '192.0.2.55')).rejects.toThrow(SIGN_IN_ERRORS.invalid);
    await expect(authorizeWith(h.prisma, limits)(user.email, user.password, '192.0.2.55')).rejects.toThrow('Too many failed sign-in attempts from your network. Try again in a minute.');
    await expect(authorizeWith(h.prisma, limits)(user.email, user.password, '192.0.2.56')).resolves.toMatchObject({ id: user.id });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(authorizeWith(h.prisma, limits)(user.email, user.password, '192.0.2.55')).resolves.toMatchObject({ id: user.id });
  });
});

describe('invitations', () => {
  it('are accepted when the invited email signs up: building invite (role) and organization invite (membership)', async () => {
    const inviter = await createUser(h.prisma, 'Inviter');
    const created = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: inviter, body: { name: 'Invite House' } });
    const buildingId = (created.json!.building as { id: string }).id;
    const orgId = (await h.prisma.membership.findFirstOrThrow({ where: { userId: inviter.id } })).orgId;

    const invited = await call(members.PUT, 'PUT', `/api/v1/buildings/${buildingId}/members`, { id: buildingId }, { as: inviter, body: { email: 'Newcomer@Example.com', role: 'commenter' } });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ status: 'invited', invite: { email: 'newcomer@example.com', role: 'commenter' } });
    const orgInvite = await call(orgInvites.POST, 'POST', `/api/v1/orgs/${orgId}/invites`, { orgId }, { as: inviter, body: { email: 'newcomer@example.com', role: 'member' } });
    expect(orgInvite.json).toMatchObject({ status: 'pending' });

    const signedUp = await call(signup.POST, 'POST', '/api/v1/auth/signup', {}, { body: { email: 'newcomer@example.com', name: 'Newcomer', password: PASSWORD } });
    const userId = (signedUp.json!.user as { id: string }).id;
    expect(await h.prisma.buildingMember.findUnique({ where: { buildingId_userId: { buildingId, userId } } })).toMatchObject({ role: 'commenter' });
    expect(await h.prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId } } })).toMatchObject({ role: 'member' });
    expect(await h.prisma.invite.count({ where: { email: 'newcomer@example.com', acceptedAt: null } })).toBe(0);
  });

  it('are accepted on sign-in for an account that existed before the invite', async () => {
    const inviter = await createUser(h.prisma, 'Host');
    const guest = await createUser(h.prisma, 'Latecomer');
    const orgId = (await h.prisma.membership.findFirstOrThrow({ where: { userId: inviter.id } })).orgId;
    // An invite written directly (as if the account was created meanwhile), accepted at sign-in.
    await h.prisma.invite.create({ data: { email: guest.email, orgId, orgRole: 'admin', invitedBy: inviter.id } });
    await authorizeWith()(guest.email, guest.password);
    expect(await h.prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId: guest.id } } })).toMatchObject({ role: 'admin' });
  });

  it('only owners invite owners', async () => {
    const boss = await createUser(h.prisma, 'Boss');
    const admin = await createUser(h.prisma, 'Admin');
    const orgId = (await h.prisma.membership.findFirstOrThrow({ where: { userId: boss.id } })).orgId;
    await h.prisma.membership.create({ data: { orgId, userId: admin.id, role: 'admin' } });
    const response = await call(orgInvites.POST, 'POST', `/api/v1/orgs/${orgId}/invites`, { orgId }, { as: admin, body: { email: 'x@example.com', role: 'owner' } });
    expect(response.status).toBe(403);
    expect((await call(orgInvites.POST, 'POST', `/api/v1/orgs/${orgId}/invites`, { orgId }, { as: admin, body: { email: 'x@example.com', role: 'member' } })).status).toBe(201);
  });
});

describe('OAuth providers', () => {
  it('are switched on only by their env vars', () => {
    expect(enabledOAuthProviders({})).toEqual([]);
    expect(enabledOAuthProviders({ GITHUB_ID: 'id' })).toEqual([]);
    expect(enabledOAuthProviders({ GITHUB_ID: 'id', GITHUB_SECRET: 's', GOOGLE_ID: 'g', GOOGLE_SECRET: 's' }).map((p) => p.id)).toEqual(['github', 'google']);
    const options = createAuthOptions({ prisma: () => h.prisma, secret: SECRET, env: { GOOGLE_ID: 'g', GOOGLE_SECRET: 's' } });
    expect(options.providers.map((p) => p.id)).toEqual(['credentials', 'google']);
    expect(createAuthOptions({ prisma: () => h.prisma, secret: SECRET, env: {} }).providers.map((p) => p.id)).toEqual(['credentials']);
  });
});
