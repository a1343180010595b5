'use client';

import { InboxMenu } from './InboxMenu';
import { useInbox } from './useInbox';
import type { ReviewSession } from './useReview';
import { useReviewUi } from './useReviewUi';

/**
 * The review's controls in the workspace's top bar: the inbox, and "Review", which opens and
 * closes the panel. Below 1024 px the top bar has room for one glyph: "Review" carries the
 * inbox's count of new items, and the inbox is in the panel's header.
 */
export function ReviewTopBar({ review }: { review: ReviewSession }) {
  const open = useReviewUi(review.ui, (s) => s.panelOpen);
  const { unread } = useInbox(review);
  return (
    <>
      <InboxMenu review={review} className="max-lg:hidden" />
      <button
        type="button"
        aria-pressed={open}
        aria-controls="review-panel"
        onClick={() => review.ui.togglePanel()}
        title={unread > 0 ? `Review: ${unread} new in your inbox` : 'Review: threads and comments'}
        className={`relative shrink-0 rounded-md border px-2 py-0.5 text-sm ${open ? 'border-slate-800 bg-slate-800 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-100'}`}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="inline h-4 w-4 align-[-3px] lg:hidden" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round">
          <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />
        </svg>
        <span className="max-lg:sr-only">Review</span>
        {unread > 0 && (
          <span aria-hidden="true" className="absolute -right-1 -top-1 min-w-4 rounded-full bg-rose-600 px-1 text-center text-[10px] font-semibold leading-4 text-white lg:hidden">
            {unread}
          </span>
        )}
      </button>
    </>
  );
}
