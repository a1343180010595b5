/** The review panel's writes (components/review/reviewWrites.ts): valid threads and comments in the writer's name, mentions, resolve and reopen. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LocalOrigin, readThread } from '@/lib/doc';
import type { Viewpoint } from '@/lib/model';
import { editComment, newThread, reply, setFields, setResolved, startThread } from '@/components/review/reviewWrites';

const ada = { id: 'user-ada', name: 'Ada Lovelace' };
const bo = { id: 'user-bo', name: 'Bo' };
const people = [ada, bo];
const origin = new LocalOrigin(ada.id);

describe('review writes', () => {
  it('a new thread with a first comment is valid, open, in its author’s name, and mentions who it names', () => {
    const doc = new Y.Doc();
    const thread = newThread({ title: '  Door too narrow ', text: 'Please check, @Bo', anchor: { elementId: 'room-1', storeyId: 'L0', position: [1, 2, 0] } }, ada, people);
    expect(startThread(doc, thread, origin)).toEqual({ ok: true });
    const read = readThread(doc, thread.id)!;
    expect(read).toMatchObject({ title: 'Door too narrow', status: 'open', createdBy: ada.id, createdByName: ada.name });
    expect(read.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.values(read.comments)).toEqual([expect.objectContaining({ author: ada.id, text: 'Please check, @Bo', mentions: [bo.id] })]);
  });

  it('replies, resolves with who and when, reopens without them, and edits issue fields', () => {
    const doc = new Y.Doc();
    const thread = newThread({ title: 'Leak', text: '', anchor: { storeyId: 'L0', position: [0, 0, 0] } }, ada, people);
    startThread(doc, thread, origin);
    expect(Object.keys(readThread(doc, thread.id)!.comments)).toHaveLength(0);
    expect(reply(doc, thread.id, '@Ada Lovelace fixed', bo, people, new LocalOrigin(bo.id))).toEqual({ ok: true });
    expect(Object.values(readThread(doc, thread.id)!.comments)[0]).toMatchObject({ author: bo.id, mentions: [ada.id] });
    setResolved(doc, thread.id, true, bo, origin);
    expect(readThread(doc, thread.id)).toMatchObject({ status: 'resolved', resolvedBy: bo.id });
    setResolved(doc, thread.id, false, ada, origin);
    const reopened = readThread(doc, thread.id)!;
    expect(reopened.status).toBe('open');
    expect(reopened.resolvedBy).toBeUndefined();
    expect(setFields(doc, thread.id, { assignee: bo.id, priority: 'high', dueDate: '2026-12-24', labels: ['plumbing'] }, origin)).toEqual({ ok: true });
    expect(readThread(doc, thread.id)).toMatchObject({ assignee: bo.id, priority: 'high', dueDate: '2026-12-24', labels: ['plumbing'] });
  });

  it('a reply keeps the view it was written from; its author edits its text (mentions follow, editedAt set, id, author and time kept); nobody else can', () => {
    const doc = new Y.Doc();
    const thread = newThread({ title: 'Leak', text: '', anchor: { storeyId: 'L0', position: [0, 0, 0] } }, ada, people);
    startThread(doc, thread, origin);
    const viewpoint: Viewpoint = { id: 'vp-1', camera: { kind: 'perspective', position: [1, 2, 3], direction: [0, 1, 0], up: [0, 0, 1], fov: 60, aspect: 1.5 }, planes: [], selected: ['w1'], hidden: ['w2'] };
    expect(reply(doc, thread.id, 'See here', bo, people, new LocalOrigin(bo.id), viewpoint)).toEqual({ ok: true });
    const [written] = Object.values(readThread(doc, thread.id)!.comments);
    expect(written!.viewpoint).toEqual(viewpoint);
    const later = new Date(Date.parse(written!.createdAt) + 60_000);
    expect(editComment(doc, readThread(doc, thread.id)!, written!.id, ' See here, @Ada Lovelace ', bo, people, new LocalOrigin(bo.id), later)).toEqual({ ok: true });
    const edited = readThread(doc, thread.id)!.comments[written!.id]!;
    expect(edited).toMatchObject({ id: written!.id, author: bo.id, createdAt: written!.createdAt, text: 'See here, @Ada Lovelace', mentions: [ada.id], editedAt: later.toISOString(), viewpoint });
    const refused = editComment(doc, readThread(doc, thread.id)!, written!.id, 'vandalised', ada, people, origin);
    expect(refused).toEqual({ ok: false, message: 'Only its author can edit a comment.' });
    expect(readThread(doc, thread.id)!.comments[written!.id]!.text).toBe('See here, @Ada Lovelace');
    expect(editComment(doc, readThread(doc, thread.id)!, written!.id, '   ', bo, people, origin).ok).toBe(false);
  });

  it('refuses an invalid field in words and writes nothing', () => {
    const doc = new Y.Doc();
    const thread = newThread({ title: 'Leak', text: '', anchor: { storeyId: 'L0', position: [0, 0, 0] } }, ada, people);
    startThread(doc, thread, origin);
    const refused = setFields(doc, thread.id, { dueDate: 'tomorrow' }, origin);
    expect(refused.ok).toBe(false);
    expect(readThread(doc, thread.id)!.dueDate).toBeUndefined();
  });
});
