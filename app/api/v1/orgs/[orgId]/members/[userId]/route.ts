import { z } from 'zod';
import { ApiFailure, apiError, apiJson, handle, parseBody, parseParams, requireSameOrigin } from '@/app/_lib/api';
import { requireOrgRole } from '@/app/_lib/orgAccess';
import { closeLiveConnections } from '@/app/_lib/revoke';
import { idSchema, updateOrgMemberSchema } from '@/app/_lib/schemas';
import type { OrgRole } from '@/lib/auth/roles';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = z.object({ orgId: idSchema, userId: idSchema });
type Context = { params: Promise<{ orgId: string; userId: string }> };
const RANK: Record<OrgRole, number> = { owner: 3, admin: 2, member: 1 };

/** Closes the person's live connections to every building of the organization. */
async function closeForOrg(orgId: string, userId: string) {
  const buildings = await getPrisma().building.findMany({ where: { orgId, deletedAt: null }, select: { id: true } });
  await Promise.all(buildings.map((b) => closeLiveConnections({ building: b.id, user: userId })));
}

async function guard(request: Request, context: Context) {
  const { orgId, userId } = await parseParams(context.params, params);
  const { user, orgRole } = await requireOrgRole(request, orgId, true);
  const prisma = getPrisma();
  const target = await prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
  if (!target) throw new ApiFailure(apiError('not_found', `${userId} is not a member`));
  return { orgId, userId, user, orgRole, target, prisma };
}

/**
 * PATCH /api/v1/orgs/:orgId/members/:userId {role} -> {member}; owners and admins. Only owners
 * grant or take away `owner`; the last owner cannot be demoted. A lower role closes the person's
 * live connections to the organization's buildings.
 */
export function PATCH(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { orgId, userId, orgRole, target, prisma } = await guard(request, context);
    const { role } = await parseBody(request, updateOrgMemberSchema);
    if ((role === 'owner' || target.role === 'owner') && orgRole !== 'owner') return apiError('forbidden', 'only an owner can grant or take away the owner role');
    if (target.role === 'owner' && role !== 'owner' && (await prisma.membership.count({ where: { orgId, role: 'owner' } })) <= 1) {
      return apiError('conflict', 'the organization needs at least one owner');
    }
    await prisma.membership.update({ where: { orgId_userId: { orgId, userId } }, data: { role } });
    if (RANK[role] < RANK[target.role]) await closeForOrg(orgId, userId);
    return apiJson({ member: { userId, role } });
  });
}

/** DELETE /api/v1/orgs/:orgId/members/:userId -> removes the member and closes their live connections; owners and admins (owners only by owners). */
export function DELETE(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { orgId, userId, orgRole, target, prisma } = await guard(request, context);
    if (target.role === 'owner' && orgRole !== 'owner') return apiError('forbidden', 'only an owner can remove an owner');
    if (target.role === 'owner' && (await prisma.membership.count({ where: { orgId, role: 'owner' } })) <= 1) {
      return apiError('conflict', 'the organization needs at least one owner');
    }
    await prisma.membership.delete({ where: { orgId_userId: { orgId, userId } } });
    await closeForOrg(orgId, userId);
    return apiJson({ removed: userId });
  });
}
