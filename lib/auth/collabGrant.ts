/**
 * The collaboration server's second check on upgrade, after the token's signature and expiry
 * (`verifyCollabToken`): does the grant the token records still hold in the database? A token
 * lives 5 minutes; this closes the window in which a revoked link, a removed member or a
 * downgraded role could reconnect with a token minted before the change ("replay after revoke").
 */
import type { PrismaClient } from '@/lib/db/generated/client';
import { buildingRoleOf } from './access';
import type { CollabClaims } from './collabToken';
import { hasAtLeast, resolveBuildingRole, type BuildingRole } from './roles';
import { activeShareLink } from './shareLinks';

/** Why a verified token no longer grants access. */
export type CollabGrantRefusal =
  /** The share link of the token is revoked, expired, unknown, or its building was deleted. */
  | { code: 'link_revoked'; message: string }
  /** The token's role is higher than what the user or the link grants now. */
  | { code: 'downgraded'; message: string; role: BuildingRole | null }
  /** The user has no role on the building any more (or it was deleted). */
  | { code: 'no_access'; message: string };

/** Subject prefix of guests (people without an account who opened a share link that allows guests). */
export const GUEST_SUBJECT_PREFIX = 'guest:';

export function isGuestSubject(sub: string): boolean {
  return sub.startsWith(GUEST_SUBJECT_PREFIX);
}

/**
 * Checks verified collab claims against the database. OK when the role in the token is still
 * covered: through the share link of its `link` claim (active, same building, current role at
 * least the token's), or, for an account, through their current building role. Both count for
 * an account that opened a link (the higher wins, as when the token was minted).
 */
export async function authorizeCollabClaims(
  prisma: PrismaClient,
  claims: Pick<CollabClaims, 'sub' | 'building' | 'role' | 'link'>,
  now: Date = new Date(),
): Promise<{ ok: true; value: { role: BuildingRole } } | { ok: false; error: CollabGrantRefusal }> {
  let link: { id: string; role: BuildingRole } | null = null;
  if (claims.link) {
    const active = await activeShareLink(prisma, claims.link, now);
    if (!active.ok) return { ok: false, error: { code: 'link_revoked', message: `share link ${claims.link} is ${active.error.replace('_', ' ')}` } };
    if (active.value.buildingId !== claims.building) {
      return { ok: false, error: { code: 'link_revoked', message: `share link ${claims.link} is for another building` } };
    }
    link = { id: active.value.id, role: active.value.role };
  }
  const userRole = isGuestSubject(claims.sub) ? null : await buildingRoleOf(prisma, claims.sub, claims.building);
  const current = resolveBuildingRole({ userRole, link })?.role ?? null;
  if (current === null) {
    if (claims.link) return { ok: false, error: { code: 'link_revoked', message: `share link ${claims.link} grants nothing` } };
    return { ok: false, error: { code: 'no_access', message: `${claims.sub} has no role on building ${claims.building}` } };
  }
  if (!hasAtLeast(current, claims.role)) {
    return { ok: false, error: { code: 'downgraded', message: `token role ${claims.role} exceeds the current role ${current}`, role: current } };
  }
  return { ok: true, value: { role: claims.role } };
}
