import { apiError, handle, parseParams, requireBuildingAccess } from '@/app/_lib/api';
import { exportIfc, ifcAttachment } from '@/app/_lib/ifcImport';
import { loadBuilding } from '@/app/_lib/loadBuilding';
import { buildingParams } from '@/app/_lib/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/buildings/:id/export/ifc -> the building as an IFC4 file (`application/x-step`,
 * downloaded as `<building name>.ifc`). Anyone with access: every role, and share links. Read
 * from the store, so it lags the live document by at most the collaboration server's write
 * window (100 ms). 401 signed out without a share link, 404 no access or no such building.
 */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingAccess(request, id);
    const loaded = await loadBuilding(id);
    if (!loaded?.snapshot) return apiError('not_found', `building ${id} has no model to export`);
    const bytes = await exportIfc(id, loaded.snapshot);
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'content-type': 'application/x-step',
        'content-length': String(bytes.byteLength),
        'content-disposition': ifcAttachment(loaded.snapshot.meta.name),
        'cache-control': 'no-store',
      },
    });
  });
}
