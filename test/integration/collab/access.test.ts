import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, addThread, deleteElement, readElement, updateElement } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { mintInternalToken } from '@/lib/auth/revocation';
import { describeCollab, eventually, metricValue, SECRET, upgradeStatus } from './harness';
import { docOf, must, seedBuilding, snapshot, threadRecord, wallRecord } from './model';

describeCollab('collab server: access', describe, {}, (ctx) => {
  it.each([
    ['no token', async () => ''],
    ['an expired token', async (b: string) => `?token=${await ctx().token(b, 'editor', { ttlSeconds: 60, now: new Date(Date.now() - 120_000) })}`],
    ['a forged token (signed with another secret)', async (b: string) => `?token=${await ctx().token(b, 'editor', { secret: 'not-the-server-secret'.padEnd(40, '!') })}`],
    ['a garbage token', async () => '?token=not.a.jwt'],
  ])('refuses an upgrade with %s with HTTP 401 (SPEC 1)', async (_label, query) => {
    const building = ctx().building();
    expect(await upgradeStatus(`${ctx().server.url}/${docNames.model(building)}${await query(building)}`)).toBe(401);
  });

  it('refuses a token for another building, and a name that is not a document, with HTTP 403 (SPEC 1)', async () => {
    const mine = ctx().building();
    const token = await ctx().token(mine, 'owner');
    expect(await upgradeStatus(`${ctx().server.url}/${docNames.model(ctx().building())}?token=${token}`)).toBe(403);
    expect(await upgradeStatus(`${ctx().server.url}/building/${mine}/secrets?token=${token}`)).toBe(403);
    expect(await upgradeStatus(`${ctx().server.url}/../etc/passwd?token=${token}`)).toBe(403);
    expect(ctx().server.stats().connections).toBe(0);
  });

  it('lets a viewer read the model, drops its update with 4403 and leaves the other clients editing (SPEC 2)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name, 'editor');
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);
    const viewer = await ctx().client(name, 'viewer');
    await viewer.synced();
    await eventually(() => expect(readElement(viewer.doc, 'w1')).toBeDefined());

    must(updateElement(viewer.doc, 'w1', { name: 'vandalised' }));
    await eventually(() => expect(viewer.closeCodes).toContain(4403));
    expect(await metricValue(ctx().server.metrics, 'collab_readonly_dropped_total', '{part="model"}')).toBeGreaterThanOrEqual(1);

    must(addElement(editor.doc, wallRecord('w2', 4)));
    const other = await ctx().client(name, 'editor');
    await other.synced();
    await eventually(() => expect(readElement(other.doc, 'w2')).toBeDefined());
    expect(readElement(other.doc, 'w1')?.name).toBe('w1');
    expect(editor.closeCodes).toEqual([]);
    await ctx().server.flush();
    expect(readElement(docOf((await ctx().db.load(name)).state), 'w1')?.name).toBe('w1');
  });

  it('keeps a viewer whose sync step 2 holds only deletions the server already has (SPEC 2)', async () => {
    const name = docNames.model(ctx().building());
    const editor = await ctx().client(name, 'editor');
    await editor.synced();
    seedBuilding(editor.doc, ['w1', 'w2']);
    must(deleteElement(editor.doc, 'w2'));
    const viewer = await ctx().client(name, 'viewer');
    await viewer.synced();
    await eventually(() => expect(readElement(viewer.doc, 'w1')).toBeDefined());

    // Reconnecting: the viewer's step 2 now carries its (non-empty) delete set.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await viewer.synced();
    must(addElement(editor.doc, wallRecord('w3', 8)));
    await eventually(() => expect(readElement(viewer.doc, 'w3')).toBeDefined());
    expect(viewer.closeCodes.filter((c) => c !== 1005 && c !== 1000)).toEqual([]);
    expect(await metricValue(ctx().server.metrics, 'collab_readonly_dropped_total', '{part="model"}')).toBeGreaterThanOrEqual(2);
  });

  it('closes a commenter writing the model with 4403 but accepts its comments on the review document (SPEC 2)', async () => {
    const building = ctx().building();
    const editor = await ctx().client(docNames.model(building), 'editor');
    await editor.synced();
    seedBuilding(editor.doc, ['w1']);

    const commenterModel = await ctx().client(docNames.model(building), 'commenter');
    await commenterModel.synced();
    await eventually(() => expect(readElement(commenterModel.doc, 'w1')).toBeDefined());
    must(deleteElement(commenterModel.doc, 'w1'));
    await eventually(() => expect(commenterModel.closeCodes).toContain(4403));

    const review = await ctx().client(docNames.review(building), 'commenter');
    await review.synced();
    must(addThread(review.doc, threadRecord('t1', 'user-commenter')));
    const reader = await ctx().client(docNames.review(building), 'viewer');
    await reader.synced();
    await eventually(() => expect((reader.doc.getMap('threads').get('t1') as Y.Map<unknown> | undefined)?.get('status')).toBe('open'));
    expect(review.closeCodes).toEqual([]);
    expect(snapshot(editor.doc).elements.w1).toBeDefined();
  });

  it('closes the connections a revocation covers with 4401 and refuses a revocation without an internal token (SPEC 19)', async () => {
    const building = ctx().building();
    const editor = await ctx().client(docNames.model(building), 'editor');
    const viewer = await ctx().client(docNames.model(building), 'viewer');
    const elsewhere = await ctx().client(docNames.model(ctx().building()), 'viewer');
    await Promise.all([editor.synced(), viewer.synced(), elsewhere.synced()]);
    const url = `${ctx().server.url.replace('ws://', 'http://')}/internal/revoke`;
    const body = JSON.stringify({ building, user: 'user-viewer' });

    expect((await fetch(url, { method: 'POST', body })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', body, headers: { authorization: `Bearer ${await ctx().token(building, 'owner')}` } })).status).toBe(401);
    const response = await fetch(url, { method: 'POST', body, headers: { authorization: `Bearer ${await mintInternalToken(SECRET)}` } });
    expect(await response.json()).toEqual({ ok: true, closed: 1 });
    await eventually(() => expect(viewer.closeCodes).toEqual([4401]));
    expect([...editor.closeCodes, ...elsewhere.closeCodes]).toEqual([]);
  });

  it('closes a connection whose token outlived its grant with 4401 (SPEC 1)', async () => {
    await ctx().restart({
      authorizeClaims: async (claims) =>
        claims.role === 'owner' ? { ok: false, error: { code: 'downgraded', message: 'owner is now a viewer' } } : { ok: true },
    });
    const building = ctx().building();
    const stale = await ctx().raw(docNames.model(building), 'owner');
    expect(await stale.closed).toEqual({ code: 4401, reason: 'access changed' });
    const fresh = await ctx().client(docNames.model(building), 'viewer');
    await fresh.synced();
  });
});
