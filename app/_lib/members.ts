import type { PrismaClient } from '@/lib/db/client';
import { effectiveBuildingRole, type BuildingRole, type OrgRole } from '@/lib/auth/roles';

/** One person with a role on a building, and where the role comes from. */
export interface BuildingMemberView {
  userId: string;
  name: string;
  email: string;
  role: BuildingRole;
  orgRole: OrgRole | null;
  /** The per-building role, when one is set (it overrides the organization's default). */
  override: BuildingRole | null;
}

/** Everyone with a role on the building: organization members and per-building members. */
export async function buildingMembers(prisma: PrismaClient, buildingId: string): Promise<BuildingMemberView[]> {
  const building = await prisma.building.findUniqueOrThrow({
    where: { id: buildingId },
    select: {
      organization: { select: { memberships: { select: { role: true, user: { select: { id: true, name: true, email: true } } } } } },
      members: { select: { role: true, user: { select: { id: true, name: true, email: true } } } },
    },
  });
  const people = new Map<string, { name: string; email: string; orgRole: OrgRole | null; override: BuildingRole | null }>();
  for (const m of building.organization.memberships) people.set(m.user.id, { name: m.user.name, email: m.user.email, orgRole: m.role, override: null });
  for (const m of building.members) {
    const entry = people.get(m.user.id) ?? { name: m.user.name, email: m.user.email, orgRole: null, override: null };
    entry.override = m.role;
    people.set(m.user.id, entry);
  }
  return [...people.entries()]
    .map(([userId, p]) => ({ userId, ...p, role: effectiveBuildingRole(p.orgRole, p.override)! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
