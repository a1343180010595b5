'use client';

import { useMemo } from 'react';
import { inboxItems, isUnread, type InboxItem } from './inbox';
import { useInboxSeen } from './useInboxSeen';
import type { ReviewSession } from './useReview';

/** My inbox of the building, live: its items (newest first), how many are new, when I last opened it, and `markSeen`. */
export function useInbox(review: ReviewSession): { items: InboxItem[]; unread: number; seenAt: string | null; markSeen: () => void } {
  const [seenAt, markSeen] = useInboxSeen(review.me.id, review.buildingId);
  const items = useMemo(() => inboxItems(review.threads, review.me.id), [review.threads, review.me.id]);
  const unread = items.filter((i) => isUnread(i, seenAt)).length;
  return { items, unread, seenAt, markSeen };
}
