/**
 * The review document's gate (SPEC.md rule 25; issue #17): every thread an update touches must
 * be a valid thread (lib/model `threadType`: its comments, viewpoint and anchor included), and a
 * person writes only as themselves: a thread they create and a comment they add, change or delete
 * must name them as its author (`createdBy`, `author`); a thread is deleted only by whoever created
 * it; ids, authors and creation times never change. The server's own writes (a BCF import made for
 * a user) are trusted for authorship: their records were built by the web app.
 */
import * as Y from 'yjs';
import { isRecord, validateThread, type ModelIssue } from '@/lib/model';
import type { ChangeCheck, ChangeValidator } from './validateChange';

export const validateReviewChange: ChangeValidator = (touched, before, after, writer) => {
  const out: ChangeCheck = { issues: [], mergeInvalid: [] };
  const was = before.getMap('threads');
  const now = after.getMap('threads');
  for (const [root, keys] of touched) {
    if (root !== 'threads') {
      out.issues.push({ path: root, message: 'is not part of the review document (threads)' });
      continue;
    }
    for (const [id] of keys) {
      if (id === null) {
        out.issues.push({ path: 'threads', message: 'must be a map keyed by thread id' });
        continue;
      }
      const path = `threads.${id}`;
      const prev = plain(was.get(id));
      if (!now.has(id)) {
        if (writer !== undefined && prev !== undefined && prev.createdBy !== writer) out.issues.push({ path, message: 'A thread can be deleted only by whoever started it' });
        continue;
      }
      const value = now.get(id);
      if (!(value instanceof Y.Map)) {
        out.issues.push({ path, message: 'must be a Y.Map' });
        continue;
      }
      const next = value.toJSON() as Record<string, unknown>;
      const checked = validateThread(next);
      if (!checked.ok) {
        out.issues.push(...checked.error.issues.map((i): ModelIssue => ({ path: i.path === '' ? path : `${path}.${i.path}`, message: i.message })));
        continue;
      }
      out.issues.push(...authorship(path, prev, checked.value, writer));
    }
  }
  return out;
};

function plain(value: unknown): Record<string, unknown> | undefined {
  if (value instanceof Y.Map) return value.toJSON() as Record<string, unknown>;
  return isRecord(value) ? value : undefined;
}

type ThreadLike = { id: string; createdBy: string; createdAt: string; comments: Record<string, { author: string; createdAt: string; id: string }> };

/** Who may have written what changed between `prev` (undefined: a new thread) and `next`. */
function authorship(path: string, prev: Record<string, unknown> | undefined, next: ThreadLike, writer: string | undefined): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const before = (prev ?? {}) as Partial<ThreadLike>;
  if (prev === undefined) {
    if (writer !== undefined && next.createdBy !== writer) issues.push({ path: `${path}.createdBy`, message: 'A thread is started in your own name only' });
  } else {
    for (const field of ['id', 'createdBy', 'createdAt'] as const) {
      if (before[field] !== next[field]) issues.push({ path: `${path}.${field}`, message: 'cannot be changed' });
    }
  }
  const oldComments = isRecord(before.comments) ? (before.comments as ThreadLike['comments']) : {};
  for (const [id, comment] of Object.entries(next.comments)) {
    const old = oldComments[id];
    const at = `${path}.comments.${id}`;
    if (old === undefined) {
      if (writer !== undefined && comment.author !== writer) issues.push({ path: `${at}.author`, message: 'A comment is written in your own name only' });
      continue;
    }
    if (old.author !== comment.author || old.createdAt !== comment.createdAt) issues.push({ path: at, message: 'Its author and time cannot be changed' });
    else if (writer !== undefined && JSON.stringify(old) !== JSON.stringify(comment) && old.author !== writer) issues.push({ path: at, message: 'Only its author can edit a comment' });
  }
  for (const [id, old] of Object.entries(oldComments)) {
    if (!Object.hasOwn(next.comments, id) && writer !== undefined && old.author !== writer) issues.push({ path: `${path}.comments.${id}`, message: 'Only its author can delete a comment' });
  }
  return issues;
}
