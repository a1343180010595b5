import { apiError, apiJson, handle, parseBody, parseParams, requireSameOrigin } from '@/app/_lib/api';
import { requireOrgRole } from '@/app/_lib/orgAccess';
import { inviteToOrgSchema, orgParams } from '@/app/_lib/schemas';
import { acceptPendingInvites } from '@/lib/auth/accounts';
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
    if (role === 'owner' && orgRole !== 'owner') return apiError('forbidden', 'only an owner can invite an owner');
    const prisma = getPrisma();
    const invite = await prisma.invite.create({ data: { email, orgId, orgRole: role, invitedBy: user.id } });
    const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true } });
    if (existing) await acceptPendingInvites(prisma, existing);
    return apiJson({ invite: { id: invite.id, email, role }, status: existing ? 'accepted' : 'pending' }, 201);
  });
}
