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
  const building = await prisma.building.findFirst({
    where: { id: buildingId, deletedAt: null },
    select: {
      organization: { select: { memberships: { where: { userId }, select: { role: true } } } },
      members: { where: { userId }, select: { role: true } },
    },
  });
  if (!building) return null;
  const orgRole = (building.organization.memberships[0]?.role ?? null) as OrgRole | null;
  const override = (building.members[0]?.role ?? null) as BuildingRole | null;
  return effectiveBuildingRole(orgRole, override);
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
