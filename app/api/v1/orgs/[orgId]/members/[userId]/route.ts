import { apiJson, handle, parseBody, parseParams, requireSameOrigin, valueOrFail } from '@/app/_lib/api';
import { changeOrgRole, findOrgMember, removeOrgMember } from '@/app/_lib/members';
import { requireOrgRole } from '@/app/_lib/orgAccess';
import { orgChildParams, updateOrgMemberSchema } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = orgChildParams('userId');
type Context = { params: Promise<{ orgId: string; userId: string }> };

/** The route's organization, the caller's role in it (owners and admins only) and the member it is about (404 if not one). */
async function guard(request: Request, context: Context) {
  const { orgId, userId } = await parseParams(context.params, params);
  const { orgRole } = await requireOrgRole(request, orgId, true);
  const member = valueOrFail(await findOrgMember(getPrisma(), orgId, userId));
  return { orgId, orgRole, member };
}

/**
 * PATCH /api/v1/orgs/:orgId/members/:userId {role} -> {member}; owners and admins. Only owners
 * grant or take away `owner`; the last owner cannot be demoted. A lower role closes the person's
 * live connections to the organization's buildings.
 */
export function PATCH(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { orgId, orgRole, member } = await guard(request, context);
    const { role } = await parseBody(request, updateOrgMemberSchema);
    const changed = valueOrFail(await changeOrgRole(getPrisma(), { orgId, member, role, byRole: orgRole }));
    return apiJson({ member: changed });
  });
}

/** DELETE /api/v1/orgs/:orgId/members/:userId -> removes the member and closes their live connections; owners and admins (owners only by owners). */
export function DELETE(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { orgId, orgRole, member } = await guard(request, context);
    valueOrFail(await removeOrgMember(getPrisma(), { orgId, member, byRole: orgRole }));
    return apiJson({ removed: member.userId });
  });
}
