import { apiJson, handle, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { buildingChildParams } from '@/app/_lib/schemas';
import { restoreVersion } from '@/app/_lib/versions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; versionId: string }> };
const params = buildingChildParams('versionId');

/**
 * POST /api/v1/buildings/:id/versions/:versionId/restore -> {restored, before, applied}: the
 * building's model given the version's content as ONE new change on top of history, live for
 * everyone connected; `before` is the version saved just before it (restoring it undoes the
 * restore). Editors and owners. 404 for a version of another building.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id, versionId } = await parseParams(context.params, params);
    const { user } = await requireBuildingRole(request, id, 'editor');
    return apiJson(await restoreVersion(id, versionId, user.id));
  });
}
