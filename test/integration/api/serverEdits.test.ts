/**
 * Server-side changes reach open rooms (issue #16 point 4; collab-server/SPEC.md rule 23): a
 * rename through the API is written by the collaboration server onto the live document, so an
 * open editor sees it at once; with the collaboration server unreachable nothing changes.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as building from '@/app/api/v1/buildings/[id]/route';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { getMaps, readMeta } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { createBuilding, call, createUser, startApiHarness, type ApiHarness, type TestUser, openModelEditor } from './harness';

let h: ApiHarness;
let owner: TestUser;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  owner = await createUser(h.prisma, 'Rita');
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await h?.teardown();
});

const create = (name: string) => createBuilding(owner, name);

async function storedMeta(id: string) {
  const { state } = await new PrismaDocumentStore(h.prisma).load(docNames.model(id));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state!);
  return readMeta(doc);
}

/** An editor with the building's model open (the stock provider, as the browser uses it). */
const openEditor = (id: string) => openModelEditor(h, owner, id, providers);

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('server edits from the web app', () => {
  it('renames a building: an editor with it open sees the new name live, and the row and the document have it', async () => {
    const id = await create('Before');
    const editor = await openEditor(id);
    expect(getMaps(editor.doc).meta.get('name')).toBe('Before');

    const response = await call(building.PATCH, 'PATCH', `/api/v1/buildings/${id}`, { id }, { as: owner, body: { name: 'After', address: 'Quay 1' } });
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(getMaps(editor.doc).meta.toJSON()).toMatchObject({ name: 'After', address: 'Quay 1' }), { timeout: 5_000, interval: 10 });
    expect(editor.closeCodes).toEqual([]);
    expect(editor.provider.wsconnected).toBe(true);
    expect(await storedMeta(id)).toMatchObject({ name: 'After', address: 'Quay 1' });
    expect((await h.prisma.building.findUniqueOrThrow({ where: { id } })).name).toBe('After');
  });

  it('renames a building nobody has open: the collaboration server loads, changes and persists its document', async () => {
    const id = await create('Closed');
    expect(h.collab.hasRoom(docNames.model(id))).toBe(false);
    expect((await call(building.PATCH, 'PATCH', `/api/v1/buildings/${id}`, { id }, { as: owner, body: { name: 'Opened' } })).status).toBe(200);
    expect(await storedMeta(id)).toMatchObject({ name: 'Opened' });
  });

  it('changes nothing, neither the row nor the document, when the collaboration server is unreachable (503)', async () => {
    const id = await create('Stable');
    const saved = process.env.COLLAB_INTERNAL_URL;
    process.env.COLLAB_INTERNAL_URL = `http://127.0.0.1:${await closedPort()}`;
    try {
      const response = await call(building.PATCH, 'PATCH', `/api/v1/buildings/${id}`, { id }, { as: owner, body: { name: 'Lost' } });
      expect(response.status).toBe(503);
      expect(response.json).toMatchObject({ error: 'unavailable', message: expect.stringContaining('unreachable') });
    } finally {
      process.env.COLLAB_INTERNAL_URL = saved;
    }
    expect((await h.prisma.building.findUniqueOrThrow({ where: { id } })).name).toBe('Stable');
    expect(await storedMeta(id)).toMatchObject({ name: 'Stable' });
  });
});
