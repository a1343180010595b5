import { z } from 'zod';
import { apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { buildingParams } from '@/app/_lib/schemas';
import { listVersions, saveVersion } from '@/app/_lib/versions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const saveVersionSchema = z.strictObject({
  label: z.string().trim().min(1, 'label is required').max(200, 'label must be at most 200 characters'),
  /** Saved by ArxOS rather than named by a person (the editor's IFC import sends true). */
  auto: z.boolean().optional(),
});

/** GET /api/v1/buildings/:id/versions -> {versions: [{id, label, createdBy, createdAt, kind, summary}]}, newest first; every member. */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'viewer');
    return apiJson({ versions: await listVersions(id) });
  });
}

/**
 * POST /api/v1/buildings/:id/versions {label, auto?} -> 201 {version}: the live model (as the
 * collaboration server holds it, not the store's copy) saved as a named version. Editors and owners.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    const { user } = await requireBuildingRole(request, id, 'editor');
    const { label, auto } = await parseBody(request, saveVersionSchema);
    return apiJson({ version: await saveVersion(id, label, user.id, auto === true) }, 201);
  });
}
