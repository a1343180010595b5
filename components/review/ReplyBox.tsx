'use client';

import { useState } from 'react';
import type { Thread } from '@/lib/model';
import { MentionInput } from './MentionInput';
import { reply, type WriteOutcome } from './reviewWrites';
import type { ReviewSession } from './useReview';

/** The reply box under a thread's comments: `@Name` mentions a member; Send or Ctrl+Enter posts it. */
export function ReplyBox({ review, thread, onOutcome }: { review: ReviewSession; thread: Thread; onOutcome: (outcome: WriteOutcome) => void }) {
  const [text, setText] = useState('');
  const send = () => {
    if (text.trim() === '') return;
    const written = reply(review.doc, thread.id, text, review.me, review.people, review.origin);
    onOutcome(written);
    if (written.ok) setText('');
  };
  return (
    <form
      aria-label="Write a reply"
      className="mt-3 border-t border-slate-100 pt-2"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <MentionInput label="Reply" value={text} onChange={setText} people={review.people} onSubmit={send} />
      <div className="mt-1 flex justify-end">
        <button type="submit" disabled={text.trim() === ''} className="rounded bg-brand-600 px-3 py-0.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-40">
          Send
        </button>
      </div>
    </form>
  );
}
