import { randomInt, randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import { currentUser } from '@/app/_lib/currentUser';
import { DEMO_PUBLIC_LINK_ID } from '@/app/_lib/demoLink';
import { isSecure } from '@/app/_lib/requestOrigin';
import { shareCookie } from '@/app/_lib/shareCookie';
import { GUEST_SUBJECT_PREFIX } from '@/lib/auth/collabGrant';
import { activeShareLink } from '@/lib/auth/shareLinks';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/**
 * GET /demo: the public, read-only demo building (app/_lib/demoLink.ts). Stores the share cookie
 * of the demo's public viewer link (for someone signed out, as a guest named "Visitor <n>") and
 * goes to the building (303): viewing that one building, nothing else. Without an active demo
 * link (never seeded, revoked): back to the landing page.
 */
export async function GET(request: Request) {
  const link = await activeShareLink(getPrisma(), DEMO_PUBLIC_LINK_ID);
  // Relative Locations: the browser resolves them against the address it used.
  if (!link.ok || link.value.role !== 'viewer') return new NextResponse(null, { status: 303, headers: { location: '/?demo=unavailable' } });
  const user = await currentUser(request);
  const guest = user ? {} : { guestId: `${GUEST_SUBJECT_PREFIX}${randomUUID()}`, guestName: `Visitor ${randomInt(100, 1000)}` };
  const cookie = await shareCookie(link.value, guest, isSecure(request));
  const response = new NextResponse(null, { status: 303, headers: { location: `/buildings/${link.value.buildingId}`, 'cache-control': 'no-store' } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}
