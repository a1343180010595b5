import { apiError, apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { buildingMembers } from '@/app/_lib/members';
import { closeLiveConnections } from '@/app/_lib/revoke';
import { buildingParams, setBuildingMemberSchema } from '@/app/_lib/schemas';
import { buildingRoleOf, orgRoleOf } from '@/lib/auth/access';
import { canManageOrg, hasAtLeast } from '@/lib/auth/roles';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/buildings/:id/members -> {members, invites}; owners only. */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'owner');
    const prisma = getPrisma();
    const [members, invites] = await Promise.all([
      buildingMembers(prisma, id),
      prisma.invite.findMany({ where: { buildingId: id, acceptedAt: null, revokedAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true, email: true, buildingRole: true, createdAt: true } }),
    ]);
    return apiJson({ members, invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.buildingRole, createdAt: i.createdAt })) });
  });
}

/**
 * PUT /api/v1/buildings/:id/members {email, role} -> sets the per-building role of that person;
 * owners only. An existing account gets it at once (200 {status: 'member'}; a lower role than
 * before closes their live connections); an email without an account gets an invite, accepted
 * when it signs up or in (201 {status: 'invited'}). Organization owners and admins are always
 * owners of its buildings: 409.
 */
export function PUT(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    const { user } = await requireBuildingRole(request, id, 'owner');
    const { email, role } = await parseBody(request, setBuildingMemberSchema);
    const prisma = getPrisma();
    const building = await prisma.building.findUniqueOrThrow({ where: { id }, select: { orgId: true } });
    const target = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
    if (!target) {
      const pending = await prisma.invite.findFirst({ where: { email, buildingId: id, acceptedAt: null, revokedAt: null } });
      const invite = pending
        ? await prisma.invite.update({ where: { id: pending.id }, data: { buildingRole: role } })
        : await prisma.invite.create({ data: { email, orgId: building.orgId, buildingId: id, buildingRole: role, invitedBy: user.id } });
      return apiJson({ status: 'invited', invite: { id: invite.id, email, role } }, 201);
    }
    if (canManageOrg(await orgRoleOf(prisma, target.id, building.orgId))) {
      return apiError('conflict', `${target.email} is an owner or admin of the organization, and so an owner of every building in it`);
    }
    const before = await buildingRoleOf(prisma, target.id, id);
    await prisma.buildingMember.upsert({
      where: { buildingId_userId: { buildingId: id, userId: target.id } },
      update: { role },
      create: { buildingId: id, userId: target.id, role },
    });
    if (before && !hasAtLeast(role, before)) await closeLiveConnections({ building: id, user: target.id });
    return apiJson({ status: 'member', member: { userId: target.id, name: target.name, email: target.email, role } });
  });
}
