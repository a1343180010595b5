import { apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin, valueOrFail } from '@/app/_lib/api';
import { buildingMembers, setBuildingMember } from '@/app/_lib/members';
import { buildingParams, setBuildingMemberSchema } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/buildings/:id/members -> {members, invites}; owners only. */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'owner');
    const prisma = getPrisma();
    const [members, invites] = await Promise.all([
      buildingMembers(prisma, id),
      prisma.invite.findMany({ where: { buildingId: id, acceptedAt: null, revokedAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true, email: true, buildingRole: true, createdAt: true } }),
    ]);
    return apiJson({ members, invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.buildingRole, createdAt: i.createdAt })) });
  });
}

/**
 * PUT /api/v1/buildings/:id/members {email, role} -> sets the per-building role of that person;
 * owners only. An existing account gets it at once (200 {status: 'member'}; a lower role than
 * before closes their live connections); an email without an account gets an invite, accepted
 * when it signs up or in (201 {status: 'invited'}). Organization owners and admins are always
 * owners of its buildings: 409.
 */
export function PUT(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    const { user } = await requireBuildingRole(request, id, 'owner');
    const { email, role } = await parseBody(request, setBuildingMemberSchema);
    const outcome = valueOrFail(await setBuildingMember(getPrisma(), { buildingId: id, email, role, invitedBy: user.id }));
    return apiJson(outcome, outcome.status === 'invited' ? 201 : 200);
  });
}
