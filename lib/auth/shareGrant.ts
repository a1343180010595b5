/**
 * The share cookie: what a browser holds after opening `/s/<token>`. A JWT (HS256, AUTH_SECRET,
 * audience `arxos-share`) naming the link and its building, and for guests their chosen name and
 * a random guest id. It proves only that this browser opened the link: every use re-checks the
 * link in the database (active, not expired, building not deleted), so revoking takes effect at once.
 */
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { GUEST_SUBJECT_PREFIX } from './collabGrant';

const ISSUER = 'arxos';
const AUDIENCE = 'arxos-share';

/** Name of the cookie for one building (ids are `[A-Za-z0-9_-]`, valid in cookie names). */
export function shareCookieName(buildingId: string): string {
  return `arxos_share_${buildingId}`;
}

export const guestNameSchema = z.string().trim().min(1, 'name is required').max(60, 'name must be at most 60 characters');

const grantSchema = z.object({
  link: z.string().min(1),
  building: z.string().min(1),
  guestId: z.string().startsWith(GUEST_SUBJECT_PREFIX).optional(),
  guestName: z.string().max(60).optional(),
});
export type ShareGrant = z.infer<typeof grantSchema>;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a share grant that expires with its link (and in at most 30 days). */
export async function mintShareGrant(grant: ShareGrant, secret: string, linkExpiresAt: Date, now: Date = new Date()): Promise<string> {
  const exp = Math.floor(Math.min(linkExpiresAt.getTime(), now.getTime() + 30 * 24 * 3600_000) / 1000);
  return new SignJWT({ ...grant })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(exp)
    .sign(key(secret));
}

/** The grant in a share cookie, or null when absent, forged, expired or malformed. */
export async function verifyShareGrant(token: string | undefined, secret: string, now?: Date): Promise<ShareGrant | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: now });
    const parsed = grantSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
