import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { apiError, apiJson, describeZodError, handle, requireBuildingAccess } from '@/app/_lib/api';
import { buildingIdSchema } from '@/app/_lib/buildings';
import { host, isSecure } from '@/app/_lib/requestOrigin';
import { authSecret, collabUrlFor } from '@/app/_lib/runtimeConfig';
import { COLLAB_TOKEN_TTL_SECONDS, mintCollabToken } from '@/lib/auth/collabToken';
import { docNames } from '@/lib/protocol';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ building: buildingIdSchema.describe('building') });

/**
 * GET /api/collab-token?building=<id> -> a 5-minute collab token for whoever asks (a signed-in
 * user, or a guest of a share link this browser opened) with their role on that building, plus
 * where to connect. Tokens granted through a share link carry its id (`link` claim), so the
 * collaboration server can refuse them once the link is revoked. 400 bad query, 401 signed out
 * (and no share link), 404 no such building or no access (indistinguishable: no probing of ids).
 */
export function GET(request: Request) {
  return handle(async () => {
    const url = new URL(request.url);
    const query = querySchema.safeParse({ building: url.searchParams.get('building') ?? undefined });
    if (!query.success) return apiError('bad_request', describeZodError(query.error));
    const buildingId = query.data.building;
    const access = await requireBuildingAccess(request, buildingId);

    const token = await mintCollabToken(
      { sub: access.principal.id, name: access.principal.name, building: buildingId, role: access.role, jti: randomUUID(), ...(access.linkId ? { link: access.linkId } : {}) },
      authSecret(),
    );
    return apiJson({
      token,
      role: access.role,
      expiresAt: new Date(Date.now() + COLLAB_TOKEN_TTL_SECONDS * 1000).toISOString(),
      url: collabUrlFor(host(request), isSecure(request)),
      docs: { model: docNames.model(buildingId), review: docNames.review(buildingId) },
    });
  });
}
