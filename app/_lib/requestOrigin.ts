/**
 * Where a request was addressed, as the browser saw it. Behind a proxy that is what the
 * `X-Forwarded-*` headers say (Next.js fills them from the socket when no proxy did), else the
 * `Host` header and the request URL. One reading for every caller: the same-origin guard, the
 * share link URLs, the Secure flag of cookies and the collaboration server's address.
 */

/** What the helpers read: a `Request`, or the headers of `next/headers` (no URL). */
export interface RequestHead {
  headers: Headers;
  url?: string;
}

/** The host (and port) the request was addressed to: `X-Forwarded-Host`, else `Host`, else the URL's; null when none is known. */
export function host(request: RequestHead): string | null {
  const forwarded = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (forwarded !== null) return forwarded;
  return request.url ? new URL(request.url).host : null;
}

/** Whether the request came over https: the first `X-Forwarded-Proto` entry, else the URL's scheme. */
export function isSecure(request: RequestHead): boolean {
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (proto) return proto === 'https';
  return request.url?.startsWith('https:') ?? false;
}

/** The public origin of the request (`https://host:port`), for links shown to people. */
export function origin(request: RequestHead): string {
  return `${isSecure(request) ? 'https' : 'http'}://${host(request) ?? 'localhost'}`;
}
