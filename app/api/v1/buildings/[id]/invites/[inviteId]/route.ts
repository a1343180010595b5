import { apiError, apiJson, handle, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { buildingChildParams } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = buildingChildParams('inviteId');

/** DELETE /api/v1/buildings/:id/invites/:inviteId -> withdraws a pending invite to the building; owners only. */
export function DELETE(request: Request, context: { params: Promise<{ id: string; inviteId: string }> }) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id, inviteId } = (await parseParams(context.params, params)) as { id: string; inviteId: string };
    await requireBuildingRole(request, id, 'owner');
    const withdrawn = await getPrisma().invite.updateMany({ where: { id: inviteId, buildingId: id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (withdrawn.count === 0) return apiError('not_found', `no pending invite ${inviteId}`);
    return apiJson({ withdrawn: inviteId });
  });
}
