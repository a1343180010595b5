import { z } from 'zod';
import { apiError, apiJson, handle, parseParams, requireSameOrigin } from '@/app/_lib/api';
import { requireOrgRole } from '@/app/_lib/orgAccess';
import { idSchema } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = z.object({ orgId: idSchema, inviteId: idSchema });

/** DELETE /api/v1/orgs/:orgId/invites/:inviteId -> withdraws a pending invite; owners and admins. */
export function DELETE(request: Request, context: { params: Promise<{ orgId: string; inviteId: string }> }) {
  return handle(async () => {
    requireSameOrigin(request);
    const { orgId, inviteId } = await parseParams(context.params, params);
    await requireOrgRole(request, orgId, true);
    const withdrawn = await getPrisma().invite.updateMany({ where: { id: inviteId, orgId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (withdrawn.count === 0) return apiError('not_found', `no pending invite ${inviteId}`);
    return apiJson({ withdrawn: inviteId });
  });
}
