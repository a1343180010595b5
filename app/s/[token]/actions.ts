'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isSecure } from '@/app/_lib/requestOrigin';
import { shareCookie } from '@/app/_lib/shareCookie';
import { GUEST_SUBJECT_PREFIX } from '@/lib/auth/collabGrant';
import { guestNameSchema } from '@/lib/auth/shareGrant';
import { resolveShareLinkToken } from '@/lib/auth/shareLinks';
import { getPrisma } from '@/lib/db/client';

/** What the guest form shows after a failed submit. */
export type GuestFormState = { error: string | null };

/** Opens a share link that allows guests under the name given: stores the share cookie, goes to the building. */
export async function openAsGuest(token: string, _previous: GuestFormState, form: FormData): Promise<GuestFormState> {
  const name = guestNameSchema.safeParse(form.get('name'));
  if (!name.success) return { error: `Name: ${name.error.issues[0]?.message ?? 'invalid'}.` };
  const link = await resolveShareLinkToken(getPrisma(), token);
  if (!link.ok) return { error: 'This link does not open the building any more.' };
  if (!link.value.allowGuests) return { error: 'This link is for people with an account: sign in first.' };
  const guestId = `${GUEST_SUBJECT_PREFIX}${crypto.randomUUID()}`;
  const cookie = await shareCookie(link.value, { guestId, guestName: name.data }, isSecure({ headers: await headers() }));
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  redirect(`/buildings/${link.value.buildingId}`);
}
