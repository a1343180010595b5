import { apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { renameBuilding } from '@/app/_lib/buildings';
import { closeLiveConnections } from '@/app/_lib/revoke';
import { buildingParams, updateBuildingSchema } from '@/app/_lib/schemas';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/buildings/:id -> {building: {id, name, address, orgId, role}}; any role. */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    const { role } = await requireBuildingRole(request, id, 'viewer');
    const row = await getPrisma().building.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, address: true, orgId: true, createdAt: true, updatedAt: true } });
    return apiJson({ building: { ...row, role } });
  });
}

/** PATCH /api/v1/buildings/:id {name?, address?} -> {building}; editors and owners (the name is part of the model). */
export function PATCH(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    const { user, role } = await requireBuildingRole(request, id, 'editor');
    const patch = await parseBody(request, updateBuildingSchema);
    const row = await renameBuilding(getPrisma(), id, patch, user.id);
    return apiJson({ building: { id: row.id, name: row.name, address: row.address, orgId: row.orgId, role } });
  });
}

/**
 * DELETE /api/v1/buildings/:id -> {deleted: id}; owners only. Soft delete (deletedAt): the row and
 * its documents stay recoverable; every live connection to it is closed.
 */
export function DELETE(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'owner');
    await getPrisma().building.update({ where: { id }, data: { deletedAt: new Date() } });
    await closeLiveConnections({ building: id });
    return apiJson({ deleted: id });
  });
}
