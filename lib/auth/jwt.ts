/**
 * The HS256 JWTs ArxOS signs with AUTH_SECRET: collab tokens, internal tokens and share cookies.
 * Every kind has its own audience, so a token of one kind is never accepted as another; they share
 * the issuer, the header, the key derivation and the way jose's failures become values.
 */
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { z } from 'zod';

/** Issuer of every token ArxOS signs. */
export const JWT_ISSUER = 'arxos';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** The registered claims of a token to sign; times are seconds since the epoch. */
export interface SignJwtOptions {
  audience: string;
  issuedAt: number;
  expiresAt: number;
  subject?: string;
  /** Token id; left out when empty. */
  jti?: string;
}

/** Signs `payload` as an HS256 JWT from {@link JWT_ISSUER} for `options.audience`. */
export function signJwt(payload: JWTPayload, secret: string, options: SignJwtOptions): Promise<string> {
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(JWT_ISSUER).setAudience(options.audience);
  if (options.subject !== undefined) jwt.setSubject(options.subject);
  if (options.jti) jwt.setJti(options.jti);
  return jwt.setIssuedAt(options.issuedAt).setExpirationTime(options.expiresAt).sign(key(secret));
}

/** What checking a token requires besides signature, issuer and expiry. */
export interface VerifyJwtOptions {
  audience: string;
  /** The `sub` the token must carry, when it must carry one. */
  subject?: string;
  /** Claims that must be present (jose's `requiredClaims`). */
  requiredClaims?: string[];
  /** The clock to check expiry against; default now. */
  now?: Date;
}

/**
 * Why a token was refused: `expired`; `invalid` (signature, issuer, audience, subject or format,
 * with jose's words in `reason`); `malformed` (a valid token whose claims fail the schema, with
 * the first zod issue in `reason`).
 */
export type JwtRefusal = { code: 'expired' } | { code: 'invalid'; reason: string } | { code: 'malformed'; reason: string | undefined };

/** Verifies an HS256 token and parses its payload with `schema`. Never throws for a bad token. */
export async function verifyJwt<S extends z.ZodType>(
  token: string,
  secret: string,
  schema: S,
  options: VerifyJwtOptions,
): Promise<{ ok: true; value: z.output<S> } | { ok: false; error: JwtRefusal }> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: options.audience,
      currentDate: options.now,
      ...(options.subject !== undefined ? { subject: options.subject } : {}),
      ...(options.requiredClaims ? { requiredClaims: options.requiredClaims } : {}),
    });
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return { ok: false, error: { code: 'malformed', reason: parsed.error.issues[0]?.message } };
    return { ok: true, value: parsed.data };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, error: { code: 'expired' } };
    return { ok: false, error: { code: 'invalid', reason: (error as Error).message } };
  }
}
