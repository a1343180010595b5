'use client';

import { useState } from 'react';
import type { Thread } from '@/lib/model';
import { captureViewpoint, uploadSnapshot } from './captureViewpoint';
import { MentionInput } from './MentionInput';
import { reply, type WriteOutcome } from './reviewWrites';
import type { ReviewSession } from './useReview';

/**
 * The reply box under a thread's comments: `@Name` mentions a member; "With my view" keeps the
 * view the reply is written from (camera, section, storeys, selection, hidden elements and a
 * picture of the 3D view), as a BCF comment's viewpoint; Send or Ctrl+Enter posts it.
 */
export function ReplyBox({ review, thread, onOutcome }: { review: ReviewSession; thread: Thread; onOutcome: (outcome: WriteOutcome) => void }) {
  const [text, setText] = useState('');
  const [withView, setWithView] = useState(false);
  const [sending, setSending] = useState(false);
  const send = async () => {
    if (text.trim() === '' || sending) return;
    setSending(true);
    const viewpoint = withView ? await captureViewpoint(review.editor, (image) => (review.member ? uploadSnapshot(review.buildingId, image) : Promise.resolve(undefined))) : undefined;
    const written = reply(review.doc, thread.id, text, review.me, review.people, review.origin, viewpoint);
    setSending(false);
    onOutcome(written);
    if (written.ok) {
      setText('');
      setWithView(false);
    }
  };
  return (
    <form
      aria-label="Write a reply"
      className="mt-3 border-t border-slate-100 pt-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <MentionInput label="Reply" value={text} onChange={setText} people={review.people} onSubmit={() => void send()} />
      <div className="mt-1 flex items-center justify-between gap-2">
        <label className="flex items-center gap-1.5 text-xs text-slate-600" title="Keep the camera, section, storeys, selection and hidden elements you see now with this reply">
          <input type="checkbox" checked={withView} onChange={(e) => setWithView(e.target.checked)} />
          With my view
        </label>
        <button type="submit" disabled={text.trim() === '' || sending} className="rounded bg-brand-600 px-3 py-0.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-40">
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
