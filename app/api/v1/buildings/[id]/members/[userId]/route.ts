import { apiError, apiJson, handle, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { closeLiveConnections } from '@/app/_lib/revoke';
import { buildingChildParams } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = buildingChildParams('userId');

/**
 * DELETE /api/v1/buildings/:id/members/:userId -> removes the per-building role (the person keeps
 * what their organization role grants, if any) and closes their live connections; owners only.
 * 404 when the person has no per-building role here.
 */
export function DELETE(request: Request, context: { params: Promise<{ id: string; userId: string }> }) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id, userId } = (await parseParams(context.params, params)) as { id: string; userId: string };
    await requireBuildingRole(request, id, 'owner');
    const removed = await getPrisma().buildingMember.deleteMany({ where: { buildingId: id, userId } });
    if (removed.count === 0) return apiError('not_found', `no per-building role for ${userId}`);
    await closeLiveConnections({ building: id, user: userId });
    return apiJson({ removed: userId });
  });
}
