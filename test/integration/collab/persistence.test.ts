import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateElement } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import type { CollabServer } from '@/collab-server/server';
import { caughtUp, describeCollab, eventually } from './harness';
import { docOf, must, seedBuilding, snapshot } from './model';
import { Gate } from './RecordingStore';

const httpUrl = (server: CollabServer, path: string) => `${server.url.replace('ws://', 'http://')}${path}`;

describeCollab('collab server: persistence', describe, { persistence: { retryBaseMs: 10, retryMaxMs: 50 } }, (ctx) => {
  /** An editor on a new building whose wall `w1` the server has accepted and written. */
  async function editorWithSavedWall() {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);
    await caughtUp(ctx().server, name, editor.doc);
    await ctx().server.flush();
    return { name, editor };
  }

  it('writes many quick edits with few appendUpdates calls and stores exactly the live state (SPEC 12)', async () => {
    const { name, editor } = await editorWithSavedWall();
    const before = ctx().store.appendsOf(name).length;

    // Hold the writes until all 200 updates are accepted, so the batching shows deterministically.
    const gate = new Gate();
    ctx().store.holdAppend = gate;
    for (let i = 0; i < 200; i++) must(updateElement(editor.doc, 'w1', { name: `name ${i}` }));
    await eventually(() => expect(ctx().server.stats().pendingUpdates).toBe(200));
    ctx().store.holdAppend = undefined;
    gate.open();
    await ctx().server.flush();

    const calls = ctx().store.appendsOf(name).slice(before);
    expect(calls.reduce((n, c) => n + c.count, 0)).toBe(200);
    expect(calls.length).toBeLessThanOrEqual(2);
    const stored = docOf((await ctx().db.load(name)).state);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(editor.doc));
    expect(snapshot(stored)).toEqual(snapshot(editor.doc));
  });

  it('retries failed writes without losing updates, and is not ready meanwhile (SPEC 13, 18)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    ctx().store.failAppends = Number.MAX_SAFE_INTEGER;
    seedBuilding(editor.doc, ['w1', 'w2']);

    await eventually(async () => expect((await fetch(httpUrl(ctx().server, '/readyz'))).status).toBe(503));
    expect(await ctx().server.metrics.getSingleMetricAsString('collab_persistence_writes_total')).toMatch(/result="error"\} [1-9]/);
    ctx().store.failAppends = 0;
    await ctx().server.flush();

    expect((await fetch(httpUrl(ctx().server, '/readyz'))).status).toBe(200);
    expect(snapshot(docOf((await ctx().db.load(name)).state))).toEqual(snapshot(editor.doc));
  });

  it('compacts a document log once it passes the threshold (SPEC 14)', async () => {
    await ctx().restart({ persistence: { compactAfterUpdates: 20, maxBatch: 5 } });
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);
    for (let i = 0; i < 60; i++) must(updateElement(editor.doc, 'w1', { name: `name ${i}` }));
    await caughtUp(ctx().server, name, editor.doc);
    await ctx().server.flush();

    await eventually(() => expect(ctx().store.compactions).toContain(name));
    await eventually(async () => expect((await ctx().db.load(name)).updateCount).toBeLessThan(60));
    expect(snapshot(docOf((await ctx().db.load(name)).state))).toEqual(snapshot(editor.doc));
  });

  it('unloads an idle room after the grace period and reloads it intact (SPEC 15)', async () => {
    await ctx().restart({ roomUnloadGraceMs: 20 });
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name);
    await editor.synced();
    seedBuilding(editor.doc, ['w1', 'w2']);
    const expected = snapshot(editor.doc);
    const unloaded = new Promise((resolve) => ctx().server.events.once('room-unloaded', resolve));

    editor.provider.destroy();
    expect(await unloaded).toBe(name);
    expect(ctx().server.stats()).toMatchObject({ rooms: 0, pendingUpdates: 0 });

    const again = await ctx().client(name);
    await again.synced();
    expect(snapshot(again.doc)).toEqual(expected);
    expect(ctx().store.loads.filter((d) => d === name)).toHaveLength(2);
  });

  it('writes every accepted update on graceful close (SPEC 16)', async () => {
    const { name, editor } = await editorWithSavedWall();
    const gate = new Gate();
    ctx().store.holdAppend = gate;
    for (let i = 0; i < 50; i++) must(updateElement(editor.doc, 'w1', { name: `name ${i}` }));
    await eventually(() => expect(ctx().server.stats().pendingUpdates).toBe(50));

    const closing = ctx().server.close();
    ctx().store.holdAppend = undefined;
    gate.open();
    await closing;
    const stored = docOf((await ctx().db.load(name)).state);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(editor.doc));
    expect(snapshot(stored).elements.w1?.name).toBe('name 49');
  });

  it('serves /healthz, /readyz and Prometheus /metrics (SPEC 18)', async () => {
    await editorWithSavedWall();

    expect(await (await fetch(httpUrl(ctx().server, '/healthz'))).json()).toEqual({ ok: true });
    expect(await (await fetch(httpUrl(ctx().server, '/readyz'))).json()).toMatchObject({ ok: true, store: 'reachable' });
    const metrics = await fetch(httpUrl(ctx().server, '/metrics'));
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    for (const metric of [
      'collab_connections 1',
      'collab_rooms 1',
      'collab_messages_in_total{type="sync-update"}',
      'collab_messages_out_total',
      'collab_bytes_in_total',
      'collab_bytes_out_total',
      'collab_update_apply_seconds_count',
      'collab_persistence_pending_updates 0',
      'collab_persistence_lag_seconds 0',
      'collab_persisted_updates_total',
    ]) {
      expect(text).toContain(metric);
    }
  });
});
