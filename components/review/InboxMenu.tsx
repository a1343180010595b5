'use client';

import { useEffect, useRef, useState } from 'react';
import { formatWhen } from '@/components/history/describeChange';
import { useNow } from '@/components/history/useNow';
import { isUnread } from './inbox';
import { useInbox } from './useInbox';
import type { ReviewSession } from './useReview';

/** Most entries the inbox lists. */
const MAX_SHOWN = 50;

/**
 * The inbox: a top-bar button whose badge counts what is new (mentions of me, replies in threads
 * I started or commented on) since I last opened it; opening it lists them (new ones marked) and
 * counts them as seen; a click on one opens its thread.
 */
export function InboxMenu({ review, className = '' }: { review: ReviewSession; className?: string }) {
  const { items, unread, seenAt, markSeen } = useInbox(review);
  // While open, what was new when it opened stays marked new.
  const [openedSince, setOpenedSince] = useState<string | null | undefined>(undefined);
  const open = openedSince !== undefined;
  const ref = useRef<HTMLDivElement>(null);
  const now = useNow();
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && setOpenedSince(undefined);
    const onKeyDown = (e: KeyboardEvent) => e.key === 'Escape' && setOpenedSince(undefined);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);
  // Whatever arrives while it is open is seen too.
  useEffect(() => {
    if (open && unread > 0) markSeen();
  }, [open, unread, markSeen]);
  return (
    <div ref={ref} className={`shrink-0 ${className}`}>
      <button
        type="button"
        aria-label="Inbox"
        aria-haspopup="true"
        aria-expanded={open}
        title={unread > 0 ? `Inbox: ${unread} new` : 'Inbox'}
        onClick={() => {
          if (open) return setOpenedSince(undefined);
          setOpenedSince(seenAt);
          markSeen();
        }}
        className="relative flex h-7 items-center rounded px-1.5 text-slate-700 hover:bg-slate-100"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round">
          <path d="M2 4.5h12v8H2z M2 5l6 4.5L14 5" />
        </svg>
        {unread > 0 && (
          <span data-testid="inbox-badge" className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-rose-600 px-1 text-center text-[10px] font-semibold leading-4 text-white">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div role="region" aria-label="Inbox items" data-testid="inbox" className="fixed right-2 top-12 z-50 max-h-[70vh] w-80 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {items.length === 0 ? (
            <p className="px-3 py-2 text-sm text-slate-500">Nothing yet: mentions of you and replies in your threads arrive here.</p>
          ) : (
            <ul aria-label="Inbox">
              {items.slice(0, MAX_SHOWN).map((item) => (
                <li key={item.commentId} data-testid="inbox-item" data-unread={isUnread(item, openedSince ?? null)} data-thread-id={item.threadId}>
                  <button
                    type="button"
                    onClick={() => {
                      setOpenedSince(undefined);
                      review.open(item.threadId);
                    }}
                    className={`block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 ${isUnread(item, openedSince ?? null) ? 'bg-brand-50' : ''}`}
                  >
                    <span className="block text-slate-800">
                      <span className="font-medium">{item.authorName || 'Someone'}</span> {item.reason === 'mention' ? 'mentioned you in' : 'replied in'} <span className="font-medium">“{item.threadTitle}”</span>
                    </span>
                    <span className="block truncate text-xs text-slate-600">{item.text}</span>
                    <time dateTime={item.createdAt} className="block text-[11px] text-slate-400">
                      {formatWhen(item.createdAt, now)}
                    </time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
