import { apiError, apiJson, handle, parseParams, readBodyBytes, requireBuildingRole, requireContentType, requireSameOrigin } from '@/app/_lib/api';
import { buildingParams } from '@/app/_lib/schemas';
import { assetHash } from '@/lib/db/assetStore';
import { getAssetStore } from '@/lib/db/client';

/** Largest snapshot: a picture of one view, not a photo archive (every reader of the thread downloads it). */
const SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024;

/** The image types taken, with the bytes each must start with. */
const SIGNATURES: Record<string, readonly number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/buildings/:id/snapshots (body: a PNG or JPEG image, `image/png` or `image/jpeg`,
 * at most 2 MiB) -> {hash}: stores a review viewpoint's snapshot as a content-addressed asset
 * (served from /api/assets/:hash with its type) and answers its sha256, which the viewpoint names.
 * Owners, editors and commenters of the building (who may write review threads). 400 when the
 * bytes are not an image of the type sent, 413 over 2 MiB, 415 another type; nothing stored then.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'commenter');
    const contentType = requireContentType(request, Object.keys(SIGNATURES));
    const bytes = await readBodyBytes(request, SNAPSHOT_MAX_BYTES);
    const signature = SIGNATURES[contentType]!;
    if (bytes.byteLength <= signature.length || signature.some((b, i) => bytes[i] !== b)) return apiError('bad_request', `body: not a ${contentType === 'image/png' ? 'PNG' : 'JPEG'} image; nothing was stored`);
    const hash = assetHash(bytes);
    await getAssetStore().putAssets([{ hash, bytes, contentType }]);
    return apiJson({ hash });
  });
}
