/**
 * Room without a database or a network: an in-memory store and in-process socket pairs, driven
 * with real y-protocols frames (the integration suites in test/integration/collab cover the same
 * rules through a real server and the stock client).
 */
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ChangeRecorder } from '@/collab-server/ChangeRecorder';
import { ClientClaims } from '@/collab-server/ClientClaims';
import type { CollabServerEvents } from '@/collab-server/CollabServerEvents';
import { rebaseState } from '@/collab-server/lineage';
import { createMetrics } from '@/collab-server/metrics';
import { resolveOptions } from '@/collab-server/options';
import { PersistenceQueue } from '@/collab-server/PersistenceQueue';
import { Room, type RoomContext } from '@/collab-server/Room';
import { InMemoryDocumentStore } from '@/lib/db/InMemoryDocumentStore';
import { addElement, getMaps, readBuilding } from '@/lib/doc';
import { schemaVersionOf } from '@/lib/doc/updates';
import { CloseCode } from '@/lib/protocol';
import { docOf, must, seedBuilding, wallRecord } from '../../integration/collab/model';
import { connectClient, type ClientEnd, type TestIdentity } from './socketPair';

const DOC = 'building/b1/model';

/** A room context over `store`, with everything a test needs to run and stop it. */
function harness(store = new InMemoryDocumentStore()) {
  const logger = pino({ level: 'silent' });
  const options = resolveOptions({ port: 0, store, authSecret: 'test-secret', logger, broadcastWindowMs: 0 });
  const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
  const persistence = new PersistenceQueue(store, options.persistence, logger, metrics);
  const claims = new ClientClaims(store, options.persistence, logger, metrics);
  const events = new EventEmitter<CollabServerEvents>();
  const { limits } = options;
  const ctx: RoomContext = {
    store, persistence, metrics, logger, limits, events, claims,
    changes: new ChangeRecorder(store, logger),
    loadTimeoutMs: options.loadTimeoutMs,
    broadcastWindowMs: options.broadcastWindowMs,
    rebase: options.persistence,
    ownership: { maxClientClock: limits.maxClientClock, maxClockRangePerUpdate: limits.maxClockRangePerUpdate, claimHeadroom: limits.clientClaimHeadroom },
  };
  const rooms: Room[] = [];
  return {
    store,
    metrics,
    open(docName = DOC): Room {
      const room = new Room(docName, 'model', ctx);
      rooms.push(room);
      return room;
    },
    connect: (room: Room, identity?: TestIdentity): ClientEnd => connectClient(room, { limits, metrics }, identity),
    /** Writes the client-id bounds, then every accepted update, to the store. */
    async written(): Promise<void> {
      await claims.flush(Date.now() + 5_000);
      expect(await persistence.flushAll(Date.now() + 5_000)).toEqual(new Map());
    },
    async stop(): Promise<void> {
      for (const room of rooms) {
        for (const conn of room.connections) conn.close(1001);
        room.destroy();
      }
      claims.close();
      await persistence.close(Date.now() + 1_000);
    },
  };
}

let current: ReturnType<typeof harness> | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

/** A store holding a building with storey L0 and the walls `walls`, and a client copy of it. */
async function seeded(walls: string[]) {
  const store = new InMemoryDocumentStore();
  const seed = new Y.Doc();
  seedBuilding(seed, walls);
  await store.appendUpdates(DOC, [Y.encodeStateAsUpdate(seed)]);
  current = harness(store);
  return current;
}

/** Makes `loadParts` wait until the returned function is called. */
function holdLoads(store: InMemoryDocumentStore): () => void {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const loadParts = store.loadParts.bind(store);
  store.loadParts = async (docName) => {
    await opened;
    return loadParts(docName);
  };
  return open;
}

/** The updates `change` makes to `doc`, one per transaction. */
function updatesOf(doc: Y.Doc, change: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  try {
    change();
  } finally {
    doc.off('update', record);
  }
  return updates;
}

/** The ids of the elements of `doc`, sorted. */
function elementIds(doc: Y.Doc): string[] {
  return Object.keys(readBuilding(doc).elements).sort();
}

/** The name of element `id` of `doc`. */
function nameOf(doc: Y.Doc, id: string): string | undefined {
  return readBuilding(doc).elements[id]?.name;
}

/** The document as the store holds it. */
async function stored(store: InMemoryDocumentStore): Promise<Y.Doc> {
  return docOf((await store.load(DOC)).state);
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('Room', () => {
  it("answers a client's sync step 1 sent while the room loads only after the load, with the stored state (SPEC 3)", async () => {
    const h = await seeded(['w1']);
    const release = holdLoads(h.store);
    const room = h.open();
    const client = h.connect(room);
    const local = new Y.Doc();
    local.getMap('unsent').set('k', 1); // a client with something of its own: not answered from storage
    client.sendStep1(local);
    await turn();
    expect(client.frames).toHaveLength(0);
    expect(room.state).toBe('loading');
    release();
    expect(await room.loaded).toBe(true);
    const messages = client.messages();
    expect(messages.map((m) => (m.type === 'sync-update' ? m.step : m.type))).toEqual(['sync-step1', 'step2']);
    for (const update of client.updates()) Y.applyUpdate(local, update);
    expect(elementIds(local)).toEqual(['w1']);
  });

  it('answers a fresh client from storage while the room loads, and not a second time after (SPEC 3)', async () => {
    const h = await seeded(['w1', 'w2']);
    const release = holdLoads(h.store);
    const room = h.open();
    const client = h.connect(room);
    client.sendStep1();
    release();
    expect(await room.loaded).toBe(true);
    const kinds = client.messages().map((m) => (m.type === 'sync-update' ? m.step : m.type));
    expect(kinds).toEqual(['step2', 'sync-step1']);
    const local = new Y.Doc();
    for (const update of client.updates()) Y.applyUpdate(local, update);
    expect(elementIds(local)).toEqual(['w1', 'w2']);
  });

  it('closes a viewer whose update would change the document with 4403, applying and persisting nothing of it (SPEC 2)', async () => {
    const h = await seeded(['w1']);
    const room = h.open();
    expect(await room.loaded).toBe(true);
    const viewer = h.connect(room, { sub: 'user-vic', canWrite: false });
    const local = docOf((await h.store.load(DOC)).state);
    // What it already has (the stock client's answer to the server's step 1) is only dropped.
    viewer.sendStep2(Y.encodeStateAsUpdate(local));
    expect(viewer.closedWith).toBeUndefined();
    const [update] = updatesOf(local, () => must(addElement(local, wallRecord('w2', 4))));
    viewer.sendUpdate(update!);
    expect(viewer.closedWith).toEqual({ code: CloseCode.Forbidden, reason: 'read-only' });
    expect(elementIds(room.doc)).toEqual(['w1']);
    await h.written();
    expect(elementIds(await stored(h.store))).toEqual(['w1']);
    expect(await h.metrics.registry.getSingleMetricAsString('collab_readonly_dropped_total')).toMatch(/part="model"\} 2/);
  });

  it('holds an update whose dependencies are missing, unapplied, and applies it once another connection delivers them (SPEC 6)', async () => {
    const h = await seeded(['w1']);
    const room = h.open();
    expect(await room.loaded).toBe(true);
    const local = docOf((await h.store.load(DOC)).state);
    const [add] = updatesOf(local, () => must(addElement(local, wallRecord('w2', 4))));
    const [rename] = updatesOf(local, () => (getMaps(local).elements.get('w2') as Y.Map<unknown>).set('name', 'Renamed'));
    // Two connections of one user (a reconnect): the same Yjs client id is theirs on both.
    const first = h.connect(room);
    const second = h.connect(room);
    first.sendUpdate(rename!);
    expect(first.closedWith).toBeUndefined();
    expect(elementIds(room.doc)).toEqual(['w1']);
    await h.written();
    expect(elementIds(await stored(h.store))).toEqual(['w1']);
    second.sendUpdate(add!);
    expect(nameOf(room.doc, 'w2')).toBe('Renamed');
    await h.written();
    expect(nameOf(await stored(h.store), 'w2')).toBe('Renamed');
    expect(first.closedWith).toBeUndefined();
  });

  describe('on a rebased document (SPEC 21)', () => {
    /** A seeded store rebased once, and a client copy of lineage 0 with an offline rename of w1. */
    async function rebasedWithOfflineClient() {
      const h = await seeded(['w1']);
      const offline = docOf((await h.store.load(DOC)).state);
      (getMaps(offline).elements.get('w1') as Y.Map<unknown>).set('name', 'Renamed offline');
      const parts = await h.store.loadParts(DOC);
      const live = docOf((await h.store.load(DOC)).state);
      const { finalState, newState, baseClient } = rebaseState(live);
      const result = await h.store.rebase(DOC, { expect: { lineage: 0, seq: parts.seq }, finalState, newState, baseClient, schemaVersion: schemaVersionOf(live) });
      expect(result.rebased).toBe(true);
      const room = h.open();
      expect(await room.loaded).toBe(true);
      expect(room.lineage).toBe(1);
      return { h, room, offline, finalStateVector: Y.encodeStateVectorFromUpdate(finalState) };
    }

    it('carries the edits of a client on an ended lineage over, sends it nothing of the current one, and closes it with 4409', async () => {
      const { h, room, offline, finalStateVector } = await rebasedWithOfflineClient();
      const client = h.connect(room);
      expect(client.frames).toHaveLength(0); // the step 1 waits for the client's own
      client.sendStep1(offline);
      expect(client.messages()).toEqual([{ type: 'sync-step1', stateVector: finalStateVector }]);
      client.sendStep2(Y.encodeStateAsUpdate(offline, finalStateVector));
      await vi.waitFor(() => expect(client.closedWith?.code).toBe(CloseCode.DocumentReplaced));
      expect(client.updates()).toEqual([]);
      expect(nameOf(room.doc, 'w1')).toBe('Renamed offline');
      await h.written();
      expect(nameOf(await stored(h.store), 'w1')).toBe('Renamed offline');
      expect((await h.store.load(DOC)).lineage).toBe(1);
    });

    it('closes a read-only client on an ended lineage with 4409 at once', async () => {
      const { h, room, offline } = await rebasedWithOfflineClient();
      const viewer = h.connect(room, { sub: 'user-vic', canWrite: false });
      viewer.sendStep1(offline);
      expect(viewer.closedWith?.code).toBe(CloseCode.DocumentReplaced);
      expect(viewer.frames).toHaveLength(0);
      expect(nameOf(room.doc, 'w1')).toBe('w1');
    });

    it('serves a client that already holds the current lineage as usual', async () => {
      const { h, room } = await rebasedWithOfflineClient();
      const current = docOf((await h.store.load(DOC)).state);
      const client = h.connect(room);
      client.sendStep1(current);
      expect(client.messages().map((m) => (m.type === 'sync-update' ? m.step : m.type))).toEqual(['sync-step1', 'step2']);
      expect(client.closedWith).toBeUndefined();
    });
  });
});
