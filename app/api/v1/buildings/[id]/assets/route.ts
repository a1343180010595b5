import { apiError, apiJson, handle, parseParams, readBodyBytes, requireBuildingRole, requireContentType, requireSameOrigin } from '@/app/_lib/api';
import { assetUploadMaxBytes } from '@/app/_lib/runtimeConfig';
import { buildingParams } from '@/app/_lib/schemas';
import { assetHash } from '@/lib/db/assetStore';
import { getAssetStore } from '@/lib/db/client';
import { decodeAssetUpload } from '@/lib/ifc/assetUpload';
import { decodeMeshAsset } from '@/lib/ifc/meshAsset';

/** Largest single asset: an element's mesh; more is not a building element (and every viewer would download it). */
const MAX_ASSET_BYTES = 32 * 1024 * 1024;

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/buildings/:id/assets (body `application/octet-stream`: assets framed as in
 * lib/ifc/assetUpload.ts, each `[u32 little-endian length][bytes]`) -> {hashes, stored}: the sha256
 * of each asset, in the order sent, and how many were new. Editors and owners of the building
 * (a browser import uploads the geometry it read before it writes the elements that name it).
 * The server hashes every asset itself; storing is idempotent. Every asset must be a geometry
 * asset (lib/ifc/meshAsset.ts decodes it) of at most 32 MiB: a hostile editor cannot park other
 * bytes for everyone's browser to fetch. 400 (nothing stored) for a body that is not a sequence
 * of frames or holds anything else, 413 over ARXOS_ASSET_UPLOAD_MAX_BYTES (default 100 MiB), 415 another type.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'editor');
    requireContentType(request, ['application/octet-stream']);
    const body = await readBodyBytes(request, assetUploadMaxBytes());
    const decoded = decodeAssetUpload(body);
    if (!decoded.ok) return apiError('bad_request', `body: ${decoded.error}`);
    for (const [i, bytes] of decoded.value.entries()) {
      if (bytes.byteLength > MAX_ASSET_BYTES) return apiError('bad_request', `asset ${i + 1}: ${bytes.byteLength} bytes, more than the ${MAX_ASSET_BYTES} an element's geometry may have; nothing was stored`);
      try {
        decodeMeshAsset(bytes);
      } catch (error) {
        return apiError('bad_request', `asset ${i + 1} is not a geometry asset (${(error as Error).message}); nothing was stored`);
      }
    }
    const assets = decoded.value.map((bytes) => ({ hash: assetHash(bytes), bytes }));
    const { stored } = await getAssetStore().putAssets(assets);
    return apiJson({ hashes: assets.map((a) => a.hash), stored });
  });
}
