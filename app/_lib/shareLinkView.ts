import { shareLinkState } from '@/lib/auth/shareLinks';

/** A share link as the API shows it (never the token, which only its creator saw once). */
export function shareLinkView(link: { id: string; role: string; allowGuests: boolean; expiresAt: Date; createdAt: Date; revokedAt: Date | null }) {
  return {
    id: link.id,
    role: link.role,
    allowGuests: link.allowGuests,
    expiresAt: link.expiresAt.toISOString(),
    createdAt: link.createdAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    state: shareLinkState(link),
  };
}
