import { cookies } from 'next/headers';
import { buildingRoleOf } from '@/lib/auth/access';
import { resolveBuildingRole, type BuildingRole } from '@/lib/auth/roles';
import { activeShareLink } from '@/lib/auth/shareLinks';
import { shareCookieName, verifyShareGrant } from '@/lib/auth/shareGrant';
import { getPrisma } from '@/lib/db/client';
import { currentUser, requestCookies, type CurrentUser } from './currentUser';
import { authSecret } from './runtimeConfig';

/** Who is looking at a building and with what role. */
export interface BuildingAccess {
  /** The account, or a guest of a share link (`id` = `guest:<random>`). */
  principal: { id: string; name: string; guest: boolean };
  role: BuildingRole;
  /** The share link the role came from, when it came from one (then collab tokens carry it). */
  linkId?: string;
}

/** The outcome: access, or whether anyone is signed in at all (401 vs 404 for the caller). */
export type BuildingAccessResult = { ok: true; value: BuildingAccess; user: CurrentUser | null } | { ok: false; user: CurrentUser | null; hasShareCookie: boolean };

/**
 * The role of whoever asks on `buildingId`: the signed-in user's own role (organization /
 * per-building), and the role of a share link this browser opened (share cookie), the higher
 * wins. A guest (no account) gets the link's role only if the link allows guests. Every link is
 * re-checked in the database, so a revoked, expired or downgraded link stops working at once.
 */
export async function buildingAccess(buildingId: string, request?: Request): Promise<BuildingAccessResult> {
  const prisma = getPrisma();
  const user = await currentUser(request);
  const cookieValue = request ? requestCookies(request)[shareCookieName(buildingId)] : (await cookies()).get(shareCookieName(buildingId))?.value;
  const [userRole, grant] = await Promise.all([
    user ? buildingRoleOf(prisma, user.id, buildingId) : Promise.resolve(null),
    verifyShareGrant(cookieValue, authSecret()),
  ]);

  let link: { id: string; role: BuildingRole } | null = null;
  let guest: { id: string; name: string } | undefined;
  if (grant && grant.building === buildingId) {
    const active = await activeShareLink(prisma, grant.link);
    if (active.ok && active.value.buildingId === buildingId && (user || (active.value.allowGuests && grant.guestId && grant.guestName))) {
      link = { id: active.value.id, role: active.value.role };
      if (!user) guest = { id: grant.guestId!, name: grant.guestName! };
    }
  }

  const resolved = resolveBuildingRole({ userRole, link });
  if (!resolved) return { ok: false, user, hasShareCookie: cookieValue !== undefined };
  const principal = user ? { id: user.id, name: user.name, guest: false } : { ...guest!, guest: true };
  return { ok: true, user, value: { principal, ...resolved } };
}
