import { z } from 'zod';
import { signJwt, verifyJwt } from './jwt';
import { BUILDING_ROLES, type BuildingRole } from './roles';

/**
 * Collab tokens: short-lived JWTs (HS256, AUTH_SECRET) minted by the web app for one user on one
 * building, presented by the WebSocket client as `?token=` and checked by the collaboration server
 * on upgrade (ARCHITECTURE.md section 3).
 */
export interface CollabClaims {
  /** User id. */
  sub: string;
  /** Display name (for presence and audit). */
  name: string;
  /** Building id: the token opens `building/<id>/model` and `building/<id>/review`. */
  building: string;
  role: BuildingRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Issued at, seconds since the epoch (tokens minted here always have it). */
  iat?: number;
  /** Token id (audit). */
  jti?: string;
  /**
   * Id of the share link the role was granted through, when it was (absent for members). The
   * collaboration server refuses the token once that link is revoked, expired or downgraded
   * (`authorizeCollabClaims`), and `/internal/revoke {link}` closes connections carrying it.
   * Guests (no account) always have it, and a `sub` of the form `guest:<random id>`.
   */
  link?: string;
}

/** Default lifetime of a collab token: 5 minutes (the client refreshes it before reconnecting). */
export const COLLAB_TOKEN_TTL_SECONDS = 300;
const AUDIENCE = 'arxos-collab';

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().max(200),
  building: z.string().min(1).max(64),
  role: z.enum(BUILDING_ROLES),
  exp: z.number().int(),
  iat: z.number().int().optional(),
  jti: z.string().optional(),
  link: z.string().min(1).max(64).optional(),
});

/** Signs a collab token for `claims`, valid for `ttlSeconds` (default 5 minutes). */
export async function mintCollabToken(
  claims: Omit<CollabClaims, 'exp'>,
  secret: string,
  options: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return signJwt({ name: claims.name, building: claims.building, role: claims.role, ...(claims.link ? { link: claims.link } : {}) }, secret, {
    audience: AUDIENCE,
    subject: claims.sub,
    jti: claims.jti,
    issuedAt: now,
    expiresAt: now + (options.ttlSeconds ?? COLLAB_TOKEN_TTL_SECONDS),
  });
}

/** Why a collab token is refused, with words for the log. */
export type CollabTokenError = { code: 'missing' | 'expired' | 'invalid'; message: string };

/** Verifies signature, issuer, audience, expiry and claim shapes. Never throws for bad tokens. */
export async function verifyCollabToken(
  token: string | null | undefined,
  secret: string,
  options: { now?: Date } = {},
): Promise<{ ok: true; value: CollabClaims } | { ok: false; error: CollabTokenError }> {
  if (!token) return { ok: false, error: { code: 'missing', message: 'no collab token' } };
  const verified = await verifyJwt(token, secret, claimsSchema, { audience: AUDIENCE, now: options.now });
  if (verified.ok) return verified;
  const refusal = verified.error;
  if (refusal.code === 'expired') return { ok: false, error: { code: 'expired', message: 'collab token expired' } };
  if (refusal.code === 'malformed') return { ok: false, error: { code: 'invalid', message: `malformed claims: ${refusal.reason}` } };
  return { ok: false, error: { code: 'invalid', message: `invalid collab token: ${refusal.reason}` } };
}
