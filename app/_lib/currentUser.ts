import { parse as parseCookieHeader } from 'cookie';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { getPrisma } from '@/lib/db/client';
import { authOptions } from './auth';

/** The signed-in user as pages and route handlers see it. */
export interface CurrentUser {
  id: string;
  name: string;
  email: string;
}

/**
 * The cookies of a request by name (route handlers get a plain Request in tests): the first of
 * each name, percent-decoded where that is valid.
 */
export function requestCookies(request: Request): Record<string, string> {
  return parseCookieHeader(request.headers.get('cookie') ?? '');
}

const NO_RESPONSE = { getHeader() {}, setCookie() {}, setHeader() {} };

/**
 * Who is asking: the user of the next-auth session (getServerSession), or null when signed out.
 * Route handlers pass their request (so they also work when imported directly, as the API tests
 * do); pages and server actions call it without arguments (it then reads next/headers).
 * The user is re-read from the database, so a deleted account stops working at once.
 */
export async function currentUser(request?: Request): Promise<CurrentUser | null> {
  // Request-time first: a page that asks who is signed in is never prerendered at build time.
  if (!request) await headers();
  const options = authOptions();
  const session = request
    ? // next-auth's (req, res, options) form: any object with headers and cookies will do.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await getServerSession({ headers: Object.fromEntries(request.headers), cookies: requestCookies(request) } as any, NO_RESPONSE as any, options)
    : await getServerSession(options);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return getPrisma().user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
}
