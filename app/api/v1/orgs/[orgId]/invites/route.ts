import { apiJson, handle, parseBody, parseParams, requireSameOrigin, valueOrFail } from '@/app/_lib/api';
import { inviteToOrg } from '@/app/_lib/members';
import { requireOrgRole } from '@/app/_lib/orgAccess';
import { inviteToOrgSchema, orgParams } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ orgId: string }> };

/** GET /api/v1/orgs/:orgId/invites -> {invites: [{id, email, role, createdAt}]} pending; owners and admins. */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { orgId } = await parseParams(context.params, orgParams);
    await requireOrgRole(request, orgId, true);
    const invites = await getPrisma().invite.findMany({
      where: { orgId, orgRole: { not: null }, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: 'asc' },
      select: { id: true, email: true, orgRole: true, createdAt: true },
    });
    return apiJson({ invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.orgRole, createdAt: i.createdAt })) });
  });
}

/**
 * POST /api/v1/orgs/:orgId/invites {email, role (owner|admin|member)} -> 201 {invite, status}:
 * an invite record, accepted when the email signs up or signs in, or at once when the account
 * exists (status `accepted`). Owners and admins; only owners invite owners.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { orgId } = await parseParams(context.params, orgParams);
    const { user, orgRole } = await requireOrgRole(request, orgId, true);
    const { email, role } = await parseBody(request, inviteToOrgSchema);
    const invited = valueOrFail(await inviteToOrg(getPrisma(), { orgId, email, role, by: { id: user.id, orgRole } }));
    return apiJson(invited, 201);
  });
}
