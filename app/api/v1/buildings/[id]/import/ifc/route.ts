import { apiError, apiJson, handle, parseParams, readBodyBytes, requireBuildingRole, requireContentType, requireSameOrigin } from '@/app/_lib/api';
import { IfcImportError, importIfc, ImportRefused } from '@/app/_lib/ifcImport';
import { ifcMaxBytes } from '@/app/_lib/runtimeConfig';
import { buildingParams } from '@/app/_lib/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/buildings/:id/import/ifc (body: the IFC file as `application/x-step` or
 * `application/octet-stream`) -> {counts, warnings, storeys, elements, schema, project}: the file's
 * storeys and elements added to the building as new storeys (above any it has) in ONE change,
 * which open editors see arrive live (app/_lib/ifcImport.ts). Editors and owners.
 *
 * Errors, each with nothing written: 401 / 404 / 403 (auth), 415 another content type, 413 over
 * ARXOS_IFC_MAX_BYTES (default 100 MiB; from Content-Length, else counted as it streams in),
 * 422 `{error: 'unprocessable', message, code}` for a file that cannot be imported (`code`: lib/ifc
 * `IfcImportError` codes such as `not_ifc`, `truncated`, `empty_model`; `refused` when the model
 * refuses its records; `issues` when the collaboration server refuses the change), 503 when the
 * reader or the collaboration server is unavailable.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    const { user } = await requireBuildingRole(request, id, 'editor');
    requireContentType(request, ['application/x-step', 'application/octet-stream']);
    const maxBytes = ifcMaxBytes();
    const bytes = await readBodyBytes(request, maxBytes);
    try {
      const summary = await importIfc(id, bytes, { user: user.id, maxBytes, signal: request.signal });
      return apiJson(summary);
    } catch (error) {
      if (error instanceof IfcImportError) {
        if (error.code === 'too_large') return apiError('payload_too_large', error.message, { code: error.code, limit: maxBytes });
        if (error.code === 'reader_unavailable') return apiError('unavailable', error.message, { code: error.code });
        return apiError('unprocessable', error.message, { code: error.code });
      }
      if (error instanceof ImportRefused) return apiError('unprocessable', error.message, { code: 'refused' });
      throw error;
    }
  });
}
