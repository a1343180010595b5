import { apiJson, handle, parseParams, requireBuildingRole, requireSameOrigin, valueOrFail } from '@/app/_lib/api';
import { removeBuildingMember } from '@/app/_lib/members';
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
    const { id, userId } = await parseParams(context.params, params);
    await requireBuildingRole(request, id, 'owner');
    valueOrFail(await removeBuildingMember(getPrisma(), id, userId));
    return apiJson({ removed: userId });
  });
}
