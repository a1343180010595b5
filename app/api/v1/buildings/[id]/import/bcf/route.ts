import { apiError, apiJson, handle, parseParams, readBodyBytes, requireBuildingRole, requireContentType, requireSameOrigin } from '@/app/_lib/api';
import { importBcf } from '@/app/_lib/bcf';
import { bcfMaxBytes } from '@/app/_lib/runtimeConfig';
import { buildingParams } from '@/app/_lib/schemas';
import { BcfImportError } from '@/lib/bcf/types';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/buildings/:id/import/bcf (body: a .bcfzip / .bcf archive, BCF 3.0 or 2.1, as
 * `application/zip`, `application/x-bcf` or `application/octet-stream`) -> {version, topics,
 * comments, viewpoints, unresolved, warnings}: the topics added to the review threads in ONE change
 * that open reviewers see arrive; components resolved to elements by IfcGuid, the rest listed in
 * `unresolved` and kept. Owners, editors and commenters.
 *
 * Errors, each with nothing written: 413 over ARXOS_BCF_MAX_BYTES (default 50 MiB); 415 another
 * content type; 422 `{error: 'unprocessable', message, code}` for an archive it cannot read
 * (`code`: `not_zip`, `empty`, `no_markup`, `broken_xml`, `zip_bomb`, `unsupported_version`, …).
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    const { user } = await requireBuildingRole(request, id, 'commenter');
    requireContentType(request, ['application/zip', 'application/x-bcf', 'application/octet-stream']);
    const maxBytes = bcfMaxBytes();
    const bytes = await readBodyBytes(request, maxBytes);
    try {
      return apiJson(await importBcf(id, bytes, { id: user.id, name: user.name }));
    } catch (error) {
      if (error instanceof BcfImportError) {
        if (error.code === 'too_large') return apiError('payload_too_large', error.message, { code: error.code, limit: maxBytes });
        return apiError('unprocessable', error.message, { code: error.code });
      }
      throw error;
    }
  });
}
