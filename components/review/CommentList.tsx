'use client';

import { Fragment, useState } from 'react';
import { deleteComment } from '@/lib/doc';
import type { Comment, Thread } from '@/lib/model';
import { formatWhen } from '@/components/history/describeChange';
import { MentionInput } from './MentionInput';
import { editComment, type WriteOutcome } from './reviewWrites';
import { showViewpoint } from './showViewpoint';
import type { ReviewSession } from './useReview';

interface Props {
  review: ReviewSession;
  thread: Thread;
  now: number;
  onOutcome: (outcome: WriteOutcome) => void;
}

/**
 * A thread's comments, oldest first, with author and time ("edited" when changed); a comment
 * written with its author's view offers Show view (and its picture); their authors may edit and
 * delete them.
 */
export function CommentList({ review, thread, now, onOutcome }: Props) {
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const comments = Object.values(thread.comments).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  if (comments.length === 0) return <p className="mt-3 text-xs text-slate-500">No comments yet.</p>;
  const save = () => {
    if (!editing) return;
    const written = editComment(review.doc, thread, editing.id, editing.text, review.me, review.people, review.origin);
    onOutcome(written);
    if (written.ok) setEditing(null);
  };
  return (
    <ol aria-label="Comments" className="mt-3 space-y-2 border-t border-slate-100 pt-2">
      {comments.map((c) => {
        const own = review.canWrite && c.author === review.me.id;
        const snapshot = c.viewpoint?.snapshot;
        return (
          <li key={c.id} data-testid="review-comment" data-comment-id={c.id} className="group">
            <p className="flex items-baseline gap-1 text-xs text-slate-500">
              <span className="font-medium text-slate-800" data-testid="comment-author">
                {c.authorName || c.author.replace(/^bcf:/, '')}
              </span>
              <time dateTime={c.createdAt} title={new Date(c.createdAt).toLocaleString()} suppressHydrationWarning>
                · {formatWhen(c.createdAt, now)}
              </time>
              {c.editedAt && (
                <span title={`Edited ${new Date(c.editedAt).toLocaleString()}`} suppressHydrationWarning data-testid="comment-edited">
                  · edited
                </span>
              )}
              {own && editing?.id !== c.id && (
                <span className="ml-auto flex gap-2 opacity-0 focus-within:opacity-100 group-hover:opacity-100">
                  <button type="button" aria-label="Edit this comment" onClick={() => setEditing({ id: c.id, text: c.text })} className="text-slate-500 hover:text-brand-700">
                    Edit
                  </button>
                  <button
                    type="button"
                    aria-label="Delete this comment"
                    onClick={() => {
                      const deleted = deleteComment(review.doc, thread.id, c.id, review.origin);
                      onOutcome(deleted.ok ? { ok: true } : { ok: false, message: deleted.error.message });
                    }}
                    className="text-slate-400 hover:text-rose-700"
                  >
                    ✕
                  </button>
                </span>
              )}
            </p>
            {editing?.id === c.id ? (
              <form
                aria-label="Edit the comment"
                onSubmit={(e) => {
                  e.preventDefault();
                  save();
                }}
              >
                <MentionInput label="Comment" value={editing.text} onChange={(text) => setEditing({ id: c.id, text })} people={review.people} onSubmit={save} />
                <div className="mt-1 flex justify-end gap-2">
                  <button type="button" onClick={() => setEditing(null)} className="rounded px-2 py-0.5 text-slate-700 hover:bg-slate-100">
                    Cancel
                  </button>
                  <button type="submit" disabled={editing.text.trim() === ''} className="rounded bg-brand-600 px-3 py-0.5 font-medium text-white hover:bg-brand-700 disabled:opacity-40">
                    Save
                  </button>
                </div>
              </form>
            ) : (
              <p className="whitespace-pre-wrap break-words text-slate-800" data-testid="comment-text">
                <MentionText comment={c} review={review} />
              </p>
            )}
            {c.viewpoint && (
              <div className="mt-1 flex items-center gap-2">
                {snapshot && (
                  // eslint-disable-next-line @next/next/no-img-element -- a content-addressed asset behind the session, not a static image
                  <img src={`/api/assets/${snapshot}`} alt={`The view of ${c.authorName || 'the author'}’s comment`} className="h-10 w-16 rounded border border-slate-200 bg-slate-100 object-cover" />
                )}
                <button type="button" onClick={() => showViewpoint(review.editor, thread, c.viewpoint)} className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100">
                  Show view
                </button>
              </div>
            )}
          </li>
        );
      })}
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
