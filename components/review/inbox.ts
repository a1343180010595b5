/**
 * A person's review inbox: comments by others that @mention them, and replies in threads they
 * started or had commented on; unread are those newer than when they last opened the inbox. Pure.
 */
import type { Thread } from '@/lib/model';

/** One inbox entry: a comment, and why it is there. */
export interface InboxItem {
  readonly threadId: string;
  readonly threadTitle: string;
  readonly commentId: string;
  readonly authorName: string;
  readonly text: string;
  readonly createdAt: string;
  readonly reason: 'mention' | 'reply';
}

/** The inbox of user `me`, newest first. */
export function inboxItems(threads: readonly Thread[], me: string): InboxItem[] {
  const items: InboxItem[] = [];
  for (const thread of threads) {
    const comments = Object.values(thread.comments).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    // Whether `me` takes part in the thread before a comment: started it, or had commented.
    let takingPart = thread.createdBy === me;
    for (const c of comments) {
      if (c.author === me) {
        takingPart = true;
        continue;
      }
      const reason = c.mentions.includes(me) ? 'mention' : takingPart ? 'reply' : undefined;
      if (reason) items.push({ threadId: thread.id, threadTitle: thread.title, commentId: c.id, authorName: c.authorName, text: c.text, createdAt: c.createdAt, reason });
    }
  }
  return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.commentId.localeCompare(b.commentId));
}

/** Whether an item arrived after the inbox was last opened (`seenAt`, an ISO time; null: never opened). */
export function isUnread(item: InboxItem, seenAt: string | null): boolean {
  return seenAt === null || Date.parse(item.createdAt) > Date.parse(seenAt);
}
