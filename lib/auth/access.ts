/**
 * Who may do what on which building, read from the database. The rules themselves are pure
 * functions in ./roles.ts; this file only gathers their inputs.
 */
import type { PrismaClient } from '@/lib/db/generated/client';
import { effectiveBuildingRole, type BuildingRole, type OrgRole } from './roles';

/** A building the user can access, with their role on it. */
export interface AccessibleBuilding {
  id: string;
  name: string;
  address: string;
  orgId: string;
  orgName: string;
  updatedAt: Date;
  role: BuildingRole;
}

/**
 * The user's role on a (not deleted) building, or null when they have none or the building does
 * not exist. Callers answer both cases the same way (404) so ids cannot be probed.
 */
export async function buildingRoleOf(prisma: PrismaClient, userId: string, buildingId: string): Promise<BuildingRole | null> {
  // One statement (Prisma's nested select runs it as several and costs 3-5x the CPU): the
  // collab server asks this on every WebSocket upgrade, so a reconnect storm asks it per client.
  const rows = await prisma.$queryRaw<{ org_role: OrgRole | null; override: BuildingRole | null }[]>`
    SELECT m."role"::text AS org_role, bm."role"::text AS override
    FROM "buildings" b
    LEFT JOIN "memberships" m ON m."org_id" = b."org_id" AND m."user_id" = ${userId}
    LEFT JOIN "building_members" bm ON bm."building_id" = b."id" AND bm."user_id" = ${userId}
    WHERE b."id" = ${buildingId} AND b."deleted_at" IS NULL`;
  const row = rows[0];
  return row ? effectiveBuildingRole(row.org_role, row.override) : null;
}

/** The user's role in an organization, or null. */
export async function orgRoleOf(prisma: PrismaClient, userId: string, orgId: string): Promise<OrgRole | null> {
  const membership = await prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } });
  return (membership?.role ?? null) as OrgRole | null;
}

/** Every building the user can access (through an organization or a per-building role), oldest first. */
export async function accessibleBuildings(prisma: PrismaClient, userId: string): Promise<AccessibleBuilding[]> {
  const rows = await prisma.building.findMany({
    where: {
      deletedAt: null,
      OR: [{ organization: { memberships: { some: { userId } } } }, { members: { some: { userId } } }],
    },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      name: true,
      address: true,
      orgId: true,
      updatedAt: true,
      organization: { select: { name: true, memberships: { where: { userId }, select: { role: true } } } },
      members: { where: { userId }, select: { role: true } },
    },
  });
  const result: AccessibleBuilding[] = [];
  for (const row of rows) {
    const role = effectiveBuildingRole(
      (row.organization.memberships[0]?.role ?? null) as OrgRole | null,
      (row.members[0]?.role ?? null) as BuildingRole | null,
    );
    if (role) result.push({ id: row.id, name: row.name, address: row.address, orgId: row.orgId, orgName: row.organization.name, updatedAt: row.updatedAt, role });
  }
  return result;
}
