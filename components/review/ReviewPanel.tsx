'use client';

import { BcfControls } from './BcfControls';
import { InboxMenu } from './InboxMenu';
import { NewThreadForm } from './NewThreadForm';
import { ThreadList } from './ThreadList';
import { ThreadView } from './ThreadView';
import type { ReviewSession } from './useReview';
import { useReviewUi } from './useReviewUi';

/**
 * The review side panel (the top bar's "Review" opens it): the threads with filters, a new
 * thread's form, or one thread with its comments and issue fields. Right of the views from
 * 1024 px up, over them below that. Viewers see everything and write nothing.
 */
export function ReviewPanel({ review }: { review: ReviewSession }) {
  const { ui, threads, canWrite, status } = review;
  const state = useReviewUi(ui, (s) => s);
  if (!state.panelOpen) return null;
  const thread = state.threadId === null ? undefined : threads.find((t) => t.id === state.threadId);
  const openCount = threads.filter((t) => t.status === 'open').length;
  return (
    <aside
      id="review-panel"
      aria-label="Review"
      data-testid="review-panel"
      className="absolute inset-y-0 right-0 z-30 flex w-80 max-w-[90vw] flex-col border-l border-slate-200 bg-white shadow-xl lg:static lg:z-auto lg:shadow-none"
    >
      <header className="flex shrink-0 items-center gap-2 border-b border-slate-200 px-3 py-2">
        <h2 className="text-sm font-semibold text-slate-900">Review</h2>
        <span className="text-xs text-slate-500">{openCount} open</span>
        {/* Below 1024 px the inbox lives here (the top bar has no room for it). */}
        <InboxMenu review={review} className="lg:hidden" />
        {canWrite && !state.composing && (
          <button type="button" onClick={() => ui.compose()} className="ml-auto rounded bg-brand-600 px-2 py-0.5 text-sm font-medium text-white hover:bg-brand-700">
            New thread
          </button>
        )}
        <button type="button" onClick={() => ui.togglePanel()} aria-label="Close the review panel" className={`${canWrite && !state.composing ? '' : 'ml-auto'} rounded px-1.5 text-slate-500 hover:bg-slate-100`}>
          ✕
        </button>
      </header>
      {status.state !== 'live' && (
        <p role="status" data-testid="review-status" data-state={status.state} className="shrink-0 border-b border-slate-100 bg-slate-50 px-3 py-1 text-xs text-slate-600">
          {status.state === 'failed' ? status.message : status.state === 'rejected' ? `${status.message} Reload the page to go on.` : 'Connecting to the review threads…'}
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {state.composing ? (
          <NewThreadForm review={review} picking={state.picking} picked={state.picked} />
        ) : thread ? (
          <ThreadView key={thread.id} review={review} thread={thread} />
        ) : state.threadId !== null ? (
          <div className="p-3 text-sm text-slate-600">
            <p>This thread has been deleted.</p>
            <button type="button" onClick={() => ui.showList()} className="mt-2 text-brand-700 hover:underline">
              ← All threads
            </button>
          </div>
        ) : (
          <ThreadList review={review} filter={state.filter} />
        )}
      </div>
      <BcfControls review={review} />
    </aside>
  );
}
