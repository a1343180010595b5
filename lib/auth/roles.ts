import type { DocPart } from '../protocol';

/** Per-building roles (ARCHITECTURE.md section 6), from most to least powerful. */
export const BUILDING_ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const;
export type BuildingRole = (typeof BUILDING_ROLES)[number];

/**
 * Who may write which document of a building: the model only owners and editors; the review
 * (comments) also commenters. Viewers read both.
 */
export function canWriteDoc(role: BuildingRole, part: DocPart): boolean {
  if (part === 'model') return role === 'owner' || role === 'editor';
  return role !== 'viewer';
}

/** Organization roles (ARCHITECTURE.md section 6), from most to least powerful. */
export const ORG_ROLES = ['owner', 'admin', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

const RANK: Record<BuildingRole, number> = { owner: 3, editor: 2, commenter: 1, viewer: 0 };

/** Rank of each organization role: a higher number grants more. */
export const ORG_RANK: Readonly<Record<OrgRole, number>> = { owner: 3, admin: 2, member: 1 };

/** True when the organization role `role` grants at least what `minimum` grants. */
export function hasAtLeastOrg(role: OrgRole | null | undefined, minimum: OrgRole): boolean {
  return role != null && ORG_RANK[role] >= ORG_RANK[minimum];
}

/** True when `role` grants at least what `minimum` grants. */
export function hasAtLeast(role: BuildingRole | null | undefined, minimum: BuildingRole): boolean {
  return role != null && RANK[role] >= RANK[minimum];
}

/** The more powerful of two roles (null = no role). */
export function higherRole(a: BuildingRole | null, b: BuildingRole | null): BuildingRole | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The role of someone on a building who may hold both their own role (`userRole`, null for a
 * guest or an outsider) and a share link's: the higher wins. On a tie the person's own role
 * counts, so `linkId` is set only when the link grants more, and only then does access depend on
 * the link staying active. Null when neither grants anything.
 */
export function resolveBuildingRole({ userRole, link }: { userRole: BuildingRole | null; link: { id: string; role: BuildingRole } | null }): { role: BuildingRole; linkId?: string } | null {
  const role = higherRole(userRole, link?.role ?? null);
  if (role === null) return null;
  return link && (userRole === null || role !== userRole) ? { role, linkId: link.id } : { role };
}

/**
 * What an organization role grants on every building of that organization (docs/DECISIONS.md):
 * owners and admins administer the organization's buildings (owner), members edit them (editor).
 */
export function buildingRoleFromOrgRole(orgRole: OrgRole): BuildingRole {
  return orgRole === 'member' ? 'editor' : 'owner';
}

/**
 * The effective role of a user on a building:
 * - organization owners and admins are always `owner` (they could lift any override anyway);
 * - otherwise a per-building override (BuildingMember) wins, upwards or downwards;
 * - otherwise the organization role's default (member -> editor);
 * - no membership and no override: no role (null).
 */
export function effectiveBuildingRole(orgRole: OrgRole | null, override: BuildingRole | null): BuildingRole | null {
  if (orgRole === 'owner' || orgRole === 'admin') return 'owner';
  if (override) return override;
  return orgRole ? buildingRoleFromOrgRole(orgRole) : null;
}

/** Whether an organization role may manage members and invites of the organization. */
export function canManageOrg(orgRole: OrgRole | null | undefined): boolean {
  return hasAtLeastOrg(orgRole, 'admin');
}
