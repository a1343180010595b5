import { apiJson, handle, parseParams } from '@/app/_lib/api';
import { requireOrgRole } from '@/app/_lib/orgAccess';
import { orgParams } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** GET /api/v1/orgs/:orgId/members -> {members: [{userId, name, email, role}]}; any member. */
export function GET(request: Request, context: { params: Promise<{ orgId: string }> }) {
  return handle(async () => {
    const { orgId } = await parseParams(context.params, orgParams);
    await requireOrgRole(request, orgId, false);
    const rows = await getPrisma().membership.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' }, select: { role: true, user: { select: { id: true, name: true, email: true } } } });
    return apiJson({ members: rows.map((r) => ({ userId: r.user.id, name: r.user.name, email: r.user.email, role: r.role })) });
  });
}
