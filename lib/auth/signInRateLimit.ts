/**
 * Rate limiting of credentials sign-in attempts, per email and per client address, counted in the
 * database (`sign_in_attempts`) so that every web app process shares the same counts.
 *
 * Only failed attempts count. The check runs before the password is verified, so a locked email
 * costs no hashing and reveals nothing about the password.
 */
import type { PrismaClient } from '@/lib/db/generated/client';

/** Limits; defaults guard against online guessing without locking people out for long. */
export interface SignInLimits {
  /** Failed attempts allowed per email within the window. Default 5. */
  perEmail: number;
  /** Failed attempts allowed per client address within the window (shared NATs: higher). Default 20. */
  perIp: number;
  /** Window, milliseconds. Default 15 minutes. */
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perEmail: 5, perIp: 20, windowMs: 15 * 60_000 };

/** Attempts older than this are deleted as new ones are recorded. */
const RETENTION_MS = 24 * 3600_000;

export type SignInLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; scope: 'email' | 'ip' };

/** Whether another attempt for `email` from `ip` is allowed now. */
export async function checkSignInAllowed(
  prisma: PrismaClient,
  attempt: { email: string; ip: string },
  options: { limits?: SignInLimits; now?: Date } = {},
): Promise<SignInLimitResult> {
  const limits = options.limits ?? DEFAULT_SIGN_IN_LIMITS;
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - limits.windowMs);
  const email = attempt.email.toLowerCase();
  const [byEmail, byIp] = await Promise.all([
    prisma.signInAttempt.findMany({ where: { email, succeeded: false, createdAt: { gt: since } }, orderBy: { createdAt: 'desc' }, take: limits.perEmail, select: { createdAt: true } }),
    prisma.signInAttempt.findMany({ where: { ip: attempt.ip, succeeded: false, createdAt: { gt: since } }, orderBy: { createdAt: 'desc' }, take: limits.perIp, select: { createdAt: true } }),
  ]);
  // Locked until the oldest of the last N failures leaves the window.
  const retryAfter = (rows: { createdAt: Date }[]) => Math.max(1, Math.ceil((rows[rows.length - 1]!.createdAt.getTime() + limits.windowMs - now.getTime()) / 1000));
  if (byEmail.length >= limits.perEmail) return { ok: false, scope: 'email', retryAfterSeconds: retryAfter(byEmail) };
  if (byIp.length >= limits.perIp) return { ok: false, scope: 'ip', retryAfterSeconds: retryAfter(byIp) };
  return { ok: true };
}

/** Records an attempt (and prunes attempts older than a day). */
export async function recordSignInAttempt(prisma: PrismaClient, attempt: { email: string; ip: string; succeeded: boolean }, now: Date = new Date()): Promise<void> {
  await prisma.signInAttempt.create({ data: { email: attempt.email.toLowerCase().slice(0, 320), ip: attempt.ip.slice(0, 100), succeeded: attempt.succeeded, createdAt: now } });
  await prisma.signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - RETENTION_MS) } } });
}

/** Words for a refusal, shown on the sign-in page. */
export function describeSignInLimit(result: Extract<SignInLimitResult, { ok: false }>): string {
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  const wait = minutes <= 1 ? 'a minute' : `${minutes} minutes`;
  return result.scope === 'email'
    ? `Too many failed sign-in attempts for this email. Try again in ${wait}.`
    : `Too many failed sign-in attempts from your network. Try again in ${wait}.`;
}

/**
 * The client address of a request for rate limiting: the LAST entry of X-Forwarded-For. Behind a
 * reverse proxy that appends the address it saw (nginx `$proxy_add_x_forwarded_for`, load
 * balancers), that entry is the real client; earlier entries are client-supplied and ignored.
 * With no proxy, Next.js fills the header with the socket address only when the client sent none,
 * so a client talking to Next.js directly can choose it: the per-IP limit then is advisory, and
 * the per-email limit (which does not depend on it) still holds. `unknown` when absent.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  const last = value?.split(',').map((part) => part.trim()).filter(Boolean).pop();
  return last || 'unknown';
}
