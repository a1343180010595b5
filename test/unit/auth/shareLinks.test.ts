import { describe, expect, it } from 'vitest';
import { hashShareLinkToken, isShareLinkTokenFormat, newShareLinkToken, shareLinkState } from '@/lib/auth/shareLinks';
import { mintShareGrant, verifyShareGrant } from '@/lib/auth/shareGrant';

const SECRET = 'k'.repeat(40);

describe('share link tokens', () => {
  it('are 256 random bits in base64url, stored as their sha256', () => {
    const a = newShareLinkToken();
    const b = newShareLinkToken();
    expect(a.token).not.toBe(b.token);
    expect(isShareLinkTokenFormat(a.token)).toBe(true);
    expect(a.tokenHash).toBe(hashShareLinkToken(a.token));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(isShareLinkTokenFormat('../../etc/passwd')).toBe(false);
  });

  it('have a state: revoked beats expired beats active', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(shareLinkState({ expiresAt: new Date('2030-01-02'), revokedAt: null }, now)).toBe('active');
    expect(shareLinkState({ expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(shareLinkState({ expiresAt: new Date('2030-01-02'), revokedAt: new Date('2029-12-31') }, now)).toBe('revoked');
  });
});

describe('share cookies (grants)', () => {
  const grant = { link: 'l1', building: 'b1', guestId: 'guest:abc', guestName: 'Gus' };

  it('round-trip and expire with their link', async () => {
    const token = await mintShareGrant(grant, SECRET, new Date(Date.now() + 60_000));
    expect(await verifyShareGrant(token, SECRET)).toEqual(grant);
    expect(await verifyShareGrant(token, SECRET, new Date(Date.now() + 61_000))).toBeNull();
  });

  it('are refused when forged, absent or malformed', async () => {
    expect(await verifyShareGrant(await mintShareGrant(grant, 'x'.repeat(40), new Date(Date.now() + 60_000)), SECRET)).toBeNull();
    expect(await verifyShareGrant(undefined, SECRET)).toBeNull();
    expect(await verifyShareGrant('garbage', SECRET)).toBeNull();
    expect(await verifyShareGrant(await mintShareGrant({ ...grant, guestId: 'u-not-a-guest' }, SECRET, new Date(Date.now() + 60_000)), SECRET)).toBeNull();
  });
});
