import { z } from 'zod';
import { activityQuerySchema, elementHistory } from '@/app/_lib/activity';
import { apiError, apiJson, describeZodError, handle, parseParams, requireBuildingRole } from '@/app/_lib/api';
import { buildingIdSchema } from '@/app/_lib/buildings';
import { idSchema } from '@/lib/model';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; elementId: string }> };
const params = z.object({ id: buildingIdSchema, elementId: idSchema });
const querySchema = activityQuerySchema.pick({ limit: true });

/**
 * GET /api/v1/buildings/:id/elements/:elementId/history?limit= -> {changes: [...]}: who changed
 * which fields of one element when, newest first, as in the activity feed; `limit` 1..200
 * (default 50). An element that never existed has no changes (not a 404: a deleted one keeps
 * its history). Every member.
 */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id, elementId } = await parseParams(context.params, params);
    await requireBuildingRole(request, id, 'viewer');
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return apiError('bad_request', describeZodError(query.error));
    return apiJson({ changes: await elementHistory(id, elementId, query.data.limit) });
  });
}
