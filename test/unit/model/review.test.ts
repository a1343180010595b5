/** Review threads and comments (issue #17): what lib/model accepts, in words, and @mentions. */
import { describe, expect, it } from 'vitest';
import { mentionsIn, validateComment, validateThread } from '@/lib/model';

const comment = { id: 'c1', author: 'u1', authorName: 'Ada', text: 'Check the fire rating', createdAt: '2026-12-04T10:00:00Z', mentions: [] };
const viewpoint = { id: 'v1', camera: { kind: 'perspective', position: [1, 2, 3], direction: [0, 1, 0], up: [0, 0, 1], fov: 60, aspect: 1.6 }, planes: [], selected: ['w1'], hidden: [] };
const thread = { id: 't1', title: 'Fire door missing', status: 'open', type: 'Issue', labels: ['fire'], anchor: { elementId: 'w1', ifcGuid: '2O2Fr$t4X7Zf8NOew3FLOH' }, viewpoint, createdBy: 'u1', createdByName: 'Ada', createdAt: '2026-12-04T10:00:00Z', comments: { c1: comment } };

describe('validateThread', () => {
  it('accepts a full thread', () => {
    expect(validateThread(thread).ok).toBe(true);
    expect(validateThread({ ...thread, anchor: { storeyId: 'L0', position: [1, 2, 0] }, priority: 'high', assignee: 'u2', dueDate: '2026-12-24', stage: 'Design' }).ok).toBe(true);
  });

  it.each<{ name: string; patch: Record<string, unknown>; message: string }>([
    { name: 'an empty title', patch: { title: '  ' }, message: 'thread.title: must not be empty' },
    { name: 'an unknown status', patch: { status: 'closed' }, message: 'thread.status: must be one of "open", "resolved"' },
    { name: 'an anchor with neither element nor point', patch: { anchor: { storeyId: 'L0' } }, message: 'thread.anchor: must name an element or a point' },
    { name: 'a bad IfcGuid', patch: { anchor: { ifcGuid: 'short' } }, message: 'thread.anchor.ifcGuid: must be an IFC GlobalId (22 characters)' },
    { name: 'a camera looking nowhere', patch: { viewpoint: { ...viewpoint, camera: { ...viewpoint.camera, direction: [0, 0, 0] } } }, message: 'thread.viewpoint.camera.direction: must not be the zero vector' },
    { name: 'a camera with no up vector', patch: { viewpoint: { ...viewpoint, camera: { ...viewpoint.camera, up: undefined } } }, message: 'thread.viewpoint.camera.up: is required' },
    { name: 'an open thread with resolvedAt', patch: { resolvedAt: '2026-12-04T11:00:00Z' }, message: 'thread.status: an open thread has no resolvedAt or resolvedBy' },
    { name: 'a comment under another key', patch: { comments: { c2: comment } }, message: 'thread.comments: comment c2 must have the id of its key' },
    { name: 'an empty comment', patch: { comments: { c1: { ...comment, text: '' } } }, message: 'thread.comments.c1.text: must not be empty' },
    { name: 'an unknown field', patch: { messages: [] }, message: 'thread.messages: is not a known field' },
    { name: 'a due date with a time', patch: { dueDate: '2026-12-24T10:00:00Z' }, message: 'thread.dueDate' },
    { name: 'too many labels', patch: { labels: Array.from({ length: 21 }, (_, i) => `l${i}`) }, message: 'thread.labels: must have at most 20 items' },
  ])('refuses $name', ({ patch, message }) => {
    const result = validateThread({ ...thread, ...patch });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain(message);
  });

  it('refuses a comment without an author or with too long a text', () => {
    expect(validateComment({ ...comment, author: '' }).ok).toBe(false);
    expect(validateComment({ ...comment, text: 'x'.repeat(10_001) }).ok).toBe(false);
    expect(validateComment(comment).ok).toBe(true);
  });
});

describe('mentionsIn', () => {
  const members = [
    { id: 'u1', name: 'Ada' },
    { id: 'u2', name: 'Ada Lovelace' },
    { id: 'u3', name: 'Bo' },
  ];
  it.each([
    ['no mention', 'Looks fine', []],
    ['one by name', 'Thanks @Bo!', ['u3']],
    ['the longest name wins where names overlap', 'cc @Ada Lovelace', ['u2']],
    ['two people', '@Ada and @Ada Lovelace', ['u1', 'u2']],
    ['case-insensitive', '@bo please check', ['u3']],
    ['not inside a word', '@Bob and @Adam', []],
    ['an email is not a mention of Bo', 'mail x@bo.com', []],
  ])('%s', (_name, text, expected) => {
    expect(mentionsIn(text, members)).toEqual(expected);
  });
});
