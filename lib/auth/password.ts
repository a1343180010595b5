/**
 * Password hashing: argon2id through @node-rs/argon2 (Rust, prebuilt per platform, no install
 * scripts), with the OWASP minimum parameters (19 MiB, 2 iterations, 1 lane). The PHC string it
 * returns carries algorithm, parameters and salt, so parameters can be raised later and old hashes
 * still verify. Passwords are never logged or returned; only the hash is stored (users.password_hash).
 */
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** The library's default algorithm is argon2id (its `Algorithm` is a const enum, which isolated modules cannot import). */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Password rules: 10 to 200 characters (length beats composition rules; the cap bounds hashing cost). */
export const passwordSchema = z
  .string()
  .min(10, 'password must be at least 10 characters')
  .max(200, 'password must be at most 200 characters');

/** Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A valid hash of a random password, verified against when the account does not exist (equal timing). */
let decoy: Promise<string> | undefined;

/**
 * Checks `password` against a stored hash. With no hash (unknown account, or OAuth-only), still
 * spends the same time on a decoy hash so response times do not reveal which emails exist.
 * Never throws for a malformed stored hash: that is a failed check.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
