import { orgRoleOf } from '@/lib/auth/access';
import { canManageOrg, type OrgRole } from '@/lib/auth/roles';
import { getPrisma } from '@/lib/db/client';
import { ApiFailure, apiError, requireUser } from './api';
import type { CurrentUser } from './currentUser';

/**
 * The signed-in user and their role in the organization: 401 signed out, 404 not a member (no
 * probing of ids), 403 when `manage` is asked and they are a plain member.
 */
export async function requireOrgRole(request: Request, orgId: string, manage: boolean): Promise<{ user: CurrentUser; orgRole: OrgRole }> {
  const user = await requireUser(request);
  const orgRole = await orgRoleOf(getPrisma(), user.id, orgId);
  if (!orgRole) throw new ApiFailure(apiError('not_found', `no organization ${orgId}`));
  if (manage && !canManageOrg(orgRole)) throw new ApiFailure(apiError('forbidden', 'this needs the owner or admin role in the organization'));
  return { user, orgRole };
}
