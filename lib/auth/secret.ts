import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Resolves AUTH_SECRET, the key that signs sessions and collab tokens.
 *
 * - `AUTH_SECRET` set: used as is (must be at least 32 characters: a short key can be brute-forced).
 * - unset: a random 256-bit secret is generated once into `<dataDir>/secret` (mode 0600) and reused,
 *   so sessions survive restarts of the embedded default. Production deployments must set it.
 */
export function resolveAuthSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AUTH_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters long');
    return fromEnv;
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
