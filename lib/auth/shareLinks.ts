/**
 * Share links (ARCHITECTURE.md section 6): a random 256-bit token in the URL `/s/<token>` grants
 * a role on one building until it expires or is revoked. Only the token's sha256 is stored, so a
 * copy of the database opens nothing; the owner sees the URL once, when creating the link.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/db/generated/client';
import type { BuildingRole } from './roles';

/** A share link as the checks need it. */
export interface ShareLinkRecord {
  id: string;
  buildingId: string;
  role: BuildingRole;
  allowGuests: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Why a link does not open its building. */
export type ShareLinkRefusal = 'not_found' | 'expired' | 'revoked' | 'building_deleted';

/** Longest allowed lifetime of a share link: 90 days. */
export const MAX_SHARE_LINK_TTL_MS = 90 * 24 * 3600 * 1000;

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** A new link token (43 base64url characters = 256 random bits) and the hash to store. */
export function newShareLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashShareLinkToken(token) };
}

/** The stored form of a token: lowercase hex sha256. */
export function hashShareLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string has the shape of a link token (checked before any database access). */
export function isShareLinkTokenFormat(token: string): boolean {
  return TOKEN_FORMAT.test(token);
}

/** The state of a link at `now`: ok, or why it is refused. */
export function shareLinkState(link: Pick<ShareLinkRecord, 'expiresAt' | 'revokedAt'>, now: Date = new Date()): 'active' | 'expired' | 'revoked' {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

const SELECT = { id: true, buildingId: true, role: true, allowGuests: true, expiresAt: true, revokedAt: true, building: { select: { deletedAt: true } } } as const;

type Row = ShareLinkRecord & { building: { deletedAt: Date | null } };

function check(row: Row | null, now: Date): { ok: true; value: ShareLinkRecord } | { ok: false; error: ShareLinkRefusal } {
  if (!row) return { ok: false, error: 'not_found' };
  if (row.building.deletedAt) return { ok: false, error: 'building_deleted' };
  const state = shareLinkState(row, now);
  if (state !== 'active') return { ok: false, error: state };
  const { building: _building, ...link } = row;
  return { ok: true, value: link };
}

/** Resolves the token of a `/s/<token>` URL to an active link, or says why it is refused. */
export async function resolveShareLinkToken(
  prisma: PrismaClient,
  token: string,
  now: Date = new Date(),
): Promise<{ ok: true; value: ShareLinkRecord } | { ok: false; error: ShareLinkRefusal }> {
  if (!isShareLinkTokenFormat(token)) return { ok: false, error: 'not_found' };
  const row = await prisma.shareLink.findUnique({ where: { tokenHash: hashShareLinkToken(token) }, select: SELECT });
  return check(row as Row | null, now);
}

/** The active link with this id, or why it is refused (revoked, expired, building deleted, unknown). */
export async function activeShareLink(
  prisma: PrismaClient,
  linkId: string,
  now: Date = new Date(),
): Promise<{ ok: true; value: ShareLinkRecord } | { ok: false; error: ShareLinkRefusal }> {
  const row = await prisma.shareLink.findUnique({ where: { id: linkId }, select: SELECT });
  return check(row as Row | null, now);
}

/**
 * Whether the share link `linkId` still grants access: it exists, is not revoked, has not
 * expired, and its building is not deleted. The collaboration server calls this on every upgrade
 * of a token that carries a `link` claim (see also `authorizeCollabClaims`, which also checks
 * that the link's current role still covers the token's role).
 */
export async function isShareLinkActive(prisma: PrismaClient, linkId: string, now: Date = new Date()): Promise<boolean> {
  return (await activeShareLink(prisma, linkId, now)).ok;
}
