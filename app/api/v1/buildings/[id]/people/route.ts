import { apiJson, handle, parseParams, requireBuildingRole } from '@/app/_lib/api';
import { buildingMembers } from '@/app/_lib/members';
import { buildingParams } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/buildings/:id/people -> {people: [{id, name}]}: the building's members by name
 * (organization members and per-building members), for @mentions and assignees in review
 * threads. Any member, whatever the role; no emails or roles (the owners' members route has
 * those). 401 signed out, 404 no role on the building.
 */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'viewer');
    const members = await buildingMembers(getPrisma(), id);
    return apiJson({ people: members.map((m) => ({ id: m.userId, name: m.name })) });
  });
}
