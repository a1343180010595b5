import { apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { buildingParams, createShareLinkSchema } from '@/app/_lib/schemas';
import { origin } from '@/app/_lib/requestOrigin';
import { shareLinkView } from '@/app/_lib/shareLinkView';
import { newShareLinkToken } from '@/lib/auth/shareLinks';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/buildings/:id/share-links -> {links: [{id, role, allowGuests, expiresAt, createdAt, revokedAt, state}]}; owners only. */
export function GET(request: Request, context: Context) {
  return handle(async () => {
    const { id } = await parseParams(context.params, buildingParams);
    await requireBuildingRole(request, id, 'owner');
    const links = await getPrisma().shareLink.findMany({ where: { buildingId: id }, orderBy: { createdAt: 'desc' } });
    return apiJson({ links: links.map(shareLinkView) });
  });
}

/**
 * POST /api/v1/buildings/:id/share-links {role (editor|commenter|viewer), expiresAt (ISO, within
 * 90 days), allowGuests?} -> 201 {link, url}: the URL holds the token and is shown only now
 * (only its hash is stored). Owners only.
 */
export function POST(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id } = await parseParams(context.params, buildingParams);
    const { user } = await requireBuildingRole(request, id, 'owner');
    const body = await parseBody(request, createShareLinkSchema);
    const { token, tokenHash } = newShareLinkToken();
    const link = await getPrisma().shareLink.create({
      data: { buildingId: id, tokenHash, role: body.role, allowGuests: body.allowGuests, expiresAt: body.expiresAt, createdBy: user.id },
    });
    return apiJson({ link: shareLinkView(link), url: `${origin(request)}/s/${token}` }, 201);
  });
}
