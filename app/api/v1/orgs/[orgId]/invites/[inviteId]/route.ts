import { apiJson, handle, parseParams, requireSameOrigin, valueOrFail } from '@/app/_lib/api';
import { withdrawInvite } from '@/app/_lib/members';
import { requireOrgRole } from '@/app/_lib/orgAccess';
import { orgChildParams } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = orgChildParams('inviteId');

/** DELETE /api/v1/orgs/:orgId/invites/:inviteId -> withdraws a pending invite; owners and admins. */
export function DELETE(request: Request, context: { params: Promise<{ orgId: string; inviteId: string }> }) {
  return handle(async () => {
    requireSameOrigin(request);
    const { orgId, inviteId } = await parseParams(context.params, params);
    await requireOrgRole(request, orgId, true);
    valueOrFail(await withdrawInvite(getPrisma(), inviteId, { orgId }));
    return apiJson({ withdrawn: inviteId });
  });
}
