import { getPrisma } from '@/lib/db/client';
import type { BuildingRole } from '@/lib/auth/roles';

/** The signed-in user as route handlers see it. */
export interface CurrentUser {
  id: string;
  name: string;
}

export const DEV_USER_EMAIL = 'demo@arxos.local';

/**
 * Who is asking. Until accounts arrive (issue #4) every request acts as the seeded demo user;
 * this function is the one place that changes when sessions do.
 */
export async function currentUser(): Promise<CurrentUser | null> {
  const user = await getPrisma().user.findUnique({ where: { email: DEV_USER_EMAIL }, select: { id: true, name: true } });
  return user;
}

/**
 * The user's role on a building, or null if they have none (or the building does not exist).
 * Until accounts arrive: owner of every building of an organization they belong to.
 */
export async function roleOnBuilding(user: CurrentUser, buildingId: string): Promise<BuildingRole | null> {
  const building = await getPrisma().building.findFirst({
    where: { id: buildingId, deletedAt: null },
    select: { organization: { select: { memberships: { where: { userId: user.id }, select: { role: true } } } } },
  });
  if (!building) return null;
  return building.organization.memberships.length > 0 ? 'owner' : null;
}
