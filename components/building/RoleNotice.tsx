import { canWriteDoc, type BuildingRole } from '@/lib/auth/roles';
import type { LiveAccess } from './BuildingConnection';

/** Why editing is off (or that it is on again), in words: shown while the role cannot edit or has changed since the page loaded. */
export function describeAccess(initialRole: BuildingRole, access: LiveAccess): { text: string; tone: 'info' | 'warn' } | null {
  if (access.state === 'removed') return null;
  if (access.state === 'checking') return { text: 'Your access to this building changed or is being renewed: editing is paused until it is confirmed.', tone: 'warn' };
  const changed = access.role !== initialRole;
  if (!canWriteDoc(access.role, 'model')) {
    const who = `${access.role === 'editor' || access.role === 'owner' ? 'an' : 'a'} ${access.role}`;
    return {
      text: changed ? `Your role on this building was changed to ${access.role}: you can look around and select, but not edit.` : `You are ${who} on this building: you can look around and select, but not edit.`,
      tone: changed ? 'warn' : 'info',
    };
  }
  return changed ? { text: `Your role on this building was changed to ${access.role}: you can edit.`, tone: 'info' } : null;
}

/** The live role's consequence for editing, above the plan (see {@link describeAccess}). */
export function RoleNotice({ initialRole, access }: { initialRole: BuildingRole; access: LiveAccess }) {
  const notice = describeAccess(initialRole, access);
  if (!notice) return null;
  return (
    <p
      role="status"
      data-testid="role-notice"
      data-access={access.state}
      className={`mt-4 rounded-md border px-4 py-2 text-sm ${notice.tone === 'warn' ? 'border-amber-300 bg-amber-50 text-amber-900' : 'border-slate-200 bg-white text-slate-700'}`}
    >
      {notice.text}
    </p>
  );
}
