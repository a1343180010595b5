import { mintShareGrant, shareCookieName, type ShareGrant } from '@/lib/auth/shareGrant';
import type { ShareLinkRecord } from '@/lib/auth/shareLinks';
import { authSecret } from './runtimeConfig';

/** Whether the request came over https (directly or through a TLS-terminating proxy). */
export function isSecureRequest(headers: Headers, url?: string): boolean {
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (proto) return proto === 'https';
  return url?.startsWith('https:') ?? false;
}

/**
 * The share cookie for a link: httpOnly, SameSite=Lax, Secure over https, expiring with the link.
 * Returned as name/value/options for `cookies().set` (server actions) or a Set-Cookie header.
 */
export async function shareCookie(link: ShareLinkRecord, grant: Omit<ShareGrant, 'link' | 'building'>, secure: boolean) {
  const value = await mintShareGrant({ link: link.id, building: link.buildingId, ...grant }, authSecret(), link.expiresAt);
  return {
    name: shareCookieName(link.buildingId),
    value,
    options: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', expires: link.expiresAt },
  };
}
