import { ApiFailure, apiError, apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { closeLiveConnections } from '@/app/_lib/revoke';
import { buildingChildParams, updateShareLinkSchema } from '@/app/_lib/schemas';
import { shareLinkView } from '@/app/_lib/shareLinkView';
import { hasAtLeast } from '@/lib/auth/roles';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = buildingChildParams('linkId');
type Context = { params: Promise<{ id: string; linkId: string }> };

/** The route's building and link ids, for an owner of the building. */
async function guard(request: Request, context: Context) {
  requireSameOrigin(request);
  const ids = await parseParams(context.params, params);
  await requireBuildingRole(request, ids.id, 'owner');
  return ids;
}

/** The share link `linkId` of the building; 404 otherwise. */
async function findLink(buildingId: string, linkId: string) {
  const link = await getPrisma().shareLink.findFirst({ where: { id: linkId, buildingId } });
  if (!link) throw new ApiFailure(apiError('not_found', `no share link ${linkId}`));
  return link;
}

/**
 * PATCH /api/v1/buildings/:id/share-links/:linkId {role?, expiresAt?} -> {link}; owners only.
 * A lower role or an earlier expiry closes the live connections opened through the link (their
 * clients reconnect with the new role). 409 for a revoked link.
 */
export function PATCH(request: Request, context: Context) {
  return handle(async () => {
    const { id, linkId } = await guard(request, context);
    const patch = await parseBody(request, updateShareLinkSchema);
    const link = await findLink(id, linkId);
    if (link.revokedAt) return apiError('conflict', 'this share link is revoked');
    const updated = await getPrisma().shareLink.update({ where: { id: linkId }, data: patch });
    const downgraded = patch.role !== undefined && !hasAtLeast(patch.role, link.role);
    const shortened = patch.expiresAt !== undefined && patch.expiresAt < link.expiresAt;
    if (downgraded || shortened) await closeLiveConnections({ building: id, link: linkId });
    return apiJson({ link: shareLinkView(updated) });
  });
}

/** DELETE /api/v1/buildings/:id/share-links/:linkId -> {link} revoked; closes its live connections; owners only. */
export function DELETE(request: Request, context: Context) {
  return handle(async () => {
    const { id, linkId } = await guard(request, context);
    const link = await findLink(id, linkId);
    const revoked = link.revokedAt ? link : await getPrisma().shareLink.update({ where: { id: linkId }, data: { revokedAt: new Date() } });
    await closeLiveConnections({ building: id, link: linkId });
    return apiJson({ link: shareLinkView(revoked) });
  });
}
