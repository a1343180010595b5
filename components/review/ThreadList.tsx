'use client';

import type { Thread } from '@/lib/model';
import type { ThreadFilter } from './ReviewUi';
import type { ReviewSession } from './useReview';

const STATUS_CHOICES = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['all', 'All'],
] as const;

/** The threads a filter keeps, for user `me`. */
export function filterThreads(threads: readonly Thread[], filter: ThreadFilter, me: string): Thread[] {
  return threads.filter(
    (t) => (filter.status === 'all' || t.status === filter.status) && (!filter.assignedToMe || t.assignee === me) && (!filter.mine || t.createdBy === me),
  );
}

/** The list of threads with its filters: Open / Resolved / All, assigned to me, started by me. */
export function ThreadList({ review, filter }: { review: ReviewSession; filter: ThreadFilter }) {
  const { ui, threads, me, people } = review;
  const shown = filterThreads(threads, filter, me.id);
  const nameOf = (id: string | undefined) => (id === undefined ? undefined : id === me.id ? 'me' : (people.find((p) => p.id === id)?.name ?? id.replace(/^bcf:/, '')));
  return (
    <div className="p-3">
      <div role="radiogroup" aria-label="Thread status" className="flex overflow-hidden rounded-md border border-slate-300 text-xs">
        {STATUS_CHOICES.map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={filter.status === value}
            onClick={() => ui.setFilter({ status: value })}
            className={`flex-1 px-2 py-0.5 ${filter.status === value ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="mt-2 flex gap-3 text-xs text-slate-700">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={filter.assignedToMe} onChange={(e) => ui.setFilter({ assignedToMe: e.target.checked })} /> Assigned to me
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={filter.mine} onChange={(e) => ui.setFilter({ mine: e.target.checked })} /> Mine
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500" data-testid="review-empty">
          {threads.length === 0 ? 'No threads yet.' : 'No threads match.'}
        </p>
      ) : (
        <ul aria-label="Threads" className="mt-3 space-y-1.5">
          {shown.map((t) => {
            const count = Object.keys(t.comments).length;
            const assignee = nameOf(t.assignee);
            return (
              <li key={t.id} data-testid="review-thread" data-thread-id={t.id} data-status={t.status}>
                <button type="button" onClick={() => review.open(t.id)} className="w-full rounded border border-slate-200 px-2 py-1.5 text-left hover:border-brand-300 hover:bg-brand-50">
                  <span className="flex items-start gap-2">
                    <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">{t.title}</span>
                    <StatusBadge status={t.status} />
                  </span>
                  <span className="mt-0.5 block truncate text-xs text-slate-500">
                    {t.createdByName || 'Someone'} · {count} {count === 1 ? 'comment' : 'comments'}
                    {assignee ? ` · for ${assignee}` : ''}
                    {t.priority && t.priority !== 'normal' ? ` · ${t.priority}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** "Open" or "Resolved", coloured. */
export function StatusBadge({ status }: { status: Thread['status'] }) {
  return (
    <span data-testid="thread-status" className={`shrink-0 rounded-full px-1.5 py-px text-[11px] font-medium ${status === 'open' ? 'bg-amber-100 text-amber-800' : 'bg-emerald-100 text-emerald-800'}`}>
      {status === 'open' ? 'Open' : 'Resolved'}
    </span>
  );
}
