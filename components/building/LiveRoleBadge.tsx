'use client';

import type { BuildingRole } from '@/lib/auth/roles';
import { useLiveAccess } from './liveAccess';

/**
 * The visitor's role on the building, as the header shows it: the role the page was rendered
 * with, then the role of each collab token (a downgrade or upgrade shows without a reload).
 */
export function LiveRoleBadge({ buildingId, role, guest }: { buildingId: string; role: BuildingRole; guest: boolean }) {
  const access = useLiveAccess(buildingId);
  const shown = access === undefined ? role : access.state === 'removed' ? null : access.role;
  if (shown === null) return null;
  return (
    <span data-testid="building-role" data-role={shown} className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700">
      {shown}
      {guest ? ' · guest' : ''}
    </span>
  );
}
