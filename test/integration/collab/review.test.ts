/**
 * The review document through the server (issue #17; SPEC.md rule 25): threads and replies are
 * live for everyone, concurrent replies merge, and a person writes only in their own name — a
 * hostile commenter or editor cannot start a thread or write a comment as someone else, edit or
 * delete another's comment, delete another's thread, or rewrite who started one. Each refusal
 * closes the writer's connection and nothing of it is applied, broadcast or stored.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addThread, deleteComment, deleteThread, putComment, readThread, readThreads, threadsOf, updateThread } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { describeCollab, eventually } from './harness';
import { commentRecord, docOf, must, threadRecord } from './model';

const ADA = { sub: 'user-ada', name: 'Ada' };
const BO = { sub: 'user-bo', name: 'Bo' };

describeCollab('collab server: the review document (SPEC 25)', describe, {}, (ctx) => {
  async function open(building: string, user: { sub: string; name: string }, role: 'commenter' | 'editor' = 'commenter') {
    const client = await ctx().client(docNames.review(building), role, { user, building });
    await client.synced();
    return client;
  }
  const stored = async (building: string) => {
    await ctx().server.flush();
    return readThreads(docOf((await ctx().db.load(docNames.review(building))).state));
  };

  it('a commenter starts a thread, an editor sees it live and replies; replies made at the same time both land', async () => {
    const building = ctx().building();
    const ada = await open(building, ADA);
    const bo = await open(building, BO, 'editor');
    must(addThread(ada.doc, threadRecord('t1', ADA.sub)));
    await eventually(() => expect(readThread(bo.doc, 't1')?.title).toBe('Thread t1'));

    // Both reply at once (each offline from the other for the moment).
    ada.provider.disconnect();
    must(putComment(bo.doc, 't1', commentRecord('c-bo', BO.sub, 'Looks wrong to me @Ada')));
    must(putComment(ada.doc, 't1', commentRecord('c-ada', ADA.sub, 'Agreed')));
    ada.provider.connect();
    await eventually(() => expect(Object.keys(readThread(bo.doc, 't1')?.comments ?? {}).sort()).toEqual(['c-ada', 'c-bo']));
    await eventually(() => expect(Object.keys(readThread(ada.doc, 't1')?.comments ?? {}).sort()).toEqual(['c-ada', 'c-bo']));

    // Anyone may resolve a thread.
    must(updateThread(bo.doc, 't1', { status: 'resolved', resolvedBy: BO.sub, resolvedAt: '2026-12-04T11:00:00.000Z' }));
    await eventually(() => expect(readThread(ada.doc, 't1')?.status).toBe('resolved'));
    expect([ada.closeCodes, bo.closeCodes]).toEqual([[], []]);
    expect((await stored(building)).threads.map((t) => [t.id, t.status, Object.keys(t.comments).length])).toEqual([['t1', 'resolved', 2]]);
  });

  it.each<{ name: string; attack: (doc: Y.Doc) => void }>([
    { name: 'starting a thread in someone else’s name', attack: (doc) => must(addThread(doc, threadRecord('t-forged', ADA.sub))) },
    { name: 'writing a comment in someone else’s name', attack: (doc) => must(putComment(doc, 't1', commentRecord('c-forged', ADA.sub, 'I, Ada, approve'))) },
    { name: 'editing another’s comment', attack: (doc) => must(putComment(doc, 't1', { ...commentRecord('c1', ADA.sub, 'Edited by Bo'), editedAt: '2026-12-04T12:00:00.000Z' })) },
    { name: 'deleting another’s comment', attack: (doc) => must(deleteComment(doc, 't1', 'c1')) },
    { name: 'deleting another’s thread', attack: (doc) => must(deleteThread(doc, 't1')) },
    { name: 'rewriting who started a thread (around lib/doc)', attack: (doc) => (threadsOf(doc).get('t1') as Y.Map<unknown>).set('createdBy', BO.sub) },
    { name: 'a thread that is not valid (no title, around lib/doc)', attack: (doc) => (threadsOf(doc).get('t1') as Y.Map<unknown>).set('title', '') },
    { name: 'something other than threads in the review document', attack: (doc) => doc.getMap('elements').set('w1', 'x') },
  ])('refuses $name: the writer is closed with 4400 and nothing is applied or stored', async ({ attack }) => {
    const building = ctx().building();
    const ada = await open(building, ADA);
    must(addThread(ada.doc, { ...threadRecord('t1', ADA.sub), comments: { c1: commentRecord('c1', ADA.sub, 'Original') } }));
    await eventually(async () => expect((await stored(building)).threads).toHaveLength(1));
    const before = JSON.stringify(await stored(building));

    const bo = await open(building, BO, 'editor');
    await eventually(() => expect(readThread(bo.doc, 't1')).toBeDefined());
    attack(bo.doc);
    await eventually(() => expect(bo.closeCodes).toContain(4400));
    // Nothing reached Ada or the store.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readThread(ada.doc, 't1')).toMatchObject({ createdBy: ADA.sub, title: 'Thread t1', comments: { c1: { text: 'Original' } } });
    expect(readThreads(ada.doc).threads.map((t) => t.id)).toEqual(['t1']);
    expect(ada.doc.getMap('elements').size).toBe(0);
    expect(JSON.stringify(await stored(building))).toBe(before);
    expect(ada.closeCodes).toEqual([]);
  });

  it('lets the author edit and delete their own comment, and the starter delete their own thread', async () => {
    const building = ctx().building();
    const ada = await open(building, ADA);
    must(addThread(ada.doc, { ...threadRecord('t1', ADA.sub), comments: { c1: commentRecord('c1', ADA.sub, 'Typo') } }));
    must(putComment(ada.doc, 't1', { ...commentRecord('c1', ADA.sub, 'Fixed'), editedAt: '2026-12-04T10:06:00.000Z' }));
    must(putComment(ada.doc, 't1', commentRecord('c2', ADA.sub, 'Second')));
    must(deleteComment(ada.doc, 't1', 'c2'));
    await eventually(async () => expect((await stored(building)).threads[0]?.comments).toMatchObject({ c1: { text: 'Fixed' } }));
    expect(Object.keys((await stored(building)).threads[0]!.comments)).toEqual(['c1']);
    must(deleteThread(ada.doc, 't1'));
    await eventually(async () => expect((await stored(building)).threads).toEqual([]));
    expect(ada.closeCodes).toEqual([]);
  });
});
