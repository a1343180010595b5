/**
 * The review document (`building/<id>/review`; ARCHITECTURE.md section 2): `threads`, a Y.Map of
 * threads keyed by id, each a Y.Map of its fields (plain JSON values) whose `comments` is a nested
 * Y.Map of comments keyed by id, so that replies made at the same time by different people merge
 * and a thread's fields (status, assignee) merge field by field. Every write validates the whole
 * thread first (lib/model `validateThread`); the collaboration server checks the same and that
 * people write in their own name (collab-server/SPEC.md rule 25).
 */
import * as Y from 'yjs';
import { err, ok, validateComment, validateThread, type Comment, type Result, type Thread } from '../model';
import { docError, invalid, type DocError } from './docError';
import type { DocEdit, DocValue } from './docEdits';

/** The review document's threads map. */
export function threadsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('threads');
}

/** Every valid thread, newest first; invalid ones (from an old client) are listed apart by id. */
export function readThreads(doc: Y.Doc): { threads: Thread[]; invalid: string[] } {
  const threads: Thread[] = [];
  const bad: string[] = [];
  for (const [id, value] of threadsOf(doc).entries()) {
    const checked = value instanceof Y.Map ? validateThread(value.toJSON()) : undefined;
    if (checked?.ok) threads.push(checked.value);
    else bad.push(id);
  }
  threads.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  return { threads, invalid: bad.sort() };
}

/** One valid thread, or undefined. */
export function readThread(doc: Y.Doc, id: string): Thread | undefined {
  const value = threadsOf(doc).get(id);
  if (!(value instanceof Y.Map)) return undefined;
  const checked = validateThread(value.toJSON());
  return checked.ok ? checked.value : undefined;
}

/** Adds a new thread (with any comments it has), in one transaction. */
export function addThread(doc: Y.Doc, thread: unknown, origin?: unknown): Result<Thread, DocError> {
  const checked = validateThread(thread);
  if (!checked.ok) return err(invalid(checked.error));
  if (threadsOf(doc).has(checked.value.id)) return err(docError('conflict', `thread ${checked.value.id} exists already`, 'id'));
  doc.transact(() => threadsOf(doc).set(checked.value.id, threadMap(checked.value)), origin);
  return ok(checked.value);
}

/** Changes a thread's own fields (not `id`, `createdBy`, `createdAt` or `comments`); only changed fields are written. */
export function updateThread(doc: Y.Doc, id: string, patch: Partial<Omit<Thread, 'id' | 'createdBy' | 'createdAt' | 'comments'>>, origin?: unknown): Result<Thread, DocError> {
  const map = threadsOf(doc).get(id);
  if (!(map instanceof Y.Map)) return err(docError('not_found', `no thread ${id}`, 'id'));
  const current = map.toJSON() as Record<string, unknown>;
  for (const key of ['id', 'createdBy', 'createdAt', 'comments']) {
    if (Object.hasOwn(patch, key)) return err(docError('invalid', `thread.${key}: cannot be changed this way`, key));
  }
  const next: Record<string, unknown> = { ...current, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
  const checked = validateThread(next);
  if (!checked.ok) return err(invalid(checked.error));
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) map.delete(key);
      else if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, structuredClone(value));
    }
  }, origin);
  return ok(checked.value);
}

/** Adds (or replaces, by its author) a comment of a thread. */
export function putComment(doc: Y.Doc, threadId: string, comment: unknown, origin?: unknown): Result<Comment, DocError> {
  const map = threadsOf(doc).get(threadId);
  if (!(map instanceof Y.Map)) return err(docError('not_found', `no thread ${threadId}`, 'threadId'));
  const checked = validateComment(comment);
  if (!checked.ok) return err(invalid(checked.error));
  const comments = map.get('comments');
  if (!(comments instanceof Y.Map)) return err(docError('invalid', `thread ${threadId} has no comments map`, 'comments'));
  doc.transact(() => comments.set(checked.value.id, structuredClone(checked.value)), origin);
  return ok(checked.value);
}

/** Deletes a comment. */
export function deleteComment(doc: Y.Doc, threadId: string, commentId: string, origin?: unknown): Result<void, DocError> {
  const comments = (threadsOf(doc).get(threadId) as Y.Map<unknown> | undefined)?.get('comments');
  if (!(comments instanceof Y.Map) || !comments.has(commentId)) return err(docError('not_found', `no comment ${commentId}`, 'commentId'));
  doc.transact(() => comments.delete(commentId), origin);
  return ok(undefined);
}

/** Deletes a thread with its comments. */
export function deleteThread(doc: Y.Doc, id: string, origin?: unknown): Result<void, DocError> {
  if (!threadsOf(doc).has(id)) return err(docError('not_found', `no thread ${id}`, 'id'));
  doc.transact(() => threadsOf(doc).delete(id), origin);
  return ok(undefined);
}

/** The edits that add `threads` to a review document (a BCF import through the collaboration server). */
export function threadEdits(threads: readonly Thread[]): DocEdit[] {
  return threads.map((t) => ({ op: 'set', path: ['threads', t.id], value: threadValue(t) }));
}

function threadMap(thread: Thread): Y.Map<unknown> {
  const comments = new Y.Map<unknown>(Object.entries(thread.comments).map(([id, c]) => [id, structuredClone(c)]));
  return new Y.Map<unknown>(Object.entries(thread).map(([key, value]) => [key, key === 'comments' ? comments : structuredClone(value)]));
}

function threadValue(thread: Thread): DocValue {
  const map: Record<string, DocValue> = {};
  for (const [key, value] of Object.entries(thread)) {
    if (value === undefined) continue;
    map[key] = key === 'comments' ? { map: Object.fromEntries(Object.entries(thread.comments).map(([id, c]) => [id, { json: c }])) } : { json: value };
  }
  return { map };
}
