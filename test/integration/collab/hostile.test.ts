import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readElement, updateElement } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { encodeAwareness, encodeSyncStep1 } from '@/collab-server/frames';
import { seededBytes } from '@/test/helpers/random';
import { describeCollab, eventually, type CollabContext, type TestClient } from './harness';
import { docOf, must, seedBuilding } from './model';
import { Gate } from './RecordingStore';

const LIMIT = 64 * 1024;

const step1 = encodeSyncStep1(new Y.Doc());

const BAD_FRAMES: [string, Uint8Array | string][] = [
  ['random bytes', seededBytes(1, 512)],
  ['random bytes after a sync update header', Uint8Array.from([0, 2, 200, 1, ...seededBytes(2, 200)])],
  ['a truncated varint', Uint8Array.from([0x80])],
  ['a length prefix longer than the frame', Uint8Array.from([0, 1, 0xff, 0x0f, 1, 2, 3])],
  ['an unknown message type', Uint8Array.from([7, 0])],
  ['an unknown sync message type', Uint8Array.from([0, 9, 0])],
  ['an auth message (server to client only)', Uint8Array.from([2, 0, 0])],
  ['trailing bytes after a valid message', Uint8Array.from([...step1, 42])],
  ['a malformed awareness update', encodeAwareness(Uint8Array.from([1, 5, 1, 3, 0x7b, 0x7b, 0x7b]))],
  ['a text frame', 'hello'],
];

/** An editor with a seeded building, to show other clients keep working. */
async function editingClient(ctx: CollabContext, name: string): Promise<TestClient> {
  const editor = await ctx.client(name);
  await editor.synced();
  seedBuilding(editor.doc, ['w1']);
  return editor;
}

/** Checks that `editor` can still edit and that its edit reaches the store. */
async function expectStillEditing(ctx: CollabContext, name: string, editor: TestClient, label: string): Promise<void> {
  must(updateElement(editor.doc, 'w1', { name: label }));
  await eventually(async () => {
    await ctx.server.flush();
    expect(readElement(docOf((await ctx.db.load(name)).state), 'w1')?.name).toBe(label);
  });
  expect(editor.closeCodes).toEqual([]);
}

describeCollab('collab server: hostile input', describe, { limits: { maxMessageBytes: LIMIT, messagesPerSecond: 50, messageBurst: 100 } }, (ctx) => {
  it.each(BAD_FRAMES)('closes a connection sending %s with 4400 while an editor keeps editing (SPEC 8)', async (label, frame) => {
    const name = docNames.model(ctx().building());
    const editor = await editingClient(ctx(), name);
    const raw = await ctx().raw(name);
    raw.ws.send(frame);
    expect((await raw.closed).code).toBe(4400);
    await expectStillEditing(ctx(), name, editor, `after ${label}`);
  });

  it('closes a frame 10x the size limit with 4413 before buffering it (SPEC 7)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await editingClient(ctx(), name);
    const raw = await ctx().raw(name);
    raw.ws.send(new Uint8Array(LIMIT * 10));
    expect((await raw.closed).code).toBe(4413);
    await expectStillEditing(ctx(), name, editor, 'after a huge frame');
  });

  it('closes a flooding connection with 4429 (SPEC 9)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await editingClient(ctx(), name);
    const raw = await ctx().raw(name);
    for (let i = 0; i < 1_000; i++) raw.ws.send(step1);
    expect((await raw.closed).code).toBe(4429);
    await expectStillEditing(ctx(), name, editor, 'after a flood');
  });

  it('closes connections beyond the per-address limit with 4429 and keeps serving the rest (SPEC 10)', async () => {
    await ctx().restart({ limits: { maxConnectionsPerIp: 20 } });
    const name = docNames.model(ctx().building());
    const editor = await editingClient(ctx(), name);
    const raws = await Promise.all(Array.from({ length: 200 }, () => ctx().raw(name)));
    const codes: number[] = [];
    for (const raw of raws) void raw.closed.then(({ code }) => codes.push(code));
    // The editor holds one of the 20 slots.
    await eventually(() => expect(codes).toHaveLength(181));
    expect(new Set(codes)).toEqual(new Set([4429]));
    expect(ctx().server.stats().connections).toBe(20);
    await expectStillEditing(ctx(), name, editor, 'after 200 connection attempts');
  });

  it('closes connections beyond the per-document limit with 4429 (SPEC 10)', async () => {
    await ctx().restart({ limits: { maxConnectionsPerDoc: 2 } });
    const building = ctx().building();
    const first = await ctx().raw(docNames.model(building));
    await ctx().raw(docNames.model(building));
    const third = await ctx().raw(docNames.model(building));
    expect((await third.closed).code).toBe(4429);
    const review = await ctx().client(docNames.review(building));
    await review.synced();
    expect(first.ws.readyState).toBe(first.ws.OPEN);
  });

  it('closes a connection that stops answering pings with 4408 (SPEC 11)', async () => {
    await ctx().restart({ limits: { pingIntervalMs: 50 } });
    const name = docNames.model(ctx().building());
    const editor = await editingClient(ctx(), name);
    const silent = await ctx().raw(name, 'editor', { ws: { autoPong: false } });
    expect((await silent.closed).code).toBe(4408);
    await expectStillEditing(ctx(), name, editor, 'after a silent peer');
  });

  it('closes a connection that sends too much while its document loads with 4413 (SPEC 3)', async () => {
    await ctx().restart({ limits: { preloadBufferBytes: 1024 } });
    const name = docNames.model(ctx().building());
    const gate = new Gate();
    ctx().store.holdLoad.set(name, gate);
    const raw = await ctx().raw(name);
    for (let i = 0; i < 10; i++) raw.ws.send(encodeAwareness(new Uint8Array(200)));
    expect((await raw.closed).code).toBe(4413);
    gate.open();
    const client = await ctx().client(name);
    await client.synced();
  });
});
