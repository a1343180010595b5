'use client';

import { useCallback, useEffect, useState } from 'react';
import { callApi } from '@/app/_lib/apiClient';
import type { ChangeView } from '@/app/_lib/activity';
import { describeChange, formatWhen } from './describeChange';
import { useNow } from './useNow';

/** Changes per page of the feed. */
const PAGE = 30;

interface Feed {
  changes: ChangeView[];
  next: string | null;
}

/**
 * The history page's activity feed: who changed what, newest first (GET .../activity), a page at
 * a time ("Load more"). Loaded again from the top when `refreshKey` changes (after a restore).
 */
export function ActivityFeed({ buildingId, refreshKey }: { buildingId: string; refreshKey: number }) {
  const [feed, setFeed] = useState<Feed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const url = `/api/v1/buildings/${buildingId}/activity?limit=${PAGE}`;

  const reload = useCallback(async () => {
    setLoading(true);
    const answer = await callApi<Feed>('GET', url);
    setLoading(false);
    if (!answer.ok) return setError(answer.message);
    setError(null);
    setFeed(answer.value);
  }, [url]);

  useEffect(() => {
    // Loading from the API on mount and on refresh; the state updates happen after the fetch resolves.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload();
  }, [reload, refreshKey]);

  const loadMore = async () => {
    if (!feed?.next) return;
    setLoading(true);
    const answer = await callApi<Feed>('GET', `${url}&before=${feed.next}`);
    setLoading(false);
    if (!answer.ok) return setError(answer.message);
    setError(null);
    setFeed({ changes: [...feed.changes, ...answer.value.changes], next: answer.value.next });
  };

  const now = useNow();
  return (
    <section aria-labelledby="activity-heading" data-testid="activity" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
        <h2 id="activity-heading" className="text-base font-semibold text-slate-900">
          Activity
        </h2>
        <button type="button" onClick={() => void reload()} disabled={loading} className="rounded px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 disabled:opacity-50">
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="px-4 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      {feed === null ? (
        !error && <p className="px-4 py-3 text-sm text-slate-500">Loading…</p>
      ) : feed.changes.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No changes recorded yet.</p>
      ) : (
        <ol aria-label="Activity" className="divide-y divide-slate-100">
          {feed.changes.map((change) => (
            <li key={change.id} data-testid="activity-change" data-action={change.action} className="px-4 py-2 text-sm text-slate-700">
              <span className="font-medium text-slate-900">{change.user.name}</span> {describeChange(change)}
              <time dateTime={change.at} title={new Date(change.at).toLocaleString()} className="block text-xs text-slate-400">
                {formatWhen(change.at, now)}
              </time>
            </li>
          ))}
        </ol>
      )}
      {feed?.next && (
        <div className="border-t border-slate-200 px-4 py-2">
          <button type="button" onClick={() => void loadMore()} disabled={loading} className="rounded-md border border-slate-300 px-3 py-1 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50">
            Load more
          </button>
        </div>
      )}
    </section>
  );
}
