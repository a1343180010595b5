'use client';

import { useCallback, useEffect, useState } from 'react';
import { FormError, inputClass } from '@/app/_components/AuthCard';
import { SelectField, type SelectOption } from '@/app/_components/SelectField';
import { callApi } from '@/app/_lib/apiClient';
import { BUILDING_ROLES } from '@/lib/auth/roles';

interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
  orgRole: string | null;
  override: string | null;
}
interface Invite {
  id: string;
  email: string;
  role: string;
}
interface Link {
  id: string;
  role: string;
  allowGuests: boolean;
  expiresAt: string;
  state: 'active' | 'expired' | 'revoked';
}

const EXPIRY_CHOICES: SelectOption[] = [
  { label: '1 hour', value: String(3600_000) },
  { label: '1 day', value: String(24 * 3600_000) },
  { label: '7 days', value: String(7 * 24 * 3600_000) },
  { label: '30 days', value: String(30 * 24 * 3600_000) },
];

const ROLE_CHOICES: SelectOption[] = BUILDING_ROLES.map((role) => ({ value: role, label: role.charAt(0).toUpperCase() + role.slice(1) }));
/** A share link grants any role but owner. */
const LINK_ROLE_CHOICES = ROLE_CHOICES.filter((choice) => choice.value !== 'owner');

const smallButton = 'rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50';
const quietButton = 'rounded px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900';

/** Owners only: people with access (invite by email with a role) and share links (create, list, revoke). */
export function SharingPanel({ buildingId }: { buildingId: string }) {
  const base = `/api/v1/buildings/${buildingId}`;
  const [members, setMembers] = useState<Member[]>([]);
  const [invites, setInvites] = useState<Invite[]>([]);
  const [links, setLinks] = useState<Link[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [createdUrl, setCreatedUrl] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const reload = useCallback(async () => {
    const [people, shared] = await Promise.all([
      callApi<{ members: Member[]; invites: Invite[] }>('GET', `${base}/members`),
      callApi<{ links: Link[] }>('GET', `${base}/share-links`),
    ]);
    if (people.ok) {
      setMembers(people.value.members);
      setInvites(people.value.invites);
    } else setError(people.message);
    if (shared.ok) setLinks(shared.value.links);
    else setError(shared.message);
  }, [base]);

  useEffect(() => {
    // Loading from the API on mount; the state updates happen after the fetches resolve.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload();
  }, [reload]);

  async function act<T>(call: () => Promise<{ ok: true; value: T } | { ok: false; message: string }>): Promise<T | null> {
    setPending(true);
    setError(null);
    setNotice(null);
    const result = await call();
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return null;
    }
    await reload();
    return result.value;
  }

  async function invite(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await act(() => callApi<{ status: 'member' | 'invited' }>('PUT', `${base}/members`, { email: String(form.get('email') ?? ''), role: String(form.get('role') ?? '') }));
    if (result) {
      setNotice(result.status === 'invited' ? 'Invitation saved: it is accepted when that email signs up or signs in.' : 'Access updated.');
      formElement.reset();
    }
  }

  async function createLink(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const ms = Number(form.get('expiry'));
    const result = await act(() =>
      callApi<{ url: string }>('POST', `${base}/share-links`, {
        role: String(form.get('role') ?? ''),
        expiresAt: new Date(Date.now() + ms).toISOString(),
        allowGuests: form.get('allowGuests') === 'on',
      }),
    );
    if (result) {
      setCreatedUrl(result.url);
      formElement.reset(); // never carry "allow guests" over to the next link by accident
    }
  }

  return (
    <div className="bg-white" data-testid="sharing-panel">
      <div className="grid gap-8 p-4 lg:grid-cols-2">
        <div className="lg:col-span-2 space-y-2">
          <FormError message={error} />
          {notice && (
            <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              {notice}
            </p>
          )}
        </div>

        <section aria-label="People">
          <h2 className="text-sm font-semibold text-slate-900">People</h2>
          <form onSubmit={invite} className="mt-3 flex flex-wrap items-end gap-2" aria-label="Invite">
            <label className="min-w-48 flex-1 text-xs font-medium text-slate-700">
              Email
              <input name="email" type="email" required placeholder="colleague@example.com" className={inputClass} />
            </label>
            <SelectField label="Role" name="role" options={ROLE_CHOICES} defaultValue="editor" ariaLabel="Invite role" />
            <button type="submit" disabled={pending} className={smallButton}>
              Invite
            </button>
          </form>
          <ul className="mt-4 divide-y divide-slate-100 text-sm" data-testid="member-list">
            {members.map((m) => (
              <li key={m.userId} className="flex items-center justify-between py-2" data-testid="member">
                <span>
                  {m.name} <span className="text-slate-500">{m.email}</span>
                </span>
                <span className="flex items-center gap-2">
                  <span className="text-xs text-slate-600">{m.role}</span>
                  {m.override && !m.orgRole && (
                    <button type="button" className={quietButton} onClick={() => void act(() => callApi('DELETE', `${base}/members/${m.userId}`))}>
                      Remove
                    </button>
                  )}
                </span>
              </li>
            ))}
            {invites.map((i) => (
              <li key={i.id} className="flex items-center justify-between py-2" data-testid="pending-invite">
                <span className="text-slate-600">
                  {i.email} <span className="text-xs">(invited)</span>
                </span>
                <span className="flex items-center gap-2">
                  <span className="text-xs text-slate-600">{i.role}</span>
                  <button type="button" className={quietButton} onClick={() => void act(() => callApi('DELETE', `${base}/invites/${i.id}`))}>
                    Withdraw
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section aria-label="Share links">
          <h2 className="text-sm font-semibold text-slate-900">Share links</h2>
          <form onSubmit={createLink} className="mt-3 flex flex-wrap items-end gap-2" aria-label="New share link">
            <SelectField label="Role" name="role" options={LINK_ROLE_CHOICES} defaultValue="viewer" ariaLabel="Link role" />
            <SelectField label="Expires in" name="expiry" options={EXPIRY_CHOICES} defaultValue={EXPIRY_CHOICES[2]!.value} ariaLabel="Link expiry" />
            <label className="flex items-center gap-2 pb-2 text-xs font-medium text-slate-700">
              <input name="allowGuests" type="checkbox" /> Allow guests
            </label>
            <button type="submit" disabled={pending} className={smallButton}>
              Create link
            </button>
          </form>
          {createdUrl && (
            <div className="mt-3 rounded-md border border-brand-100 bg-brand-50 p-3 text-xs text-slate-700">
              Copy this link now; it is not shown again.
              <input readOnly value={createdUrl} data-testid="share-link-url" className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
            </div>
          )}
          <ul className="mt-4 divide-y divide-slate-100 text-sm" data-testid="share-link-list">
            {links.map((l) => (
              <li key={l.id} className="flex items-center justify-between py-2" data-testid="share-link" data-state={l.state}>
                <span>
                  {l.role}
                  {l.allowGuests ? ', guests allowed' : ''} · <span className="text-slate-500">{l.state === 'active' ? `until ${new Date(l.expiresAt).toLocaleString()}` : l.state}</span>
                </span>
                {l.state === 'active' && (
                  <button type="button" className={quietButton} onClick={() => void act(() => callApi('DELETE', `${base}/share-links/${l.id}`))}>
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
