/** A person's review inbox (components/review/inbox.ts): mentions and replies in threads they take part in, unread since they last looked. */
import { describe, expect, it } from 'vitest';
import type { Comment, Thread } from '@/lib/model';
import { inboxItems, isUnread } from '@/components/review/inbox';

const comment = (id: string, author: string, at: string, mentions: string[] = []): Comment => ({ id, author, authorName: author.toUpperCase(), text: `text ${id}`, createdAt: `2026-12-04T10:${at}:00.000Z`, mentions });
const thread = (id: string, createdBy: string, comments: Comment[]): Thread => ({
  id,
  title: `Thread ${id}`,
  status: 'open',
  type: 'Issue',
  labels: [],
  anchor: { position: [0, 0, 0] },
  createdBy,
  createdByName: createdBy,
  createdAt: '2026-12-04T09:00:00.000Z',
  comments: Object.fromEntries(comments.map((c) => [c.id, c])),
});

describe('inbox', () => {
  const threads = [
    // Ada started t1: Bo's reply is for her.
    thread('t1', 'ada', [comment('c1', 'ada', '01'), comment('c2', 'bo', '02')]),
    // Cy started t2; Bo mentions Ada there.
    thread('t2', 'cy', [comment('c3', 'bo', '03', ['ada'])]),
    // Cy started t3; Bo replied before Ada joined, then Cy replied after.
    thread('t3', 'cy', [comment('c4', 'bo', '04'), comment('c5', 'ada', '05'), comment('c6', 'cy', '06')]),
    // Nothing for Ada in t4.
    thread('t4', 'cy', [comment('c7', 'bo', '07')]),
  ];

  it.each([
    ['ada', [['c6', 'reply'], ['c3', 'mention'], ['c2', 'reply']]],
    ['bo', [['c6', 'reply'], ['c5', 'reply']]],
    ['cy', [['c7', 'reply'], ['c5', 'reply'], ['c4', 'reply'], ['c3', 'reply']]],
  ] as const)('%s gets %j, newest first, never their own comments', (me, expected) => {
    expect(inboxItems(threads, me).map((i) => [i.commentId, i.reason])).toEqual(expected);
  });

  it.each([
    [null, true],
    ['2026-12-04T10:01:00.000Z', true],
    ['2026-12-04T10:02:00.000Z', false],
  ])('after the inbox was opened at %s, a comment of 10:02 is unread: %s', (seenAt, unread) => {
    const [item] = inboxItems([threads[0]!], 'ada');
    expect(isUnread(item!, seenAt)).toBe(unread);
  });
});
