'use client';

import { Fragment } from 'react';
import { deleteComment } from '@/lib/doc';
import type { Comment, Thread } from '@/lib/model';
import { formatWhen } from '@/components/history/describeChange';
import type { WriteOutcome } from './reviewWrites';
import type { ReviewSession } from './useReview';

interface Props {
  review: ReviewSession;
  thread: Thread;
  now: number;
  onOutcome: (outcome: WriteOutcome) => void;
}

/** A thread's comments, oldest first, with author and time; their authors may delete them. */
export function CommentList({ review, thread, now, onOutcome }: Props) {
  const comments = Object.values(thread.comments).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  if (comments.length === 0) return <p className="mt-3 text-xs text-slate-500">No comments yet.</p>;
  return (
    <ol aria-label="Comments" className="mt-3 space-y-2 border-t border-slate-100 pt-2">
      {comments.map((c) => (
        <li key={c.id} data-testid="review-comment" data-comment-id={c.id} className="group">
          <p className="flex items-baseline gap-1 text-xs text-slate-500">
            <span className="font-medium text-slate-800" data-testid="comment-author">
              {c.authorName || c.author.replace(/^bcf:/, '')}
            </span>
            <time dateTime={c.createdAt} title={new Date(c.createdAt).toLocaleString()} suppressHydrationWarning>
              · {formatWhen(c.createdAt, now)}
            </time>
            {review.canWrite && c.author === review.me.id && (
              <button
                type="button"
                aria-label="Delete this comment"
                onClick={() => {
                  const deleted = deleteComment(review.doc, thread.id, c.id, review.origin);
                  onOutcome(deleted.ok ? { ok: true } : { ok: false, message: deleted.error.message });
                }}
                className="ml-auto text-slate-400 opacity-0 hover:text-rose-700 focus:opacity-100 group-hover:opacity-100"
              >
                ✕
              </button>
            )}
          </p>
          <p className="whitespace-pre-wrap break-words text-slate-800" data-testid="comment-text">
            <MentionText comment={c} review={review} />
          </p>
        </li>
      ))}
    </ol>
  );
}

/** A comment's text with the @names of the people it mentions set apart. */
function MentionText({ comment, review }: { comment: Comment; review: ReviewSession }) {
  const names = comment.mentions
    .map((id) => (id === review.me.id ? review.me.name : review.people.find((p) => p.id === id)?.name))
    .filter((n): n is string => !!n)
    .sort((a, b) => b.length - a.length);
  if (names.length === 0) return comment.text;
  const pattern = new RegExp(`(@(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}))`, 'giu');
  return comment.text.split(pattern).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} className="rounded bg-brand-50 px-0.5 font-medium text-brand-700" data-testid="comment-mention">
        {part}
      </span>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}
