import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ObservableV2 } from 'lib0/observable';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BuildingConnection, REFRESH_MARGIN_MS, type BuildingConnectionOptions, type ConnectionProvider, type OfflineCopy, type OfflineStore } from '@/components/building/BuildingConnection';
import { canEditModel } from '@/components/building/BuildingConnection';
import { CollabTokenRefused, type CollabToken } from '@/components/building/fetchCollabToken';
import type { BuildingRole } from '@/lib/auth/roles';
import { CloseCode, retryDelayMs } from '@/lib/protocol';

const TOKEN_TTL_MS = 5 * 60_000;
const BUILDING = 'b1';

interface ProviderEvents {
  status: (event: { status: 'connected' | 'disconnected' | 'connecting' }) => void;
  sync: (synced: boolean) => void;
  'connection-close': () => void;
  closed: (event: { code: number; reason: string }) => void;
}

/** A y-websocket provider without a socket: the test plays the server by emitting its events. */
class FakeProvider extends ObservableV2<ProviderEvents> implements ConnectionProvider {
  readonly awareness: Awareness;
  params: { [key: string]: string };
  connects = 0;
  disconnects = 0;
  destroyed = false;

  constructor(
    readonly url: string,
    readonly room: string,
    readonly doc: Y.Doc,
    readonly options: { params: { token: string }; maxBackoffTime: number },
  ) {
    super();
    this.params = options.params;
    this.awareness = new Awareness(doc);
  }
  connect() {
    this.connects++;
  }
  disconnect() {
    this.disconnects++;
  }
  override destroy() {
    this.destroyed = true;
    this.awareness.destroy();
    super.destroy();
  }
  /** The server closes with a code the stock provider gives up on. */
  close(code: number, reason = '') {
    this.emit('connection-close', []);
    this.emit('status', [{ status: 'disconnected' }]);
    this.emit('closed', [{ code, reason }]);
  }
  /** The socket opens and the server's sync step 2 arrives. */
  sync() {
    this.emit('status', [{ status: 'connected' }]);
    this.emit('sync', [true]);
  }
}

/** IndexedDB in memory: each copy is the list of updates stored under its name. */
class FakeOfflineStore implements OfflineStore {
  readonly stored = new Map<string, Uint8Array[]>();
  readonly open_: { name: string; destroyed: boolean }[] = [];
  open(name: string, doc: Y.Doc): OfflineCopy {
    const updates = this.stored.get(name) ?? [];
    this.stored.set(name, updates);
    for (const update of updates) Y.applyUpdate(doc, update, this);
    const keep = (update: Uint8Array, origin: unknown) => origin !== this && updates.push(update);
    doc.on('update', keep);
    const copy = { name, destroyed: false };
    this.open_.push(copy);
    return {
      whenSynced: Promise.resolve(),
      destroy: async () => {
        copy.destroyed = true;
        doc.off('update', keep);
      },
    };
  }
  async clear(name: string) {
    this.stored.delete(name);
  }
}

function setup(overrides: Partial<BuildingConnectionOptions<FakeProvider>> = {}) {
  const providers: FakeProvider[] = [];
  let issued = 0;
  const fetchToken = vi.fn(
    async (buildingId: string): Promise<CollabToken> => ({
      token: `token-${++issued}`,
      role: 'editor',
      expiresAt: new Date(Date.now() + TOKEN_TTL_MS).toISOString(),
      url: 'ws://collab.test',
      docs: { model: `building/${buildingId}/model`, review: `building/${buildingId}/review` },
    }),
  );
  const offlineStore = new FakeOfflineStore();
  const network = new EventTarget();
  const connection = new BuildingConnection(BUILDING, new Y.Doc(), {
    fetchToken,
    createProvider: (url, room, doc, options) => {
      const p = new FakeProvider(url, room, doc, options);
      providers.push(p);
      return p;
    },
    user: { name: 'Ada', color: '#2f7bf6' },
    role: 'editor',
    persist: true,
    userId: 'u1',
    offlineStore,
    network,
    random: () => 0.5,
    ...overrides,
  });
  const state = () => connection.getState();
  const provider = () => providers.at(-1)!;
  return { connection, providers, provider, fetchToken, offlineStore, network, state };
}

/** Lets the token fetch and other promise callbacks run, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

const writeName = (doc: Y.Doc, name: string) => doc.getMap('meta').set('name', name);

describe('BuildingConnection (the browser side of a live building)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("opens the building's model document with a fresh token and announces the user", async () => {
    const { connection, provider, fetchToken, state } = setup();
    connection.connect();
    expect(state().provider).toBeNull();
    await settle();
    expect(fetchToken).toHaveBeenCalledWith(BUILDING);
    expect(provider().url).toBe('ws://collab.test');
    expect(provider().room).toBe('building/b1/model');
    expect(provider().doc).toBe(state().doc);
    expect(provider().options).toEqual({ params: { token: 'token-1' }, maxBackoffTime: 5_000 });
    expect(provider().awareness.getLocalState()).toEqual({ user: { name: 'Ada', color: '#2f7bf6' } });
    expect(state().provider).toBe(provider());
    connection.destroy();
  });

  it('is connecting, then syncing once the socket opens, then live after the first sync', async () => {
    const { connection, provider, state } = setup();
    connection.connect();
    await settle();
    expect(state().status).toEqual({ state: 'connecting' });
    provider().emit('status', [{ status: 'connected' }]);
    expect(state().status).toEqual({ state: 'syncing' });
    provider().emit('sync', [true]);
    expect(state().status).toEqual({ state: 'live' });
    provider().emit('status', [{ status: 'disconnected' }]);
    expect(state().status).toEqual({ state: 'reconnecting' });
    connection.destroy();
  });

  it('counts the peers of the awareness, this client included', async () => {
    const { connection, provider, state } = setup();
    connection.connect();
    await settle();
    expect(state().peers).toBe(1);
    const other = new Awareness(new Y.Doc());
    other.setLocalStateField('user', { name: 'Bob' });
    applyAwarenessUpdate(provider().awareness, encodeAwarenessUpdate(other, [other.clientID]), 'remote');
    expect(state().peers).toBe(2);
    other.destroy();
    connection.destroy();
  });

  it('fails with the reason when no token can be fetched', async () => {
    const { connection, state, providers } = setup({ fetchToken: () => Promise.reject(new Error('You do not have access to this building.')) });
    connection.connect();
    await settle();
    expect(state().status).toEqual({ state: 'failed', message: 'You do not have access to this building.' });
    expect(providers).toHaveLength(0);
    connection.destroy();
  });

  it('refreshes the token REFRESH_MARGIN_MS before it expires', async () => {
    const { connection, provider, fetchToken } = setup();
    connection.connect();
    await settle();
    await vi.advanceTimersByTimeAsync(TOKEN_TTL_MS - REFRESH_MARGIN_MS - 1);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(provider().params.token).toBe('token-1');
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(provider().params.token).toBe('token-2');
    // And again for the new token.
    await vi.advanceTimersByTimeAsync(TOKEN_TTL_MS - REFRESH_MARGIN_MS);
    expect(provider().params.token).toBe('token-3');
    connection.destroy();
  });

  it('fetches a fresh token when the connection closes with the token near expiry, so the reconnect carries it', async () => {
    const { connection, provider, fetchToken } = setup();
    connection.connect();
    await settle();
    provider().emit('connection-close', []);
    await settle();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + TOKEN_TTL_MS - REFRESH_MARGIN_MS + 1);
    provider().emit('connection-close', []);
    await settle();
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(provider().params.token).toBe('token-2');
    connection.destroy();
  });

  it("reconnects after a retryable close code with the server's retry delay", async () => {
    const { connection, provider, fetchToken, state } = setup();
    connection.connect();
    await settle();
    for (const attempt of [0, 1, 2]) {
      provider().close(CloseCode.RateLimited, 'rate limited');
      expect(state().status).toEqual({ state: 'reconnecting' });
      const delay = retryDelayMs(attempt, () => 0.5);
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(provider().connects).toBe(attempt);
      await vi.advanceTimersByTimeAsync(1);
      expect(provider().connects).toBe(attempt + 1);
      expect(provider().params.token).toBe(`token-${attempt + 2}`);
    }
    expect(fetchToken).toHaveBeenCalledTimes(4);
    // A sync resets the count: the next refusal waits the first delay again.
    provider().sync();
    provider().close(CloseCode.RateLimited);
    await vi.advanceTimersByTimeAsync(retryDelayMs(0, () => 0.5));
    expect(provider().connects).toBe(4);
    connection.destroy();
  });

  it.each([
    ['4401 (token expired)', CloseCode.Unauthorized],
    ['4408 (timeout)', CloseCode.Timeout],
  ])('reconnects at once with a fresh token after a first %s, and after a growing delay when it repeats', async (_, code) => {
    const { connection, provider } = setup();
    connection.connect();
    await settle();
    provider().close(code);
    await settle();
    expect(provider().connects).toBe(1);
    expect(provider().params.token).toBe('token-2');
    provider().close(code);
    await vi.advanceTimersByTimeAsync(retryDelayMs(0, () => 0.5) - 1);
    expect(provider().connects).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(provider().connects).toBe(2);
    connection.destroy();
  });

  it('fails when the token for a retry cannot be fetched', async () => {
    let calls = 0;
    const { connection, provider, state } = setup({
      fetchToken: async () => {
        if (++calls > 1) throw new Error('signed out');
        return { token: 't', role: 'editor', expiresAt: new Date(Date.now() + TOKEN_TTL_MS).toISOString(), url: 'ws://collab.test', docs: { model: 'm', review: 'r' } };
      },
    });
    connection.connect();
    await settle();
    provider().close(CloseCode.Unauthorized);
    await settle();
    expect(state().status).toEqual({ state: 'failed', message: 'signed out' });
    expect(provider().connects).toBe(0);
    connection.destroy();
  });

  it('a 4409 discards local changes and restarts from the server', async () => {
    const { connection, providers, provider, offlineStore, state } = setup();
    connection.connect();
    await settle();
    const first = provider();
    const oldDoc = state().doc;
    writeName(oldDoc, 'edited on the ended lineage');
    expect(offlineStore.stored.get('arxos:u1:b1:model')).toHaveLength(1);
    first.close(CloseCode.DocumentReplaced, 'document replaced');
    await settle();
    expect(first.destroyed).toBe(true);
    expect(offlineStore.open_[0]!.destroyed).toBe(true);
    expect(state().generation).toBe(1);
    expect(state().doc).not.toBe(oldDoc);
    expect(state().doc.getMap('meta').get('name')).toBeUndefined();
    expect(providers).toHaveLength(2);
    expect(provider().doc).toBe(state().doc);
    // The new doc keeps a fresh offline copy: nothing of the old one came back.
    expect(offlineStore.stored.get('arxos:u1:b1:model')).toEqual([]);
    connection.destroy();
  });

  it('a 4400 rejects and stops reconnecting', async () => {
    const { connection, provider, fetchToken, state } = setup();
    connection.connect();
    await settle();
    provider().close(CloseCode.BadMessage, 'invalid update');
    expect(state().status).toEqual({ state: 'rejected', message: expect.stringContaining('Your offline changes could not be applied') });
    await vi.advanceTimersByTimeAsync(TOKEN_TTL_MS - REFRESH_MARGIN_MS - 1);
    expect(provider().connects).toBe(0);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(state().generation).toBe(0);
    connection.destroy();
  });

  it("a 4403 for another user's client id rejects; any other 4403 fails as lost access", async () => {
    const { connection, provider, state } = setup();
    connection.connect();
    await settle();
    provider().close(CloseCode.Forbidden, 'client id of another user');
    expect(state().status).toEqual({ state: 'rejected', message: expect.stringContaining('changes made by another account') });
    provider().close(CloseCode.Forbidden, 'forbidden');
    expect(state().status).toEqual({ state: 'failed', message: 'You do not have access to this building any more.' });
    provider().close(CloseCode.TooLarge, 'message too large');
    expect(state().status).toEqual({ state: 'failed', message: 'The server refused an edit that was too large.' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(provider().connects).toBe(0);
    connection.destroy();
  });

  it('discardLocalChanges drops the offline copy and loads the server state in a new doc', async () => {
    const { connection, provider, offlineStore, state } = setup();
    connection.connect();
    await settle();
    provider().close(CloseCode.BadMessage, 'invalid update');
    writeName(state().doc, 'refused');
    await connection.discardLocalChanges();
    await settle();
    expect(state().status).toEqual({ state: 'connecting' });
    expect(state().generation).toBe(1);
    expect(offlineStore.stored.get('arxos:u1:b1:model')).toEqual([]);
    expect(state().provider).toBe(provider());
    expect(provider().doc).toBe(state().doc);
    connection.destroy();
  });

  it('a second discard while one is under way joins it: one new doc, one new provider', async () => {
    const { connection, providers, state } = setup();
    connection.connect();
    await settle();
    await Promise.all([connection.discardLocalChanges(), connection.discardLocalChanges()]);
    await settle();
    expect(state().generation).toBe(1);
    expect(providers).toHaveLength(2);
    expect(providers[1]!.doc).toBe(state().doc);
    connection.destroy();
  });

  it('clears an old offline copy on discard even when this role keeps none', async () => {
    const { connection, offlineStore, state } = setup({ persist: false });
    offlineStore.stored.set('arxos:u1:b1:model', [new Uint8Array([0, 0])]);
    connection.connect();
    await settle();
    expect(offlineStore.open_).toHaveLength(0);
    await connection.discardLocalChanges();
    expect(offlineStore.stored.has('arxos:u1:b1:model')).toBe(false);
    expect(state().generation).toBe(1);
    connection.destroy();
  });

  it('loads the offline copy of this user into the doc and says when it is ready', async () => {
    const { connection, offlineStore, state } = setup();
    const earlier = new Y.Doc();
    writeName(earlier, 'offline edit');
    offlineStore.stored.set('arxos:u1:b1:model', [Y.encodeStateAsUpdate(earlier)]);
    const otherUser = new Y.Doc();
    writeName(otherUser, 'edit of another account');
    offlineStore.stored.set('arxos:u2:b1:model', [Y.encodeStateAsUpdate(otherUser)]);
    connection.connect();
    expect(state().offlineReady).toBe(false);
    await settle();
    expect(offlineStore.open_.map((copy) => copy.name)).toEqual(['arxos:u1:b1:model']);
    expect(state().offlineReady).toBe(true);
    expect(state().doc.getMap('meta').get('name')).toBe('offline edit');
    connection.destroy();
  });

  it('going offline keeps edits in IndexedDB (the persist fake) and reconnects when online', async () => {
    const { connection, provider, offlineStore, network, fetchToken, state } = setup();
    connection.connect();
    await settle();
    provider().sync();
    network.dispatchEvent(new Event('offline'));
    expect(provider().disconnects).toBe(1);
    expect(state().status).toEqual({ state: 'reconnecting' });
    writeName(state().doc, 'drawn offline');
    const copy = new Y.Doc();
    for (const update of offlineStore.stored.get('arxos:u1:b1:model')!) Y.applyUpdate(copy, update);
    expect(copy.getMap('meta').get('name')).toBe('drawn offline');
    // Back online with a token that is still good: reconnect at once, no fetch.
    network.dispatchEvent(new Event('online'));
    expect(provider().connects).toBe(1);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    // Back online with a token near expiry: fetch a fresh one first.
    network.dispatchEvent(new Event('offline'));
    vi.setSystemTime(Date.now() + TOKEN_TTL_MS - REFRESH_MARGIN_MS + 1);
    network.dispatchEvent(new Event('online'));
    expect(provider().connects).toBe(1);
    await settle();
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(provider().params.token).toBe('token-2');
    expect(provider().connects).toBe(2);
    connection.destroy();
  });

  it('destroy stops timers and the provider', async () => {
    const { connection, provider, offlineStore, network, fetchToken, state } = setup();
    connection.connect();
    await settle();
    provider().close(CloseCode.RateLimited);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    connection.destroy();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    expect(provider().destroyed).toBe(true);
    expect(offlineStore.open_[0]!.destroyed).toBe(true);
    expect(state().provider).toBeNull();
    network.dispatchEvent(new Event('online'));
    network.dispatchEvent(new Event('offline'));
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(provider().connects).toBe(0);
    expect(provider().disconnects).toBe(0);
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('destroy during the first token fetch opens no provider and leaves no refresh timer', async () => {
    const { connection, providers } = setup();
    connection.connect();
    connection.destroy();
    await settle();
    expect(providers).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('connect after destroy starts again on the same doc (React runs effects twice in development)', async () => {
    const { connection, providers, state } = setup();
    const doc = state().doc;
    connection.connect();
    connection.destroy();
    connection.connect();
    await settle();
    expect(providers).toHaveLength(1);
    expect(state().doc).toBe(doc);
    expect(state().provider).toBe(providers[0]);
    connection.destroy();
  });

  it('notifies subscribers of each change and keeps the state object between changes', async () => {
    const { connection, provider } = setup();
    const seen: string[] = [];
    const stop = connection.subscribe(() => seen.push(connection.getState().status.state));
    connection.connect();
    await settle();
    const before = connection.getState();
    expect(connection.getState()).toBe(before);
    provider().sync();
    expect(seen.slice(-2)).toEqual(['syncing', 'live']);
    stop();
    provider().close(CloseCode.TooLarge);
    expect(seen.at(-1)).toBe('live');
    connection.destroy();
  });
});

/**
 * The web app's token endpoint as an owner changes this user's access: `role` is what the next
 * token carries; `removed` answers 404 as `/api/collab-token` does for someone without access.
 */
function tokenEndpoint(initial: BuildingRole) {
  const endpoint = { role: initial, removed: false, issued: 0 };
  const fetchToken = vi.fn(async (buildingId: string): Promise<CollabToken> => {
    if (endpoint.removed) throw new CollabTokenRefused(`no building ${buildingId}`, 404);
    return { token: `token-${++endpoint.issued}`, role: endpoint.role, expiresAt: new Date(Date.now() + TOKEN_TTL_MS).toISOString(), url: 'ws://collab.test', docs: { model: 'm', review: 'r' } };
  });
  return { endpoint, fetchToken };
}

describe('BuildingConnection follows a change of access live (issue #14 point 3)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts with the role the page was rendered with, then takes the role of each token', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('viewer');
    const { connection, state } = setup({ fetchToken, role: 'editor' });
    expect(state().access).toEqual({ state: 'granted', role: 'editor' });
    connection.connect();
    await settle();
    expect(state().access).toEqual({ state: 'granted', role: 'viewer' });
    endpoint.role = 'owner';
    await vi.advanceTimersByTimeAsync(TOKEN_TTL_MS - REFRESH_MARGIN_MS);
    expect(state().access).toEqual({ state: 'granted', role: 'owner' });
    connection.destroy();
  });

  it('a downgrade: editing stops at the 4401, and the fresh token makes the user a viewer without a reload', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('editor');
    const { connection, provider, state } = setup({ fetchToken });
    connection.connect();
    await settle();
    provider().sync();
    expect(canEditModel(state().access)).toBe(true);
    endpoint.role = 'viewer';
    provider().close(CloseCode.Unauthorized, 'access revoked');
    // Until the fresh token says otherwise, the role may have changed: nothing can be edited.
    expect(state().access).toEqual({ state: 'checking', role: 'editor' });
    expect(canEditModel(state().access)).toBe(false);
    await settle();
    expect(state().access).toEqual({ state: 'granted', role: 'viewer' });
    expect(canEditModel(state().access)).toBe(false);
    expect(provider().connects).toBe(1);
    expect(provider().params.token).toBe('token-2');
    connection.destroy();
  });

  it('an upgrade: the fresh token after the 4401 makes a viewer an editor without a reload', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('viewer');
    const { connection, provider, state } = setup({ fetchToken, role: 'viewer' });
    connection.connect();
    await settle();
    expect(canEditModel(state().access)).toBe(false);
    endpoint.role = 'editor';
    provider().close(CloseCode.Unauthorized, 'access revoked');
    await settle();
    expect(state().access).toEqual({ state: 'granted', role: 'editor' });
    expect(canEditModel(state().access)).toBe(true);
    connection.destroy();
  });

  it('a removal: the refused token stops the connection, deletes the offline copy and says access was removed', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('editor');
    const { connection, provider, offlineStore, state } = setup({ fetchToken });
    connection.connect();
    await settle();
    writeName(state().doc, 'unsent');
    expect(offlineStore.stored.get('arxos:u1:b1:model')).toHaveLength(1);
    const first = provider();
    endpoint.removed = true;
    first.close(CloseCode.Unauthorized, 'access revoked');
    await settle();
    expect(state().access).toEqual({ state: 'removed' });
    expect(state().status).toEqual({ state: 'failed', message: 'You do not have access to this building any more.' });
    expect(first.destroyed).toBe(true);
    expect(first.connects).toBe(0);
    expect(offlineStore.stored.has('arxos:u1:b1:model')).toBe(false);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    connection.destroy();
  });

  it('a removal noticed by a scheduled token refresh shows too (no close needed)', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('editor');
    const { connection, state } = setup({ fetchToken });
    connection.connect();
    await settle();
    endpoint.removed = true;
    await vi.advanceTimersByTimeAsync(TOKEN_TTL_MS - REFRESH_MARGIN_MS);
    expect(state().access).toEqual({ state: 'removed' });
    connection.destroy();
  });

  it('signed out is not a removal: it fails with the reason and keeps the access it had', async () => {
    const { connection, state } = setup({ fetchToken: () => Promise.reject(new CollabTokenRefused('sign in first', 401)) });
    connection.connect();
    await settle();
    expect(state().status).toEqual({ state: 'failed', message: 'sign in first' });
    expect(state().access).toEqual({ state: 'granted', role: 'editor' });
    connection.destroy();
  });

  it('edits that reach the server after a downgrade are refused visibly (4403 read-only), not lost in silence', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('editor');
    const { connection, provider, state } = setup({ fetchToken });
    connection.connect();
    await settle();
    endpoint.role = 'viewer';
    provider().close(CloseCode.Unauthorized, 'access revoked');
    await settle();
    provider().close(CloseCode.Forbidden, 'read-only');
    expect(state().status).toEqual({ state: 'rejected', message: 'Your role on this building is now viewer: the changes you made after it changed could not be saved.' });
    await connection.discardLocalChanges();
    await settle();
    expect(state().generation).toBe(1);
    expect(state().access).toEqual({ state: 'granted', role: 'viewer' });
    connection.destroy();
  });

  it('keeps an offline copy only while the role may write: deleted on a downgrade, kept again after an upgrade', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('editor');
    const { connection, provider, offlineStore, state } = setup({ fetchToken });
    connection.connect();
    await settle();
    expect(offlineStore.open_).toHaveLength(1);
    writeName(state().doc, 'saved while editor');
    endpoint.role = 'viewer';
    provider().close(CloseCode.Unauthorized, 'access revoked');
    await settle();
    expect(offlineStore.open_[0]!.destroyed).toBe(true);
    expect(offlineStore.stored.has('arxos:u1:b1:model')).toBe(false);
    endpoint.role = 'editor';
    provider().sync();
    provider().close(CloseCode.Unauthorized, 'access revoked');
    await settle();
    expect(offlineStore.open_).toHaveLength(2);
    expect(offlineStore.open_[1]!.destroyed).toBe(false);
    writeName(state().doc, 'saved again');
    expect(offlineStore.stored.get('arxos:u1:b1:model')).toHaveLength(1);
    connection.destroy();
  });

  it('a page rendered for a viewer keeps no offline copy until the role may write', async () => {
    const { endpoint, fetchToken } = tokenEndpoint('viewer');
    const { connection, provider, offlineStore } = setup({ fetchToken, role: 'viewer' });
    connection.connect();
    await settle();
    expect(offlineStore.open_).toHaveLength(0);
    endpoint.role = 'editor';
    provider().close(CloseCode.Unauthorized, 'access changed');
    await settle();
    expect(offlineStore.open_).toHaveLength(1);
    connection.destroy();
  });
});
