/**
 * The review panel's writes to the review document, in the signed-in person's name (the server
 * checks that threads and comments are theirs: collab-server/SPEC.md rule 25), through lib/doc's
 * validated writers, each one local transaction. Refusals are values with a message in words.
 */
import type * as Y from 'yjs';
import { addThread, putComment, updateThread, type DocError, type LocalOrigin } from '@/lib/doc';
import { errorInWords, mentionsIn, type Comment, type Result, type Thread, type Viewpoint } from '@/lib/model';

/** Who writes: the signed-in person (the collab token's subject). */
export interface Author {
  readonly id: string;
  readonly name: string;
}

/** People who can be @mentioned. */
export type People = readonly { id: string; name: string }[];

/** A write's outcome: nothing, or why not in words. */
export type WriteOutcome = { ok: true } | { ok: false; message: string };

const outcome = (result: Result<unknown, DocError>): WriteOutcome => (result.ok ? { ok: true } : { ok: false, message: errorInWords(result.error) });

/** What starting a thread needs. */
export interface NewThread {
  readonly title: string;
  /** The first comment (may be empty). */
  readonly text: string;
  readonly anchor: Thread['anchor'];
  readonly viewpoint?: Viewpoint;
}

/** A new open thread by `author`, with `draft.text` as its first comment when there is one. */
export function newThread(draft: NewThread, author: Author, people: People, now = new Date()): Thread {
  const createdAt = now.toISOString();
  const first = draft.text.trim() === '' ? undefined : newComment(draft.text, author, people, now);
  return {
    id: crypto.randomUUID(),
    title: draft.title.trim(),
    status: 'open',
    type: 'Issue',
    priority: 'normal',
    labels: [],
    anchor: draft.anchor,
    ...(draft.viewpoint ? { viewpoint: draft.viewpoint } : {}),
    createdBy: author.id,
    createdByName: author.name,
    createdAt,
    comments: first ? { [first.id]: first } : {},
  };
}

/** A comment by `author`, with the people it @mentions. */
export function newComment(text: string, author: Author, people: People, now = new Date()): Comment {
  return { id: crypto.randomUUID(), author: author.id, authorName: author.name, text: text.trim(), createdAt: now.toISOString(), mentions: mentionsIn(text, people) };
}

/** Starts a thread. */
export function startThread(doc: Y.Doc, thread: Thread, origin: LocalOrigin): WriteOutcome {
  return outcome(addThread(doc, thread, origin));
}

/** Adds a reply by `author`, with the view it was written from when given (a BCF comment's viewpoint). */
export function reply(doc: Y.Doc, threadId: string, text: string, author: Author, people: People, origin: LocalOrigin, viewpoint?: Viewpoint): WriteOutcome {
  return outcome(putComment(doc, threadId, { ...newComment(text, author, people), ...(viewpoint ? { viewpoint } : {}) }, origin));
}

/**
 * Changes the text of `author`'s own comment (its mentions follow the new text, `editedAt` is now);
 * someone else's comment is refused here as the server would refuse it.
 */
export function editComment(doc: Y.Doc, thread: Thread, commentId: string, text: string, author: Author, people: People, origin: LocalOrigin, now = new Date()): WriteOutcome {
  const comment = thread.comments[commentId];
  if (!comment) return { ok: false, message: 'That comment was deleted.' };
  if (comment.author !== author.id) return { ok: false, message: 'Only its author can edit a comment.' };
  return outcome(putComment(doc, thread.id, { ...comment, text: text.trim(), mentions: mentionsIn(text, people), editedAt: now.toISOString() }, origin));
}

/** Resolves a thread (by `author`, now) or opens it again. */
export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean, author: Author, origin: LocalOrigin): WriteOutcome {
  const patch = resolved ? { status: 'resolved' as const, resolvedBy: author.id, resolvedAt: new Date().toISOString() } : { status: 'open' as const, resolvedBy: undefined, resolvedAt: undefined };
  return outcome(updateThread(doc, threadId, patch, origin));
}

/** The issue fields the panel edits. */
export type ThreadFields = Partial<Pick<Thread, 'title' | 'type' | 'priority' | 'assignee' | 'dueDate' | 'labels'>>;

/** Changes a thread's issue fields (`undefined` clears one). */
export function setFields(doc: Y.Doc, threadId: string, fields: ThreadFields, origin: LocalOrigin): WriteOutcome {
  return outcome(updateThread(doc, threadId, fields, origin));
}
