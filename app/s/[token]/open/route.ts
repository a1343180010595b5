import { NextResponse } from 'next/server';
import { currentUser } from '@/app/_lib/currentUser';
import { isSecure } from '@/app/_lib/requestOrigin';
import { shareCookie } from '@/app/_lib/shareCookie';
import { resolveShareLinkToken } from '@/lib/auth/shareLinks';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/**
 * GET /s/<token>/open: for a signed-in user, stores the share cookie of an active link and goes to
 * the building (303). Anything else (signed out, or the link is not active) goes back to
 * `/s/<token>`, which explains what to do in words.
 */
export async function GET(request: Request, context: { params: Promise<{ token: string }> }) {
  const { token } = await context.params;
  const user = await currentUser(request);
  const link = await resolveShareLinkToken(getPrisma(), token);
  // Relative Locations: the browser resolves them against the address it used (any host or port).
  if (!user || !link.ok) return new NextResponse(null, { status: 303, headers: { location: `/s/${encodeURIComponent(token)}` } });
  const cookie = await shareCookie(link.value, {}, isSecure(request));
  const response = new NextResponse(null, { status: 303, headers: { location: `/buildings/${link.value.buildingId}`, 'referrer-policy': 'no-referrer' } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}
