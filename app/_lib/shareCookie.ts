import { mintShareGrant, shareCookieName, type ShareGrant } from '@/lib/auth/shareGrant';
import type { ShareLinkRecord } from '@/lib/auth/shareLinks';
import { authSecret } from './runtimeConfig';

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
