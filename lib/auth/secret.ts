import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Resolves AUTH_SECRET, the key that signs sessions and collab tokens.
 *
 * - `AUTH_SECRET` set: used as is (must be at least 32 characters: a short key can be brute-forced).
 * - unset, outside production: a random 256-bit secret is generated once into `<dataDir>/secret`
 *   (mode 0600) and reused, so sessions survive restarts of the embedded default (`npm start` on
 *   one machine).
 * - unset with `NODE_ENV=production`: refused. A deployment must set it, so that every instance
 *   signs and checks with the same key and a lost data directory does not rotate it silently.
 *   (`npm start` does not set NODE_ENV; it sets it for its children only, after resolving this.)
 * `NEXTAUTH_SECRET` is accepted as an alias (next-auth's name for it).
 */
export function resolveAuthSecret(dataDir: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env.AUTH_SECRET || env.NEXTAUTH_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters long');
    return fromEnv;
  }
  if (env.NODE_ENV === 'production') {
    throw new Error('AUTH_SECRET is required when NODE_ENV=production (at least 32 characters, e.g. `openssl rand -base64 32`)');
  }
  const file = join(dataDir, 'secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
    throw new Error(`${file} holds a secret shorter than 32 characters; delete it to have a new one generated`);
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
