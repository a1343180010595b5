import { apiError, handle, parseParams, requireBuildingAccess } from '@/app/_lib/api';
import { exportBcf } from '@/app/_lib/bcf';
import { attachment } from '@/app/_lib/ifcImport';
import { buildingParams } from '@/app/_lib/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/buildings/:id/export/bcf?version=3.0|2.1 (default 3.0) -> the building's review
 * threads as a BCF archive (`application/zip`, `<building>.bcfzip`): one topic per thread with its
 * comments and viewpoints (camera with up vector, section planes, selected / hidden / isolated
 * components by IfcGuid, snapshots). Anyone with access. Read from the store (at most the
 * collaboration server's write window behind).
 */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingAccess(request, id);
    const version = new URL(request.url).searchParams.get('version') ?? '3.0';
    if (version !== '3.0' && version !== '2.1') return apiError('bad_request', `version must be 3.0 or 2.1, not ${JSON.stringify(version.slice(0, 20))}`);
    const { bytes, name } = await exportBcf(id, version);
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'content-type': 'application/zip',
        'content-length': String(bytes.byteLength),
        'content-disposition': attachment(name, version === '2.1' ? '.bcf' : '.bcfzip'),
        'cache-control': 'no-store',
      },
    });
  });
}
