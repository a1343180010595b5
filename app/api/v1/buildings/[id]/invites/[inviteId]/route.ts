import { apiJson, handle, parseParams, requireBuildingRole, requireSameOrigin, valueOrFail } from '@/app/_lib/api';
import { withdrawInvite } from '@/app/_lib/members';
import { buildingChildParams } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = buildingChildParams('inviteId');

/** DELETE /api/v1/buildings/:id/invites/:inviteId -> withdraws a pending invite to the building; owners only. */
export function DELETE(request: Request, context: { params: Promise<{ id: string; inviteId: string }> }) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id, inviteId } = await parseParams(context.params, params);
    await requireBuildingRole(request, id, 'owner');
    valueOrFail(await withdrawInvite(getPrisma(), inviteId, { buildingId: id }));
    return apiJson({ withdrawn: inviteId });
  });
}
