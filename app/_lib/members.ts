/**
 * Who belongs to an organization or a building, and the rules for changing it: invites, roles,
 * the last owner, and closing the live connections of someone whose access shrinks. Route handlers
 * parse and guard, call one of these, and answer; expected refusals come back as values whose
 * `code` app/_lib/api.ts turns into a status.
 */
import { acceptPendingInvites } from '@/lib/auth/accounts';
import { buildingRoleOf, orgRoleOf } from '@/lib/auth/access';
import { canManageOrg, effectiveBuildingRole, type BuildingRole, type OrgRole } from '@/lib/auth/roles';
import type { PrismaClient } from '@/lib/db/client';
import type { Result } from '@/lib/model';
import { closeLiveConnections } from './revoke';

/** Why a membership change is refused; `code` is the API error code it is answered with. */
export interface MembershipError {
  code: 'not_found' | 'forbidden' | 'conflict';
  message: string;
}

/** One person with a role on a building, and where the role comes from. */
export interface BuildingMemberView {
  userId: string;
  name: string;
  email: string;
  role: BuildingRole;
  orgRole: OrgRole | null;
  /** The per-building role, when one is set (it overrides the organization's default). */
  override: BuildingRole | null;
}

/** A member of an organization as the rules need it. */
export interface OrgMember {
  userId: string;
  role: OrgRole;
}

const refuse = (code: MembershipError['code'], message: string) => ({ ok: false as const, error: { code, message } });

/** Everyone with a role on the building: organization members and per-building members. */
export async function buildingMembers(prisma: PrismaClient, buildingId: string): Promise<BuildingMemberView[]> {
  const building = await prisma.building.findUniqueOrThrow({
    where: { id: buildingId },
    select: {
      organization: { select: { memberships: { select: { role: true, user: { select: { id: true, name: true, email: true } } } } } },
      members: { select: { role: true, user: { select: { id: true, name: true, email: true } } } },
    },
  });
  const people = new Map<string, { name: string; email: string; orgRole: OrgRole | null; override: BuildingRole | null }>();
  for (const m of building.organization.memberships) people.set(m.user.id, { name: m.user.name, email: m.user.email, orgRole: m.role, override: null });
  for (const m of building.members) {
    const entry = people.get(m.user.id) ?? { name: m.user.name, email: m.user.email, orgRole: null, override: null };
    entry.override = m.role;
    people.set(m.user.id, entry);
  }
  return [...people.entries()]
    .map(([userId, p]) => ({ userId, ...p, role: effectiveBuildingRole(p.orgRole, p.override)! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What {@link setBuildingMember} did: gave an account the role, or saved an invite for an email without one. */
export type SetBuildingMemberOutcome =
  | { status: 'invited'; invite: { id: string; email: string; role: BuildingRole } }
  | { status: 'member'; member: { userId: string; name: string; email: string; role: BuildingRole } };

/**
 * Sets the per-building role of the person with `email`. An existing account gets it at once; a
 * change of role closes their live connections, which reconnect with the new role. An email without an account gets an
 * invite (one pending invite per email and building: a second call changes its role), accepted
 * when it signs up or in. Organization owners and admins are owners of every building of the
 * organization anyway: `conflict`.
 */
export async function setBuildingMember(
  prisma: PrismaClient,
  input: { buildingId: string; email: string; role: BuildingRole; invitedBy: string },
): Promise<Result<SetBuildingMemberOutcome, MembershipError>> {
  const { buildingId, email, role } = input;
  const building = await prisma.building.findUniqueOrThrow({ where: { id: buildingId }, select: { orgId: true } });
  const target = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (!target) {
    const pending = await prisma.invite.findFirst({ where: { email, buildingId, acceptedAt: null, revokedAt: null } });
    const invite = pending
      ? await prisma.invite.update({ where: { id: pending.id }, data: { buildingRole: role } })
      : await prisma.invite.create({ data: { email, orgId: building.orgId, buildingId, buildingRole: role, invitedBy: input.invitedBy } });
    return { ok: true, value: { status: 'invited', invite: { id: invite.id, email, role } } };
  }
  if (canManageOrg(await orgRoleOf(prisma, target.id, building.orgId))) {
    return refuse('conflict', `${target.email} is an owner or admin of the organization, and so an owner of every building in it`);
  }
  const before = await buildingRoleOf(prisma, target.id, buildingId);
  await prisma.buildingMember.upsert({
    where: { buildingId_userId: { buildingId, userId: target.id } },
    update: { role },
    create: { buildingId, userId: target.id, role },
  });
  // Any change of role closes their live connections (4401): each reconnects with a fresh token
  // that carries the new role, so a lower role stops writing at once and a higher one can edit
  // without a reload.
  if (before && before !== role) await closeLiveConnections({ building: buildingId, user: target.id });
  return { ok: true, value: { status: 'member', member: { userId: target.id, name: target.name, email: target.email, role } } };
}

/**
 * Removes a per-building role (the person keeps what their organization role grants, if any) and
 * closes their live connections. `not_found` when they have no per-building role here.
 */
export async function removeBuildingMember(prisma: PrismaClient, buildingId: string, userId: string): Promise<Result<void, MembershipError>> {
  const removed = await prisma.buildingMember.deleteMany({ where: { buildingId, userId } });
  if (removed.count === 0) return refuse('not_found', `no per-building role for ${userId}`);
  await closeLiveConnections({ building: buildingId, user: userId });
  return { ok: true, value: undefined };
}

/** Withdraws a pending invite of a building or an organization; `not_found` unless one is pending there. */
export async function withdrawInvite(prisma: PrismaClient, inviteId: string, scope: { buildingId: string } | { orgId: string }): Promise<Result<void, MembershipError>> {
  const withdrawn = await prisma.invite.updateMany({ where: { id: inviteId, ...scope, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (withdrawn.count === 0) return refuse('not_found', `no pending invite ${inviteId}`);
  return { ok: true, value: undefined };
}

/**
 * The organization a new building goes into, for a user who asks for `orgId` or for none (then
 * their own organization, else the first they joined), and whether the creator is an owner or
 * admin there (otherwise they get the owner role on the building itself). `not_found` for an
 * organization they are not in, `forbidden` when they belong to none.
 */
export async function chooseOrgForNewBuilding(prisma: PrismaClient, userId: string, orgId: string | undefined): Promise<Result<{ orgId: string; creatorIsOrgAdmin: boolean }, MembershipError>> {
  const memberships = await prisma.membership.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { orgId: true, role: true } });
  const membership = orgId ? memberships.find((m) => m.orgId === orgId) : (memberships.find((m) => m.role === 'owner') ?? memberships[0]);
  if (!membership) return orgId ? refuse('not_found', `no organization ${orgId}`) : refuse('forbidden', 'you belong to no organization');
  return { ok: true, value: { orgId: membership.orgId, creatorIsOrgAdmin: canManageOrg(membership.role) } };
}

/**
 * Invites `email` to the organization with `role`: an invite record, accepted when the email signs
 * up or signs in, or at once when the account exists (status `accepted`). Only owners invite
 * owners (`forbidden`).
 */
export async function inviteToOrg(
  prisma: PrismaClient,
  input: { orgId: string; email: string; role: OrgRole; by: { id: string; orgRole: OrgRole } },
): Promise<Result<{ invite: { id: string; email: string; role: OrgRole }; status: 'accepted' | 'pending' }, MembershipError>> {
  const { orgId, email, role, by } = input;
  if (role === 'owner' && by.orgRole !== 'owner') return refuse('forbidden', 'only an owner can invite an owner');
  const invite = await prisma.invite.create({ data: { email, orgId, orgRole: role, invitedBy: by.id } });
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (existing) await acceptPendingInvites(prisma, existing);
  return { ok: true, value: { invite: { id: invite.id, email, role }, status: existing ? 'accepted' : 'pending' } };
}

/** The member `userId` of the organization; `not_found` when they are not one. */
export async function findOrgMember(prisma: PrismaClient, orgId: string, userId: string): Promise<Result<OrgMember, MembershipError>> {
  const membership = await prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } });
  if (!membership) return refuse('not_found', `${userId} is not a member`);
  return { ok: true, value: { userId, role: membership.role } };
}

/**
 * Changes a member's organization role, as someone with `byRole`: only owners grant or take away
 * `owner` (`forbidden`), and the last owner keeps it (`conflict`). A change of role closes the
 * member's live connections to the organization's buildings (they reconnect with the new role).
 */
export async function changeOrgRole(prisma: PrismaClient, input: { orgId: string; member: OrgMember; role: OrgRole; byRole: OrgRole }): Promise<Result<OrgMember, MembershipError>> {
  const { orgId, member, role, byRole } = input;
  if ((role === 'owner' || member.role === 'owner') && byRole !== 'owner') return refuse('forbidden', 'only an owner can grant or take away the owner role');
  if (role !== 'owner' && (await isLastOwner(prisma, orgId, member))) return refuse('conflict', 'the organization needs at least one owner');
  await prisma.membership.update({ where: { orgId_userId: { orgId, userId: member.userId } }, data: { role } });
  if (role !== member.role) await closeOrgConnections(prisma, orgId, member.userId);
  return { ok: true, value: { userId: member.userId, role } };
}

/**
 * Removes a member from the organization, as someone with `byRole`, and closes their live
 * connections to its buildings. Only owners remove owners (`forbidden`); the last owner stays
 * (`conflict`).
 */
export async function removeOrgMember(prisma: PrismaClient, input: { orgId: string; member: OrgMember; byRole: OrgRole }): Promise<Result<void, MembershipError>> {
  const { orgId, member, byRole } = input;
  if (member.role === 'owner' && byRole !== 'owner') return refuse('forbidden', 'only an owner can remove an owner');
  if (await isLastOwner(prisma, orgId, member)) return refuse('conflict', 'the organization needs at least one owner');
  await prisma.membership.delete({ where: { orgId_userId: { orgId, userId: member.userId } } });
  await closeOrgConnections(prisma, orgId, member.userId);
  return { ok: true, value: undefined };
}

async function isLastOwner(prisma: PrismaClient, orgId: string, member: OrgMember): Promise<boolean> {
  return member.role === 'owner' && (await prisma.membership.count({ where: { orgId, role: 'owner' } })) <= 1;
}

/** Closes the person's live connections to every building of the organization. */
async function closeOrgConnections(prisma: PrismaClient, orgId: string, userId: string): Promise<void> {
  const buildings = await prisma.building.findMany({ where: { orgId, deletedAt: null }, select: { id: true } });
  await Promise.all(buildings.map((b) => closeLiveConnections({ building: b.id, user: userId })));
}
