/**
 * Who may read geometry assets (`GET /api/assets/<hash>`).
 *
 * Assets are content-addressed and shared: one mesh stored once serves every building that
 * contains it, so an asset belongs to no single building, and the documents that refer to a hash
 * are Yjs state, not rows one could join against. The rule is therefore: anyone the app knows (a
 * signed-in account, or a browser holding an active share link, guests of links that allow them
 * included, as the public demo) may read any asset whose hash they have. A hash is a sha256 of the
 * encoded mesh: 256 bits nobody guesses, learned only by reading a document that refers to it (or
 * by having the mesh itself). Anonymous requests are refused, so the endpoint is not an open
 * blob store for the internet, and access ends with the session or the link.
 */
import { activeShareLink } from '@/lib/auth/shareLinks';
import { shareCookieName, verifyShareGrant } from '@/lib/auth/shareGrant';
import { getPrisma } from '@/lib/db/client';
import { currentUser, requestCookies } from './currentUser';
import { authSecret } from './runtimeConfig';

/** Share cookies looked at per request at most (a browser holds one per building opened through a link). */
const MAX_SHARE_COOKIES = 16;
const SHARE_COOKIE_PREFIX = shareCookieName('');

/** Whether the request comes from a signed-in account or a browser holding an active share link. */
export async function mayReadAssets(request: Request): Promise<boolean> {
  if (await currentUser(request)) return true;
  const cookies = Object.entries(requestCookies(request)).filter(([name]) => name.startsWith(SHARE_COOKIE_PREFIX)).slice(0, MAX_SHARE_COOKIES);
  for (const [name, value] of cookies) {
    const grant = await verifyShareGrant(value, authSecret());
    if (!grant || shareCookieName(grant.building) !== name || !grant.guestId) continue;
    const link = await activeShareLink(getPrisma(), grant.link);
    if (link.ok && link.value.buildingId === grant.building && link.value.allowGuests) return true;
  }
  return false;
}
