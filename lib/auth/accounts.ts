/**
 * Accounts: creating users (with their personal organization) and accepting invitations.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/generated/client';
import { hashPassword, passwordSchema } from './password';
import { hasAtLeastOrg } from './roles';

/** Emails are compared lowercased and trimmed everywhere. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, 'email is too long')
  .pipe(z.email('email must be an email address'));

/** A person's display name. */
export const displayNameSchema = z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters');

/** Sign-up body. */
export const signUpSchema = z.object({
  email: emailSchema,
  name: displayNameSchema,
  password: passwordSchema,
});

/** A user as the app may show it: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

function slugify(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'org';
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/** Creates an organization owned by `userId` (e.g. the personal one made at sign-up). */
export async function createOrganization(tx: Tx | PrismaClient, userId: string, name: string) {
  const org = await tx.organization.create({ data: { name, slug: slugify(name) } });
  await tx.membership.create({ data: { orgId: org.id, userId, role: 'owner' } });
  return org;
}

/**
 * Creates an account: the user (password hashed; or none for OAuth), their personal organization
 * ("<name>'s buildings", role owner), and accepts every pending invite for the email.
 * Returns `{ok:false, error:'email_taken'}` when the email has an account already.
 */
export async function createAccount(
  prisma: PrismaClient,
  input: { email: string; name: string; password?: string },
): Promise<{ ok: true; value: PublicUser } | { ok: false; error: 'email_taken' }> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email, name: input.name, passwordHash }, select: { id: true, email: true, name: true } });
      await createOrganization(tx, created.id, `${input.name}'s buildings`);
      await acceptPendingInvites(tx, created);
      return created;
    });
    return { ok: true, value: user };
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return { ok: false, error: 'email_taken' };
    throw error;
  }
}

/**
 * Accepts every pending (not accepted, not revoked) invite for the user's email: organization
 * invites become memberships (an existing membership is raised, never lowered), building invites
 * become per-building roles. Returns how many were accepted.
 */
export async function acceptPendingInvites(db: Tx | PrismaClient, user: { id: string; email: string }): Promise<number> {
  const invites = await db.invite.findMany({ where: { email: user.email.toLowerCase(), acceptedAt: null, revokedAt: null }, orderBy: { createdAt: 'asc' } });
  for (const invite of invites) {
    if (invite.orgRole) {
      const existing = await db.membership.findUnique({ where: { orgId_userId: { orgId: invite.orgId, userId: user.id } } });
      if (!existing) await db.membership.create({ data: { orgId: invite.orgId, userId: user.id, role: invite.orgRole } });
      else if (!hasAtLeastOrg(existing.role, invite.orgRole)) {
        await db.membership.update({ where: { orgId_userId: { orgId: invite.orgId, userId: user.id } }, data: { role: invite.orgRole } });
      }
    }
    if (invite.buildingId && invite.buildingRole) {
      await db.buildingMember.upsert({
        where: { buildingId_userId: { buildingId: invite.buildingId, userId: user.id } },
        update: { role: invite.buildingRole },
        create: { buildingId: invite.buildingId, userId: user.id, role: invite.buildingRole },
      });
    }
    await db.invite.update({ where: { id: invite.id }, data: { acceptedAt: new Date() } });
  }
  return invites.length;
}
