import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/app/_components/AuthCard';
import { currentUser } from '@/app/_lib/currentUser';
import { resolveShareLinkToken, type ShareLinkRefusal } from '@/lib/auth/shareLinks';
import { getPrisma } from '@/lib/db/client';
import { GuestForm } from './GuestForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Shared building', referrer: 'no-referrer' };

const REFUSALS: Record<ShareLinkRefusal, { title: string; text: string }> = {
  not_found: { title: 'This link does not work', text: 'The share link is not valid. Check that you copied all of it, or ask for a new one.' },
  expired: { title: 'This link has expired', text: 'The share link was valid for a limited time only. Ask the owner of the building for a new one.' },
  revoked: { title: 'This link was revoked', text: 'The owner of the building has withdrawn this share link. Ask them for a new one if you still need access.' },
  building_deleted: { title: 'This building was deleted', text: 'The building this link shared no longer exists.' },
};

/**
 * /s/<token>: a share link. Active: a signed-in user goes straight to the building (through
 * /s/<token>/open, which stores the share cookie); someone signed out may sign in, or continue as
 * a guest when the link allows it. Otherwise: why it does not work, in words.
 */
export default async function SharePage(props: { params: Promise<{ token: string }> }) {
  const { token } = await props.params;
  const link = await resolveShareLinkToken(getPrisma(), token);
  if (!link.ok) {
    const refusal = REFUSALS[link.error];
    return (
      <AuthCard title={refusal.title}>
        <p className="text-sm text-slate-600" data-testid="share-refused" data-reason={link.error}>
          {refusal.text}
        </p>
        <Link href="/buildings" className="mt-6 inline-block text-sm text-brand-600 hover:underline">
          Go to your buildings
        </Link>
      </AuthCard>
    );
  }
  if (await currentUser()) redirect(`/s/${encodeURIComponent(token)}/open`);

  const building = await getPrisma().building.findUnique({ where: { id: link.value.buildingId }, select: { name: true } });
  const here = `/s/${encodeURIComponent(token)}`;
  return (
    <AuthCard title={`${building?.name ?? 'A building'} was shared with you`} subtitle={`You can open it as ${link.value.role === 'editor' ? 'an' : 'a'} ${link.value.role}.`}>
      <div className="space-y-6">
        <div className="flex gap-3">
          <Link href={`/login?callbackUrl=${encodeURIComponent(here)}`} className="flex-1 rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-brand-700">
            Sign in
          </Link>
          <Link href={`/signup?callbackUrl=${encodeURIComponent(here)}`} className="flex-1 rounded-md border border-slate-300 px-4 py-2 text-center text-sm font-medium text-slate-800 hover:bg-slate-50">
            Create an account
          </Link>
        </div>
        {link.value.allowGuests ? (
          <div className="border-t border-slate-200 pt-6">
            <GuestForm token={token} />
          </div>
        ) : (
          <p className="text-sm text-slate-600">This link is for people with an account.</p>
        )}
      </div>
    </AuthCard>
  );
}
