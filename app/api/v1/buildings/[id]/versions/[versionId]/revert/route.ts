import { z } from 'zod';
import { apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { buildingChildParams } from '@/app/_lib/schemas';
import { revertUserSince } from '@/app/_lib/versions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; versionId: string }> };
const params = buildingChildParams('versionId');
const bodySchema = z.strictObject({ userId: z.string().trim().min(1, 'userId is required').max(200) });

/**
 * POST /api/v1/buildings/:id/versions/:versionId/revert {userId} -> {since, before, applied, kept}:
 * what that person changed since the version put back, as ONE new change live for everyone;
 * fields and records someone else changed after them are kept and listed in `kept`; `before` is
 * the version saved just before (restoring it undoes the revert). Editors and owners.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id, versionId } = await parseParams(context.params, params);
    const { user } = await requireBuildingRole(request, id, 'editor');
    const { userId } = await parseBody(request, bodySchema);
    return apiJson(await revertUserSince(id, versionId, userId, user.id));
  });
}
