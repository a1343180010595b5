'use client';

import { useState } from 'react';
import { deleteThread } from '@/lib/doc';
import type { Thread } from '@/lib/model';
import { formatWhen } from '@/components/history/describeChange';
import { useNow } from '@/components/history/useNow';
import { ConfirmDialog } from '@/components/workspace/ConfirmDialog';
import { CommentList } from './CommentList';
import { ReplyBox } from './ReplyBox';
import { setResolved, type WriteOutcome } from './reviewWrites';
import { showViewpoint } from './showViewpoint';
import { ThreadFieldsForm } from './ThreadFieldsForm';
import { StatusBadge } from './ThreadList';
import type { ReviewSession } from './useReview';

/** One thread: what it is about, its viewpoint's picture, resolve / reopen, its issue fields, its comments and a reply box. */
export function ThreadView({ review, thread }: { review: ReviewSession; thread: Thread }) {
  const { ui, canWrite, me, editor } = review;
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const report = (outcome: WriteOutcome) => setError(outcome.ok ? null : outcome.message);
  const resolved = thread.status === 'resolved';
  const snapshot = thread.viewpoint?.snapshot;
  return (
    <article aria-label={thread.title} data-testid="review-thread-view" data-thread-id={thread.id} data-status={thread.status} className="p-3 text-sm">
      <button type="button" onClick={() => ui.showList()} className="text-xs text-brand-700 hover:underline">
        ← All threads
      </button>
      <div className="mt-1 flex items-start gap-2">
        <h3 className="min-w-0 flex-1 break-words text-base font-semibold text-slate-900">{thread.title}</h3>
        <StatusBadge status={thread.status} />
      </div>
      <p className="text-xs text-slate-500">
        Started by {thread.createdByName || 'someone'}{' '}
        <time dateTime={thread.createdAt} title={new Date(thread.createdAt).toLocaleString()} suppressHydrationWarning>
          {formatWhen(thread.createdAt, now)}
        </time>
        {resolved && thread.resolvedAt ? ` · resolved ${formatWhen(thread.resolvedAt, now)}` : ''}
      </p>
      {thread.description && <p className="mt-2 whitespace-pre-wrap text-slate-700">{thread.description}</p>}
      {snapshot && (
        // eslint-disable-next-line @next/next/no-img-element -- a content-addressed asset behind the session, not a static image
        <img src={`/api/assets/${snapshot}`} alt="The view when the thread was started" className="mt-2 max-h-56 w-full rounded border border-slate-200 bg-slate-100 object-contain" />
      )}
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" onClick={() => showViewpoint(editor, thread)} className="rounded border border-slate-300 px-2 py-0.5 text-slate-700 hover:bg-slate-100">
          Show viewpoint
        </button>
        {canWrite && (
          <button
            type="button"
            onClick={() => report(setResolved(review.doc, thread.id, !resolved, me, review.origin))}
            className={`rounded px-2 py-0.5 font-medium text-white ${resolved ? 'bg-slate-600 hover:bg-slate-700' : 'bg-emerald-600 hover:bg-emerald-700'}`}
          >
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
        {canWrite && thread.createdBy === me.id && (
          <button type="button" onClick={() => setConfirmDelete(true)} className="ml-auto rounded px-2 py-0.5 text-rose-700 hover:bg-rose-50">
            Delete
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-2 text-rose-700">
          {error}
        </p>
      )}
      <ThreadFieldsForm review={review} thread={thread} onOutcome={report} />
      <CommentList review={review} thread={thread} now={now} onOutcome={report} />
      {canWrite && <ReplyBox review={review} thread={thread} onOutcome={report} />}
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete “${thread.title}”?`}
          confirmLabel="Delete"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            const deleted = deleteThread(review.doc, thread.id, review.origin);
            if (deleted.ok) ui.showList();
            else setError(deleted.error.message);
          }}
        >
          The thread and its {Object.keys(thread.comments).length} comments are deleted for everyone.
        </ConfirmDialog>
      )}
    </article>
  );
}
