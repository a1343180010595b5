/**
 * The share cookie: what a browser holds after opening `/s/<token>`. A JWT (HS256, AUTH_SECRET,
 * audience `arxos-share`) naming the link and its building, and for guests their chosen name and
 * a random guest id. It proves only that this browser opened the link: every use re-checks the
 * link in the database (active, not expired, building not deleted), so revoking takes effect at once.
 */
import { z } from 'zod';
import { GUEST_SUBJECT_PREFIX } from './collabGrant';
import { signJwt, verifyJwt } from './jwt';

const AUDIENCE = 'arxos-share';

/** Name of the cookie for one building (ids are `[A-Za-z0-9_-]`, valid in cookie names). */
export function shareCookieName(buildingId: string): string {
  return `arxos_share_${buildingId}`;
}

/** The name a guest gives when opening a link that allows guests. */
export const guestNameSchema = z.string().trim().min(1, 'name is required').max(60, 'name must be at most 60 characters');

const grantSchema = z.object({
  link: z.string().min(1),
  building: z.string().min(1),
  guestId: z.string().startsWith(GUEST_SUBJECT_PREFIX).optional(),
  guestName: z.string().max(60).optional(),
});
/** What a share cookie holds. */
export type ShareGrant = z.infer<typeof grantSchema>;

/** Signs a share grant that expires with its link (and in at most 30 days). */
export async function mintShareGrant(grant: ShareGrant, secret: string, linkExpiresAt: Date, now: Date = new Date()): Promise<string> {
  const exp = Math.floor(Math.min(linkExpiresAt.getTime(), now.getTime() + 30 * 24 * 3600_000) / 1000);
  return signJwt({ ...grant }, secret, { audience: AUDIENCE, issuedAt: Math.floor(now.getTime() / 1000), expiresAt: exp });
}

/** The grant in a share cookie, or null when absent, forged, expired or malformed. */
export async function verifyShareGrant(token: string | undefined, secret: string, now?: Date): Promise<ShareGrant | null> {
  if (!token) return null;
  const verified = await verifyJwt(token, secret, grantSchema, { audience: AUDIENCE, now });
  return verified.ok ? verified.value : null;
}
