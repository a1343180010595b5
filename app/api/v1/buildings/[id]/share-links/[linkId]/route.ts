import { apiError, apiJson, handle, parseBody, parseParams, requireBuildingRole, requireSameOrigin } from '@/app/_lib/api';
import { closeLiveConnections } from '@/app/_lib/revoke';
import { buildingChildParams, updateShareLinkSchema } from '@/app/_lib/schemas';
import { shareLinkView } from '@/app/_lib/shareLinkView';
import { hasAtLeast } from '@/lib/auth/roles';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

const params = buildingChildParams('linkId');
type Context = { params: Promise<{ id: string; linkId: string }> };

async function findLink(buildingId: string, linkId: string) {
  return getPrisma().shareLink.findFirst({ where: { id: linkId, buildingId } });
}

/**
 * PATCH /api/v1/buildings/:id/share-links/:linkId {role?, expiresAt?} -> {link}; owners only.
 * A lower role or an earlier expiry closes the live connections opened through the link (their
 * clients reconnect with the new role). 409 for a revoked link.
 */
export function PATCH(request: Request, context: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { id, linkId } = (await parseParams(context.params, params)) as { id: string; linkId: string };
    await requireBuildingRole(request, id, 'owner');
    const patch = await parseBody(request, updateShareLinkSchema);
    const link = await findLink(id, linkId);
    if (!link) return apiError('not_found', `no share link ${linkId}`);
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
    requireSameOrigin(request);
    const { id, linkId } = (await parseParams(context.params, params)) as { id: string; linkId: string };
    await requireBuildingRole(request, id, 'owner');
    const link = await findLink(id, linkId);
    if (!link) return apiError('not_found', `no share link ${linkId}`);
    const revoked = link.revokedAt ? link : await getPrisma().shareLink.update({ where: { id: linkId }, data: { revokedAt: new Date() } });
    await closeLiveConnections({ building: id, link: linkId });
    return apiJson({ link: shareLinkView(revoked) });
  });
}
