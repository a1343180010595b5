import { describe, expect, it } from 'vitest';
import { hashPassword, passwordSchema, verifyPassword } from '@/lib/auth/password';
import { clientAddress } from '@/lib/auth/signInRateLimit';
import { resolveAuthSecret } from '@/lib/auth/secret';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('passwords', () => {
  it('hash with argon2id and a fresh salt, and verify only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('a long enough password'), hashPassword('a long enough password')]);
    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('a long enough password');
    expect(await verifyPassword(a, 'a long enough password')).toBe(true);
    expect(await verifyPassword(a, 'a long enough passworD')).toBe(false);
  });

  it('fail (without throwing) for a missing or malformed stored hash', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
  });

  it('must be 10 to 200 characters', () => {
    expect(passwordSchema.safeParse('short').success).toBe(false);
    expect(passwordSchema.safeParse('x'.repeat(10)).success).toBe(true);
    expect(passwordSchema.safeParse('x'.repeat(201)).success).toBe(false);
  });
});

describe('client address for rate limiting', () => {
  it('is the last X-Forwarded-For entry (the nearest proxy), else unknown', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2' }))).toBe('2.2.2.2');
    expect(clientAddress({ 'x-forwarded-for': '3.3.3.3' })).toBe('3.3.3.3');
    expect(clientAddress({})).toBe('unknown');
  });
});

describe('AUTH_SECRET', () => {
  it('is generated once into the data directory outside production, and required in production', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arxos-secret-'));
    const generated = resolveAuthSecret(dir, {});
    expect(generated.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe(generated);
    expect(resolveAuthSecret(dir, {})).toBe(generated);
    expect(() => resolveAuthSecret(mkdtempSync(join(tmpdir(), 'arxos-secret-')), { NODE_ENV: 'production' })).toThrow(/required when NODE_ENV=production/);
    expect(resolveAuthSecret(dir, { NODE_ENV: 'production', AUTH_SECRET: 'p'.repeat(32) })).toBe('p'.repeat(32));
    expect(resolveAuthSecret(dir, { NEXTAUTH_SECRET: 'n'.repeat(32) })).toBe('n'.repeat(32));
    expect(() => resolveAuthSecret(dir, { AUTH_SECRET: 'short' })).toThrow(/at least 32/);
  });
});
