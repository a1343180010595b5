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

/** The public origin of a request (for links to show): x-forwarded-proto/host, else the URL's. */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}
