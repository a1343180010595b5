import { activityQuerySchema, listActivity } from '@/app/_lib/activity';
import { apiError, apiJson, describeZodError, handle, parseParams, requireBuildingRole } from '@/app/_lib/api';
import { buildingParams } from '@/app/_lib/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/buildings/:id/activity?limit=&before= -> {changes: [{id, at, user: {id, name},
 * collection, recordId, action, fields, label, kind}], next}: who changed which record's fields
 * when, newest first (collab-server/SPEC.md rule 24), `limit` 1..200 (default 50) per page,
 * older than the change `before`; `next` is the `before` of the next page, null on the last.
 * Every member.
 */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'viewer');
    const query = activityQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return apiError('bad_request', describeZodError(query.error));
    return apiJson(await listActivity(id, query.data));
  });
}
