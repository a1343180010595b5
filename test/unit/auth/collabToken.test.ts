import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintCollabToken, verifyCollabToken } from '@/lib/auth/collabToken';
import { canWriteDoc } from '@/lib/auth/roles';

const SECRET = 'x'.repeat(40);
const claims = { sub: 'u1', name: 'Ada', building: 'b1', role: 'editor' as const };

/** A correctly signed collab token for subject u1 with any payload (what `mintCollabToken` would refuse to make). */
function signedWithoutMint(payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u1')
    .setIssuer('arxos')
    .setAudience('arxos-collab')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
}

describe('collab tokens', () => {
  it('round-trips the claims of a freshly minted token', async () => {
    const token = await mintCollabToken(claims, SECRET);
    const verified = await verifyCollabToken(token, SECRET);
    expect(verified.ok && verified.value).toMatchObject(claims);
  });

  it('rejects an expired token as expired', async () => {
    const token = await mintCollabToken(claims, SECRET, { ttlSeconds: 60, now: new Date(Date.now() - 120_000) });
    const verified = await verifyCollabToken(token, SECRET);
    expect(verified).toMatchObject({ ok: false, error: { code: 'expired' } });
  });

  it('rejects a token signed with another secret (forged)', async () => {
    const token = await mintCollabToken(claims, 'y'.repeat(40));
    expect(await verifyCollabToken(token, SECRET)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it.each([
    ['no token', undefined, 'missing'],
    ['garbage', 'not.a.jwt', 'invalid'],
    ['an empty string', '', 'missing'],
  ])('rejects %s', async (_label, token, code) => {
    expect(await verifyCollabToken(token, SECRET)).toMatchObject({ ok: false, error: { code } });
  });

  it('carries the share link id when there is one, and stays compatible without it', async () => {
    const withLink = await verifyCollabToken(await mintCollabToken({ ...claims, link: 'link-1' }, SECRET), SECRET);
    expect(withLink.ok && withLink.value.link).toBe('link-1');
    const without = await verifyCollabToken(await mintCollabToken(claims, SECRET), SECRET);
    expect(without.ok && 'link' in without.value).toBe(false);
  });

  it('says in words why a token is refused', async () => {
    const expired = await mintCollabToken(claims, SECRET, { ttlSeconds: 60, now: new Date(Date.now() - 120_000) });
    expect(await verifyCollabToken(expired, SECRET)).toEqual({ ok: false, error: { code: 'expired', message: 'collab token expired' } });
    expect(await verifyCollabToken(undefined, SECRET)).toEqual({ ok: false, error: { code: 'missing', message: 'no collab token' } });
    const forged = await mintCollabToken(claims, 'y'.repeat(40));
    expect(await verifyCollabToken(forged, SECRET)).toEqual({ ok: false, error: { code: 'invalid', message: 'invalid collab token: signature verification failed' } });
    const nameless = await signedWithoutMint({ building: 'b1', role: 'editor' });
    expect(await verifyCollabToken(nameless, SECRET)).toEqual({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/^malformed claims: /) } });
  });

  it('rejects a validly signed token with an unknown role', async () => {
    const token = await signedWithoutMint({ name: 'x', building: 'b1', role: 'admin' });
    expect(await verifyCollabToken(token, SECRET)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('document write rights by role', () => {
  it.each([
    ['owner', 'model', true],
    ['editor', 'model', true],
    ['commenter', 'model', false],
    ['viewer', 'model', false],
    ['owner', 'review', true],
    ['editor', 'review', true],
    ['commenter', 'review', true],
    ['viewer', 'review', false],
  ] as const)('%s may write the %s doc: %s', (role, part, expected) => {
    expect(canWriteDoc(role, part)).toBe(expected);
  });
});
