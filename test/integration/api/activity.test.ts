/**
 * Who changed what over REST (issue #17 point 5): a building's activity feed and one element's
 * history, read from the change rows the collaboration server records (collab-server/SPEC.md
 * rule 24), with users' names and records' current labels; paging; who may read them. Real route
 * handlers, real collaboration server, real y-websocket providers, real database.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ChangeView } from '@/app/_lib/activity';
import { applyServerEdits } from '@/app/_lib/serverEdits';
import * as activityRoute from '@/app/api/v1/buildings/[id]/activity/route';
import * as historyRoute from '@/app/api/v1/buildings/[id]/elements/[elementId]/history/route';
import { mintCollabToken } from '@/lib/auth/collabToken';
import type { BuildingRole } from '@/lib/auth/roles';
import { addElement, addStorey, deleteElement, updateElement } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { createBuilding, call, createUser, openModelEditor, SECRET, startApiHarness, type ApiHarness, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  [owner, editor, viewer, stranger] = await Promise.all([createUser(h.prisma, 'Ada'), createUser(h.prisma, 'Bo'), createUser(h.prisma, 'Vic'), createUser(h.prisma, 'Sam')]);
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await h?.teardown();
});

const create = (name: string) => createBuilding(owner, name, [[editor, 'editor'], [viewer, 'viewer']]);

/** `user` with the building's model open with `role` (openModelEditor's way, any role), synced. */
async function openModelAs(user: TestUser, id: string, role: BuildingRole): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const token = await mintCollabToken({ sub: user.id, name: user.name, building: id, role }, SECRET);
  const provider = new WebsocketProvider(h.collab.url, docNames.model(id), doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token }, disableBc: true });
  providers.push(provider);
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', (s: boolean) => s && resolve())));
  return doc;
}

type Page = { changes: ChangeView[]; next: string | null };
const activity = (id: string, as: TestUser | null, query = '') => call(activityRoute.GET, 'GET', `/api/v1/buildings/${id}/activity${query}`, { id }, { as });
const history = (id: string, elementId: string, as: TestUser | null, query = '') =>
  call(historyRoute.GET, 'GET', `/api/v1/buildings/${id}/elements/${encodeURIComponent(elementId)}/history${query}`, { id, elementId }, { as });
/** `[user name, action, fields]` of each change, newest first. */
const who = (changes: ChangeView[]) => changes.map((c) => [c.user.name, c.action, c.fields]);

const wall = (id: string, x: number) => ({ id, kind: 'wall', storeyId: 'L0', name: id, props: {}, a: [x, 0], b: [x, 4], thickness: 0.2, height: 3 });

describe('who changed what', () => {
  it("two users edit different fields of one wall: the wall's history names each user for their fields, with the wall's current name", async () => {
    const id = await create('Attributed');
    const ada = (await openModelEditor(h, owner, id, providers)).doc;
    must(addStorey(ada, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
    must(addElement(ada, wall('w1', 0)));
    must(addElement(ada, wall('w2', 3)));
    const bo = await openModelAs(editor, id, 'editor');
    await vi.waitFor(() => expect(bo.getMap('elements').has('w1')).toBe(true));

    must(updateElement(ada, 'w1', { name: 'South wall' }));
    await vi.waitFor(() => expect((bo.getMap('elements').get('w1') as Y.Map<unknown>).get('name')).toBe('South wall'));
    must(updateElement(bo, 'w1', { thickness: 0.3 as never, props: { fire: 'EI60' } }));

    // The collaboration server writes change rows in batches (every 100 ms).
    await vi.waitFor(async () => expect(((await history(id, 'w1', viewer)).json as Page).changes).toHaveLength(3), { timeout: 5_000 });
    const answer = await history(id, 'w1', viewer);
    expect(answer.status).toBe(200);
    const changes = (answer.json as Page).changes;
    expect(who(changes)).toEqual([
      ['Bo', 'update', ['props.fire', 'thickness']],
      ['Ada', 'update', ['name']],
      ['Ada', 'create', expect.arrayContaining(['a', 'b', 'name', 'thickness'])],
    ]);
    expect(changes[0]).toMatchObject({ user: { id: editor.id, name: 'Bo' }, collection: 'elements', recordId: 'w1', label: 'South wall', kind: 'wall' });
    expect(changes[1]!.user).toEqual({ id: owner.id, name: 'Ada' });
    expect(Math.abs(Date.parse(changes[0]!.at) - Date.now())).toBeLessThan(60_000);
    expect(Number(changes[0]!.id)).toBeGreaterThan(Number(changes[1]!.id));
    // Another wall's history is its own.
    expect(who(((await history(id, 'w2', owner)).json as Page).changes)).toEqual([['Ada', 'create', expect.any(Array)]]);
    expect(((await history(id, 'no-such-element', owner)).json as Page).changes).toEqual([]);
  });

  it('lists the whole building newest first in pages; a deleted record keeps its history without a label; the server is named ArxOS', async () => {
    const id = await create('Feed');
    const ada = (await openModelEditor(h, owner, id, providers)).doc;
    must(addStorey(ada, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
    must(addElement(ada, wall('w1', 0)));
    must(addElement(ada, wall('w2', 3)));
    await vi.waitFor(async () => expect(((await activity(id, owner)).json as Page).changes).toHaveLength(3), { timeout: 5_000 });
    must(deleteElement(ada, 'w2'));
    // A server edit made for nobody (the app's own) is ArxOS's.
    await applyServerEdits(docNames.model(id), [{ op: 'set', path: ['meta', 'name'], value: { json: 'Feed, renamed' } }]);
    await vi.waitFor(async () => expect(((await activity(id, owner)).json as Page).changes).toHaveLength(5), { timeout: 5_000 });

    const all = (await activity(id, viewer)).json as Page;
    expect(all.next).toBeNull();
    expect(all.changes.map((c) => [c.user.name, c.action, c.collection, c.recordId, c.label])).toEqual([
      ['ArxOS', 'update', 'meta', '', 'Feed, renamed'],
      ['Ada', 'delete', 'elements', 'w2', null],
      ['Ada', 'create', 'elements', 'w2', null],
      ['Ada', 'create', 'elements', 'w1', 'w1'],
      ['Ada', 'create', 'storeys', 'L0', 'Ground'],
    ]);
    expect(all.changes[0]!.user).toEqual({ id: '@server', name: 'ArxOS' });
    expect(all.changes[1]!.fields).toEqual([]);

    // Pages of two: the cursor walks the same list without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await activity(id, viewer, `?limit=2${cursor ? `&before=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      const { changes, next } = page.json as Page;
      expect(changes.length).toBeLessThanOrEqual(2);
      seen.push(...changes.map((c) => c.id));
      cursor = next;
    } while (cursor !== null);
    expect(seen).toEqual(all.changes.map((c) => c.id));
    // The last full page says there is no more.
    const lastTwo = await activity(id, viewer, `?limit=2&before=${all.changes[2]!.id}`);
    expect((lastTwo.json as Page).next).toBeNull();
  });

  it('lets every member read the activity and an element history; refuses strangers (404), the signed out (401) and bad parameters (400)', async () => {
    const id = await create('Guarded activity');
    const ada = (await openModelEditor(h, owner, id, providers)).doc;
    must(addStorey(ada, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
    must(addElement(ada, wall('w1', 0)));
    await vi.waitFor(async () => expect(((await activity(id, owner)).json as Page).changes).toHaveLength(2), { timeout: 5_000 });

    for (const member of [owner, editor, viewer]) {
      expect((await activity(id, member)).status).toBe(200);
      expect((await history(id, 'w1', member)).status).toBe(200);
    }
    expect((await activity(id, stranger)).status).toBe(404);
    expect((await history(id, 'w1', stranger)).status).toBe(404);
    expect((await activity(id, null)).status).toBe(401);
    expect((await history(id, 'w1', null)).status).toBe(401);
    for (const query of ['?limit=0', '?limit=201', '?limit=abc', '?limit=1.5', '?before=abc', '?before=', '?before=-1']) {
      const answer = await activity(id, viewer, query);
      expect(answer.status, query).toBe(400);
      expect(answer.json, query).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^(limit|before)/) });
    }
    expect((await history(id, 'w1', viewer, '?limit=0')).status).toBe(400);
    // Ids that cannot be ids: nothing to find.
    expect((await history(id, 'a b', viewer)).status).toBe(404);
    expect((await activity('../x', viewer)).status).toBe(404);
  });
});

function must<T extends { ok: boolean }>(result: T): T {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
}
