import { apiError, apiJson, handle, parseParams, requireBuildingRole } from '@/app/_lib/api';
import { buildingChildParams, pathIdSchema } from '@/app/_lib/schemas';
import { diffVersions } from '@/app/_lib/versions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; versionId: string }> };
const params = buildingChildParams('versionId');

/**
 * GET /api/v1/buildings/:id/versions/:versionId/diff?to=now|<versionId> -> {from, to, elements,
 * storeys, connections, meta}: what changed from the version to `to` (default `now`, the stored
 * model, at most the collaboration server's write window behind), per record added / removed /
 * changed, and per changed field its value before and after; with `records=1` also the whole
 * old record of each removed and changed element (to draw where it was). Every member.
 */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id, versionId } = await parseParams(context.params, params);
    await requireBuildingRole(request, id, 'viewer');
    const query = new URL(request.url).searchParams;
    const to = query.get('to') ?? 'now';
    if (to !== 'now' && !pathIdSchema.safeParse(to).success) return apiError('bad_request', `to must be "now" or a version id, not ${JSON.stringify(to.slice(0, 80))}`);
    return apiJson(await diffVersions(id, versionId, to, { records: query.get('records') === '1' }));
  });
}
