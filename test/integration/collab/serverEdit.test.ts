/**
 * Changes made on the server (`POST /internal/edit`, collab-server/SPEC.md rule 23): written onto
 * the live document through the gate, seen at once by connected clients, persisted before the
 * answer; refused whole when invalid. Real server, real y-websocket providers, real database.
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { mintInternalToken } from '@/lib/auth/revocation';
import { requestServerEdit, SERVER_EDIT_SUBJECT, type ServerEditRequest } from '@/lib/auth/serverEdit';
import { applyDocEdits, getMaps, readMeta, type DocEdit } from '@/lib/doc';
import { describeCollab, eventually, metricValue, SECRET } from './harness';
import { docOf, wallRecord, storeBuilding } from './model';
import { Gate } from './RecordingStore';

/** The edits of a rename. */
const rename = (name: string): DocEdit[] => [{ op: 'set', path: ['meta', 'name'], value: { json: name } }];

describeCollab('collab server: server edits (POST /internal/edit)', describe, {}, (ctx) => {
  const storedBuilding = (walls: readonly string[] = ['w1']) => storeBuilding(ctx().db, ctx().building(), walls);

  function baseUrl(): string {
    return `http://127.0.0.1:${ctx().server.port}`;
  }

  function edit(body: ServerEditRequest) {
    return requestServerEdit(body, SECRET, { baseUrl: baseUrl() });
  }

  /** A raw POST: status and JSON answer. */
  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  async function storedMeta(name: string) {
    return readMeta(docOf((await ctx().db.load(name)).state));
  }

  it('writes onto the live document: a connected client sees it without reconnecting, and it is persisted before the answer (SPEC 23)', async () => {
    const name = await storedBuilding();
    const client = await ctx().client(name);
    await client.synced();
    const seen = new Promise<string>((resolve) => getMaps(client.doc).meta.observe(() => resolve(String(getMaps(client.doc).meta.get('name')))));

    const result = await edit({ doc: name, edits: rename('Renamed live'), user: 'user-1', reason: 'rename' });
    expect(result).toEqual({ ok: true, value: { applied: 1, skipped: [] } });
    // Persisted before the answer: read straight from the store, no flush.
    expect(await storedMeta(name)).toMatchObject({ name: 'Renamed live' });
    expect(await seen).toBe('Renamed live');
    expect(client.closeCodes).toEqual([]);
    expect(client.provider.wsconnected).toBe(true);
    expect(await metricValue(ctx().server.metrics, 'collab_server_edits_total', '{result="ok"}')).toBe(1);
  });

  it('answers only once the write is in the store, while clients see it at once', async () => {
    const name = await storedBuilding();
    const client = await ctx().client(name);
    await client.synced();
    const hold = new Gate();
    ctx().store.holdAppend = hold;
    let answered = false;
    const pending = edit({ doc: name, edits: rename('Held') }).then((r) => {
      answered = true;
      return r;
    });
    await eventually(() => expect(getMaps(client.doc).meta.get('name')).toBe('Held'));
    expect(answered).toBe(false);
    ctx().store.holdAppend = undefined;
    hold.open();
    expect((await pending).ok).toBe(true);
    expect(await storedMeta(name)).toMatchObject({ name: 'Held' });
  });

  it('refuses an invalid change whole with 422: nothing applied, broadcast or persisted (SPEC 5, 23)', async () => {
    const name = await storedBuilding(['w1']);
    const client = await ctx().client(name);
    await client.synced();
    const before = await ctx().db.load(name);
    const rejected: unknown[] = [];
    ctx().server.events.on('update-rejected', (event) => rejected.push(event));

    // A valid rename and an element missing its required fields, in one request.
    const edits: DocEdit[] = [...rename('Never'), { op: 'set', path: ['elements', 'bad'], value: { map: { id: { json: 'bad' }, kind: { json: 'wall' } } } }];
    const result = await edit({ doc: name, edits, user: 'importer' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid');
    expect(result.error.code === 'invalid' && result.error.issues.length).toBeGreaterThan(0);
    expect(rejected).toEqual([expect.objectContaining({ doc: name, socketId: 'server:importer' })]);

    // A later valid edit arrives; the refused one never did.
    expect((await edit({ doc: name, edits: rename('After') })).ok).toBe(true);
    await eventually(() => expect(getMaps(client.doc).meta.get('name')).toBe('After'));
    expect(getMaps(client.doc).elements.has('bad')).toBe(false);
    const stored = docOf((await ctx().db.load(name)).state);
    expect(getMaps(stored).elements.has('bad')).toBe(false);
    expect((await ctx().db.load(name)).seq).toBe(before.seq + 1); // only the valid edit was appended
    expect(await metricValue(ctx().server.metrics, 'collab_server_edits_total', '{result="invalid"}')).toBe(1);
  });

  it('writes many records in one change, as an import does, and reports edits whose parent is gone as skipped', async () => {
    const name = await storedBuilding([]);
    const client = await ctx().client(name);
    await client.synced();
    const walls = Array.from({ length: 50 }, (_, i) => wallRecord(`iw${i}`, i * 2));
    const edits: DocEdit[] = walls.map((w) => ({ op: 'set', path: ['elements', w.id], value: { map: Object.fromEntries(Object.entries(w).map(([k, v]) => [k, k === 'props' ? { map: {} } : { json: v }])) } }));
    edits.push({ op: 'set', path: ['elements', 'gone', 'name'], value: { json: 'x' } });
    const result = await edit({ doc: name, edits, reason: 'import' });
    expect(result).toEqual({ ok: true, value: { applied: 50, skipped: [edits[50]] } });
    await eventually(() => expect(getMaps(client.doc).elements.size).toBe(50));
    const stored = docOf((await ctx().db.load(name)).state);
    expect(getMaps(stored).elements.size).toBe(50);
    // Applying the same edits again changes nothing.
    expect(applyDocEdits(stored, edits.slice(0, 50)).applied).toBe(0);
  });

  it('loads a room nobody has open, writes and persists the change, and unloads it after the grace period (SPEC 3, 15, 23)', async () => {
    await ctx().restart({ roomUnloadGraceMs: 50 });
    const name = await storedBuilding();
    expect(ctx().server.hasRoom(name)).toBe(false);
    const unloaded = new Promise<void>((resolve) => ctx().server.events.on('room-unloaded', (doc) => doc === name && resolve()));
    const result = await edit({ doc: name, edits: rename('Cold') });
    expect(result.ok).toBe(true);
    expect(await storedMeta(name)).toMatchObject({ name: 'Cold' });
    await unloaded;
    expect(ctx().server.hasRoom(name)).toBe(false);
    // The next connection loads the changed document.
    const client = await ctx().client(name);
    await client.synced();
    expect(getMaps(client.doc).meta.get('name')).toBe('Cold');
  });

  it('answers 503 when the document cannot be loaded, writing nothing', async () => {
    const name = await storedBuilding();
    ctx().store.failLoad.add(name);
    const before = await ctx().db.load(name);
    const result = await edit({ doc: name, edits: rename('Nope') });
    expect(result).toMatchObject({ ok: false, error: { code: 'refused', status: 503, error: 'load_failed' } });
    expect((await ctx().db.load(name)).seq).toBe(before.seq);
    ctx().store.failLoad.delete(name);
    expect((await edit({ doc: name, edits: rename('Yes') })).ok).toBe(true);
  });

  it('refuses a missing, forged or expired token, and a revoke token, with 401; an edit token does not revoke', async () => {
    const name = await storedBuilding();
    const body = JSON.stringify({ doc: name, edits: rename('Hijack') });
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      forged: `Bearer ${await mintInternalToken('another-secret-'.padEnd(48, 'y'), { subject: SERVER_EDIT_SUBJECT })}`,
      expired: `Bearer ${await mintInternalToken(SECRET, { subject: SERVER_EDIT_SUBJECT, now: new Date(Date.now() - 3_600_000) })}`,
      revoke: `Bearer ${await mintInternalToken(SECRET)}`,
    };
    for (const [what, authorization] of Object.entries(cases)) {
      const response = await post('/internal/edit', body, authorization ? { authorization } : {});
      expect(response.status, what).toBe(401);
    }
    const revokeWithEditToken = await post('/internal/revoke', JSON.stringify({ building: name.split('/')[1] }), {
      authorization: `Bearer ${await mintInternalToken(SECRET, { subject: SERVER_EDIT_SUBJECT })}`,
    });
    expect(revokeWithEditToken.status).toBe(401);
    expect(await storedMeta(name)).toMatchObject({ name: 'Test building' });
    expect(ctx().server.hasRoom(name)).toBe(false);
  });

  it('answers 400 for a body that is not JSON, not the schema, or names no document', async () => {
    const name = await storedBuilding();
    const authorization = `Bearer ${await mintInternalToken(SECRET, { subject: SERVER_EDIT_SUBJECT })}`;
    const bodies = [
      '{not json',
      JSON.stringify({ doc: name }),
      JSON.stringify({ doc: name, edits: [{ op: 'set', path: ['meta'], value: { json: 1 } }] }),
      JSON.stringify({ doc: name, edits: [{ op: 'move', path: ['meta', 'name'] }] }),
      JSON.stringify({ doc: name, edits: [{ op: 'set', path: ['meta', 'name'], value: { json: 'x' }, extra: 1 }] }),
      JSON.stringify({ doc: 'users/1', edits: rename('x') }),
      JSON.stringify({ doc: name, edits: [{ op: 'set', path: ['meta', 'name'], value: nested(40) }] }),
    ];
    for (const body of bodies) expect((await post('/internal/edit', body, { authorization })).status, body.slice(0, 80)).toBe(400);
    expect(await storedMeta(name)).toMatchObject({ name: 'Test building' });
  });

  it('answers 413 for a body over maxServerEditBytes, from its content-length or while reading it', async () => {
    await ctx().restart({ limits: { maxServerEditBytes: 2_048 } });
    const name = await storedBuilding();
    const authorization = `Bearer ${await mintInternalToken(SECRET, { subject: SERVER_EDIT_SUBJECT })}`;
    const big = JSON.stringify({ doc: name, edits: rename('x'.repeat(4_000)) });
    expect((await post('/internal/edit', big, { authorization })).status).toBe(413);
    // Chunked, without a content-length: counted while read.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${baseUrl()}/internal/edit`, { method: 'POST', headers: { authorization, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(big.slice(i * 1_000, (i + 1) * 1_000));
      req.end(big.slice(4_000));
    });
    expect(status).toBe(413);
    expect(await metricValue(ctx().server.metrics, 'collab_server_edits_total', '{result="too_large"}')).toBe(2);
    // Within the limit it works.
    expect((await edit({ doc: name, edits: rename('Small') })).ok).toBe(true);
  });

  it('answers 503 while shutting down', async () => {
    const name = await storedBuilding();
    const server = ctx().server;
    const closed = server.close();
    const response = await fetch(`http://127.0.0.1:${server.port}/internal/edit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await mintInternalToken(SECRET, { subject: SERVER_EDIT_SUBJECT })}` },
      body: JSON.stringify({ doc: name, edits: rename('Late') }),
    }).then((r) => r.status, () => 'refused');
    // Either answered 503, or no longer listening at all; never written.
    expect([503, 'refused']).toContain(response);
    await closed;
    expect(await storedMeta(name)).toMatchObject({ name: 'Test building' });
  });
});

/** A DocValue nested `depth` maps deep. */
function nested(depth: number): unknown {
  let value: unknown = { json: 1 };
  for (let i = 0; i < depth; i++) value = { map: { k: value } };
  return value;
}
