import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authSecret, collabUrlFor } from '@/app/_lib/runtimeConfig';
import { currentUser, roleOnBuilding } from '@/app/_lib/currentUser';
import { COLLAB_TOKEN_TTL_SECONDS, mintCollabToken } from '@/lib/auth/collabToken';
import { docNames } from '@/lib/protocol';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ building: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'building must be a building id') });

/**
 * GET /api/collab-token?building=<id> → a 5-minute collab token for the current user on that
 * building, with their role, plus where to connect. 400 bad query, 401 signed out, 404 no such
 * building or no access (indistinguishable on purpose: no probing of ids).
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const query = querySchema.safeParse({ building: url.searchParams.get('building') ?? undefined });
  if (!query.success) {
    return Response.json({ error: 'bad_request', message: query.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') }, { status: 400 });
  }
  const user = await currentUser();
  if (!user) return Response.json({ error: 'unauthorized', message: 'sign in first' }, { status: 401 });
  const buildingId = query.data.building;
  const role = await roleOnBuilding(user, buildingId);
  if (!role) return Response.json({ error: 'not_found', message: `no building ${buildingId}` }, { status: 404 });

  const token = await mintCollabToken({ sub: user.id, name: user.name, building: buildingId, role, jti: randomUUID() }, authSecret());
  const forwardedProto = request.headers.get('x-forwarded-proto');
  return Response.json(
    {
      token,
      role,
      expiresAt: new Date(Date.now() + COLLAB_TOKEN_TTL_SECONDS * 1000).toISOString(),
      url: collabUrlFor(request.headers.get('host'), forwardedProto === 'https' || url.protocol === 'https:'),
      docs: { model: docNames.model(buildingId), review: docNames.review(buildingId) },
    },
    { headers: { 'cache-control': 'no-store' } },
  );
}
