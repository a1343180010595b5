'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { callApi } from '@/app/_lib/apiClient';
import type { ChangeView } from '@/app/_lib/activity';
import type { Element } from '@/lib/model';
import { describeAction, formatWhen } from './describeChange';
import { useNow } from './useNow';

/** Changes the panel lists; the history page has the rest. */
const SHOWN = 6;
/**
 * How long after the element changes (here or by someone else) its history is asked for again:
 * the collaboration server records changes in batches every 100 ms (collab-server/SPEC.md rule
 * 24), and a drag changes the element many times in a row.
 */
const REFRESH_AFTER_MS = 700;

/** Where the properties panel is a column beside the plan (the workspace's `lg`). */
const WIDE = '(min-width: 1024px)';
const isWide = () => window.matchMedia(WIDE).matches;
function subscribeWide(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

type Loaded = { elementId: string; changes: ChangeView[] } | { elementId: string; error: string };

/**
 * The properties panel's "History" section: who changed which fields of the selected element
 * when, newest first (GET .../elements/:id/history), asked for when the selection changes and
 * again shortly after the element itself changes.
 */
export function ElementHistory({ buildingId, element }: { buildingId: string; element: Element }) {
  const wide = useSyncExternalStore(subscribeWide, isWide, () => true);
  const version = useMemo(() => JSON.stringify(element), [element]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const shownFor = useRef<string | null>(null);
  const elementId = element.id;
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      void callApi<{ changes: ChangeView[] }>('GET', `/api/v1/buildings/${buildingId}/elements/${encodeURIComponent(elementId)}/history?limit=${SHOWN}`).then((answer) => {
        if (!cancelled) setLoaded(answer.ok ? { elementId, changes: answer.value.changes } : { elementId, error: answer.message });
      });
    // A new selection is asked for at once, and again once what was just done to it is recorded
    // (an element drawn a moment ago has no rows yet); a change of the same element once it is recorded.
    const fresh = shownFor.current !== elementId;
    shownFor.current = elementId;
    const timers = fresh ? [setTimeout(load, 0), setTimeout(load, 2 * REFRESH_AFTER_MS)] : [setTimeout(load, REFRESH_AFTER_MS)];
    return () => {
      cancelled = true;
      for (const timer of timers) clearTimeout(timer);
    };
  }, [buildingId, elementId, version]);

  const current = loaded?.elementId === elementId ? loaded : null;
  const now = useNow();
  // Beside the plan only: on a narrow screen the panel is a sheet over the plan, and a longer
  // sheet would cover what one is working on (the History page has it all).
  if (!wide) return null;
  return (
    <section aria-labelledby="element-history-heading" data-testid="element-history" className="border-t border-slate-200 pt-2">
      <div className="flex items-baseline justify-between">
        {/* A label, not a heading: the panel has one heading, the element's. */}
        <p id="element-history-heading" className="text-xs font-medium uppercase tracking-wide text-slate-500">
          History
        </p>
        <Link href={`/buildings/${buildingId}/history`} className="text-xs text-brand-600 hover:underline">
          All changes
        </Link>
      </div>
      {current === null ? (
        <p className="mt-1 text-xs text-slate-400">Loading…</p>
      ) : 'error' in current ? (
        <p className="mt-1 text-xs text-rose-700">{current.error}</p>
      ) : current.changes.length === 0 ? (
        <p className="mt-1 text-xs text-slate-500">No recorded changes.</p>
      ) : (
        <ol aria-label="Element history" className="mt-1 space-y-1">
          {current.changes.map((change) => (
            <li key={change.id} data-testid="element-change" className="text-xs leading-snug text-slate-700">
              <span className="font-medium text-slate-900">{change.user.name}</span> {describeAction(change)}{' '}
              <time dateTime={change.at} title={new Date(change.at).toLocaleString()} className="whitespace-nowrap text-slate-400">
                · {formatWhen(change.at, now)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
