'use client';

import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';
import { callApi } from '@/app/_lib/apiClient';
import type { VersionView } from '@/app/_lib/versions';
import type { SavedVersion } from '@/lib/auth/serverEdit';
import { ConfirmDialog } from '@/components/workspace/ConfirmDialog';
import { formatWhen } from './describeChange';
import { useNow } from './useNow';
import { VersionDiffList } from './VersionDiffList';

/** A version with its author's name. */
export interface VersionEntry extends VersionView {
  createdByName: string;
}

interface Props {
  buildingId: string;
  /** Newest first. */
  versions: readonly VersionEntry[];
  /** Editors and owners save and restore; everyone compares. */
  canEdit: boolean;
  /** After a save or a restore: the list (and the feed) are read again. */
  onChanged: () => void;
  /** While the list is being read again. */
  refreshing: boolean;
}

const button = 'rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50';

/**
 * The building's versions, newest first, with who saved each and when; a form to save the model
 * as a new version (editors, owners); per version "Compare with now" (the diff as a list) and
 * "Restore" (editors, owners; after a confirmation).
 */
export function VersionList({ buildingId, versions, canEdit, onChanged, refreshing }: Props) {
  const base = `/api/v1/buildings/${buildingId}/versions`;
  const [label, setLabel] = useState('');
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comparing, setComparing] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<VersionEntry | null>(null);
  const labelId = useId();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    setNotice(null);
    const answer = await callApi<{ version: SavedVersion }>('POST', base, { label });
    setPending(false);
    if (!answer.ok) return setError(answer.message);
    setLabel('');
    setNotice(`Saved version “${answer.value.version.label}”.`);
    onChanged();
  }

  async function restore(version: VersionEntry) {
    setConfirming(null);
    setPending(true);
    setError(null);
    setNotice(null);
    const answer = await callApi<{ before: SavedVersion }>('POST', `${base}/${version.id}/restore`);
    setPending(false);
    if (!answer.ok) return setError(answer.message);
    // Every open comparison was with the state before the restore.
    setComparing(new Set());
    setNotice(`Restored “${version.label}”. The building as it was before is saved as “${answer.value.before.label}”: restore that to undo.`);
    onChanged();
  }

  const toggleCompare = (id: string) =>
    setComparing((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const now = useNow();
  return (
    <section aria-labelledby="versions-heading" data-testid="versions" className="rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-200 px-4 py-2">
        <h2 id="versions-heading" className="text-base font-semibold text-slate-900">
          Versions
        </h2>
      </div>
      {canEdit && (
        <form aria-label="Save version" onSubmit={(e) => void save(e)} className="flex items-end gap-2 border-b border-slate-200 px-4 py-3">
          <label className="min-w-0 flex-1">
            <span className="text-xs text-slate-500">Label</span>
            <input
              name="label"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              required
              maxLength={200}
              placeholder="e.g. Design freeze"
              className="mt-0.5 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            />
          </label>
          <button type="submit" disabled={pending || label.trim() === ''} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50">
            Save version
          </button>
        </form>
      )}
      {(notice || error) && (
        <p role={error ? 'alert' : 'status'} className={`border-b border-slate-200 px-4 py-2 text-sm ${error ? 'text-rose-700' : 'text-emerald-800'}`}>
          {error ?? notice}
        </p>
      )}
      {versions.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No versions yet.{canEdit ? ' Save one to compare with it later or go back to it.' : ''}</p>
      ) : (
        <ol aria-label="Versions" aria-busy={refreshing} className="divide-y divide-slate-100">
          {versions.map((version) => {
            const open = comparing.has(version.id);
            const headingId = `${labelId}-${version.id}`;
            return (
              <li key={version.id} aria-labelledby={headingId} data-testid="version" data-id={version.id} className="px-4 py-2">
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <h3 id={headingId} className="min-w-0 truncate font-medium text-slate-900" title={version.label}>
                    {version.label}
                  </h3>
                  <span className="text-xs text-slate-500">
                    by {version.createdByName} ·{' '}
                    <time dateTime={version.createdAt} title={new Date(version.createdAt).toLocaleString()} suppressHydrationWarning>
                      {formatWhen(version.createdAt, now)}
                    </time>
                    {version.kind === 'auto' && <span className="ml-1 rounded bg-slate-100 px-1 text-slate-600">automatic</span>}
                  </span>
                  {version.summary && (
                    <span className="text-xs text-slate-600" data-testid="version-summary" title="Elements since the previous version">
                      <span className="text-emerald-700">+{version.summary.added}</span> <span className="text-red-700">−{version.summary.removed}</span>{' '}
                      <span className="text-amber-700">~{version.summary.changed}</span>
                      <span className="sr-only"> elements added, removed, changed since the previous version</span>
                    </span>
                  )}
                  <span className="ml-auto flex gap-2">
                    <button type="button" aria-expanded={open} aria-controls={`${headingId}-diff`} onClick={() => toggleCompare(version.id)} className={button}>
                      {open ? 'Hide changes' : 'Compare with now'}
                    </button>
                    <Link href={`/buildings/${encodeURIComponent(buildingId)}?compare=${encodeURIComponent(version.id)}`} className={button}>
                      Show on the plan
                    </Link>
                    {canEdit && (
                      <button type="button" disabled={pending} onClick={() => setConfirming(version)} className={button}>
                        Restore
                      </button>
                    )}
                  </span>
                </div>
                <div id={`${headingId}-diff`}>{open && <VersionDiffList buildingId={buildingId} version={version} />}</div>
              </li>
            );
          })}
        </ol>
      )}
      {confirming && (
        <ConfirmDialog title={`Restore “${confirming.label}”?`} confirmLabel="Restore" onCancel={() => setConfirming(null)} onConfirm={() => void restore(confirming)}>
          The building gets this version&apos;s content as a new change, live for everyone who has it open. Its state now is saved as a version first, so restoring that undoes this.
        </ConfirmDialog>
      )}
    </section>
  );
}
