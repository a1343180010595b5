import { describe, expect, it } from 'vitest';
import { canManageOrg, effectiveBuildingRole, hasAtLeast, hasAtLeastOrg, higherRole, resolveBuildingRole } from '@/lib/auth/roles';

describe('effective building role (organization role, per-building override)', () => {
  it.each([
    ['owner', null, 'owner'],
    ['admin', null, 'owner'],
    ['member', null, 'editor'],
    [null, null, null],
    // Overrides win for members and outsiders, up or down ...
    ['member', 'viewer', 'viewer'],
    ['member', 'owner', 'owner'],
    [null, 'commenter', 'commenter'],
    // ... but organization owners and admins stay owners.
    ['owner', 'viewer', 'owner'],
    ['admin', 'commenter', 'owner'],
  ] as const)('org %s + override %s -> %s', (orgRole, override, expected) => {
    expect(effectiveBuildingRole(orgRole, override)).toBe(expected);
  });
});

describe('role order', () => {
  it('ranks owner > editor > commenter > viewer', () => {
    expect(hasAtLeast('owner', 'editor')).toBe(true);
    expect(hasAtLeast('editor', 'editor')).toBe(true);
    expect(hasAtLeast('commenter', 'editor')).toBe(false);
    expect(hasAtLeast(null, 'viewer')).toBe(false);
    expect(higherRole('viewer', 'commenter')).toBe('commenter');
    expect(higherRole(null, 'viewer')).toBe('viewer');
    expect(higherRole(null, null)).toBeNull();
  });
});

describe('organization role order', () => {
  it('ranks owner > admin > member, and only owners and admins manage the organization', () => {
    expect(hasAtLeastOrg('owner', 'admin')).toBe(true);
    expect(hasAtLeastOrg('admin', 'admin')).toBe(true);
    expect(hasAtLeastOrg('member', 'admin')).toBe(false);
    expect(hasAtLeastOrg('admin', 'owner')).toBe(false);
    expect(hasAtLeastOrg(null, 'member')).toBe(false);
    expect([canManageOrg('owner'), canManageOrg('admin'), canManageOrg('member'), canManageOrg(null)]).toEqual([true, true, false, false]);
  });
});

describe('building role of someone with their own role and a share link (the higher wins)', () => {
  const link = (role: 'owner' | 'editor' | 'commenter' | 'viewer') => ({ id: 'l1', role });
  it.each([
    ['no role, no link', null, null, null],
    ['a guest of a viewer link', null, link('viewer'), { role: 'viewer', linkId: 'l1' }],
    ['a viewer who opened an editor link', 'viewer', link('editor'), { role: 'editor', linkId: 'l1' }],
    ['an editor who opened a viewer link', 'editor', link('viewer'), { role: 'editor' }],
    ['an editor who opened an editor link (a tie: their own role, not the link)', 'editor', link('editor'), { role: 'editor' }],
    ['a commenter without a link', 'commenter', null, { role: 'commenter' }],
  ] as const)('%s', (_label, userRole, shareLink, expected) => {
    expect(resolveBuildingRole({ userRole, link: shareLink })).toEqual(expected);
  });
});

describe('sign-in error messages', () => {
  it('shows our words and translated next-auth codes, never arbitrary text from the URL', async () => {
    const { describeSignInError } = await import('@/lib/auth/signInMessages');
    expect(describeSignInError('CredentialsSignin')).toBe('Wrong email or password.');
    expect(describeSignInError('Wrong email or password.')).toBe('Wrong email or password.');
    expect(describeSignInError('Too many failed sign-in attempts for this email. Try again in 12 minutes.')).toBe('Too many failed sign-in attempts for this email. Try again in 12 minutes.');
    expect(describeSignInError('Your account is locked, call +1 555 0100')).toBe('Signing in failed. Try again.');
  });
});
