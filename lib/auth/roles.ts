/** Per-building roles (ARCHITECTURE.md section 6), from most to least powerful. */
export const BUILDING_ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const;
export type BuildingRole = (typeof BUILDING_ROLES)[number];

export function isBuildingRole(value: unknown): value is BuildingRole {
  return typeof value === 'string' && (BUILDING_ROLES as readonly string[]).includes(value);
}

/**
 * Who may write which document of a building: the model only owners and editors; the review
 * (comments) also commenters. Viewers read both.
 */
export function canWriteDoc(role: BuildingRole, part: 'model' | 'review'): boolean {
  if (part === 'model') return role === 'owner' || role === 'editor';
  return role !== 'viewer';
}
