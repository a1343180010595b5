import { apiError, handle } from '@/app/_lib/api';
import { mayReadAssets } from '@/app/_lib/assetAccess';
import { isAssetHash } from '@/lib/db/assetStore';
import { getAssetStore } from '@/lib/db/client';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * How long browsers keep an asset: forever (a year, immutable). The bytes of a hash never change.
 * `private`: only the browser caches it, never a shared cache, since reading assets needs a
 * session or a share link (app/_lib/assetAccess.ts) and a shared cache would hand it to anyone.
 */
const ASSET_CACHE_CONTROL = 'private, max-age=31536000, immutable';

type Context = { params: Promise<{ hash: string }> };

/**
 * GET /api/assets/:hash -> the asset's bytes (`application/octet-stream`, ETag = the hash, cached
 * immutably); 304 for a matching If-None-Match; 400 a malformed hash (64 lower-case hex); 401
 * neither signed in nor holding an active share link; 404 unknown.
 */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { hash } = await context.params;
    if (!isAssetHash(hash)) return apiError('bad_request', 'hash: must be a sha256 digest (64 lower-case hex characters)');
    if (!(await mayReadAssets(request))) return apiError('unauthorized', 'sign in or open a share link first');
    const etag = `"${hash}"`;
    const headers = { etag, 'cache-control': ASSET_CACHE_CONTROL };
    if (matchesEtag(request.headers.get('if-none-match'), hash)) return new Response(null, { status: 304, headers });
    const asset = await getAssetStore().getAsset(hash);
    if (!asset) return apiError('not_found', `no asset ${hash}`);
    return new Response(asset.bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { ...headers, 'content-type': asset.contentType, 'content-length': String(asset.size), 'x-content-type-options': 'nosniff' },
    });
  });
}

/** Whether an If-None-Match header names this asset (`*`, or the ETag, weak or strong, among others). */
function matchesEtag(header: string | null, hash: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === `"${hash}"`;
  });
}
