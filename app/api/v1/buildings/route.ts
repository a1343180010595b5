import { apiJson, handle, parseBody, requireSameOrigin, requireUser, valueOrFail } from '@/app/_lib/api';
import { createBuilding } from '@/app/_lib/buildings';
import { chooseOrgForNewBuilding } from '@/app/_lib/members';
import { createBuildingSchema } from '@/app/_lib/schemas';
import { accessibleBuildings } from '@/lib/auth/access';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** GET /api/v1/buildings -> {buildings: [{id, name, address, orgId, orgName, role, updatedAt}]}: the ones I can access. */
export function GET(request: Request) {
  return handle(async () => {
    const user = await requireUser(request);
    return apiJson({ buildings: await accessibleBuildings(getPrisma(), user.id) });
  });
}

/**
 * POST /api/v1/buildings {name, address?, orgId?} -> 201 {building}: a new building with an empty
 * model, in `orgId` (default: my own organization, else the first I belong to). Any member of the
 * organization may create; the creator is its owner. 404 for an organization I am not in.
 */
export function POST(request: Request) {
  return handle(async () => {
    requireSameOrigin(request);
    const user = await requireUser(request);
    const body = await parseBody(request, createBuildingSchema);
    const prisma = getPrisma();
    const { orgId, creatorIsOrgAdmin } = valueOrFail(await chooseOrgForNewBuilding(prisma, user.id, body.orgId));
    const building = await createBuilding(prisma, { orgId, name: body.name, address: body.address, createdBy: user.id, creatorIsOrgAdmin });
    return apiJson({ building: { id: building.id, name: building.name, address: building.address, orgId: building.orgId, role: 'owner' } }, 201);
  });
}
