'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, retryDelayMs } from '@/lib/protocol';
import { BuildingStore } from './BuildingStore';
import { describeRejection } from './describeRejection';
import { useThrottled } from './useThrottled';

const zero = () => -1;

/** What the page says about the live connection. */
export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'syncing' }
  | { state: 'live' }
  | { state: 'reconnecting' }
  | { state: 'failed'; message: string }
  /**
   * The server refused what this client sent as invalid (close code 4400, collab-server SPEC 5)
   * and will refuse it again on every reconnect: the local copy must be discarded
   * (`discardLocalChanges`) before the building can be edited live again.
   */
  | { state: 'rejected'; message: string };

interface TokenResponse {
  token: string;
  role: string;
  expiresAt: string;
  url: string;
  docs: { model: string; review: string };
}

/** Options of {@link useLiveBuilding}. */
export interface LiveBuildingOptions {
  /**
   * Keep an offline copy of the doc in IndexedDB (y-indexeddb) so edits made offline survive a
   * reload. Default false. Only for roles that may write the model: the server drops a read-only
   * client's writes, and a persisted local copy would bring such a write back on every load.
   */
  readonly persist?: boolean;
  /**
   * The signed-in user: each user of a browser keeps their own offline copy. Another account's
   * unsent edits are written with that account's Yjs client ids, which the server refuses from
   * anyone else (collab-server SPEC 22).
   */
  readonly userId?: string;
}

/** Name of a building's offline copy in IndexedDB (y-indexeddb), per user. */
const offlineStoreName = (buildingId: string, userId: string | undefined) => (userId ? `arxos:${userId}:${buildingId}:model` : `arxos:${buildingId}:model`);

/** The live document of one session; discarding local changes starts a new one. */
interface Session {
  readonly doc: Y.Doc;
  readonly store: BuildingStore;
  readonly generation: number;
}

const newSession = (generation: number): Session => {
  const doc = new Y.Doc();
  return { doc, store: new BuildingStore(doc), generation };
};

/** Refresh the collab token this long before it expires (tokens live 5 minutes). */
const REFRESH_MARGIN_MS = 60_000;

async function fetchToken(buildingId: string): Promise<TokenResponse> {
  const response = await fetch(`/api/collab-token?building=${encodeURIComponent(buildingId)}`, { cache: 'no-store' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `could not get a collab token (HTTP ${response.status})`);
  }
  return (await response.json()) as TokenResponse;
}

/** Words for the close codes a person may see (lib/protocol). */
function describeClose(code: number, reason: string): string {
  switch (code) {
    case CloseCode.Forbidden:
      return 'You do not have access to this building any more.';
    case CloseCode.TooLarge:
      return 'The server refused an edit that was too large.';
    default:
      return `The connection was closed (${code}${reason ? `: ${reason}` : ''}).`;
  }
}

/**
 * Opens a building's model document live: a Y.Doc synced through the stock y-websocket provider
 * with a collab token from `/api/collab-token`, refreshed before it expires and after the server
 * rejects it. Returns the doc, the provider, a typed snapshot that follows every change, and the
 * connection status. When the server refuses this client's changes as invalid (status
 * `rejected`), `discardLocalChanges` drops the local copy (memory and IndexedDB) and starts over
 * from the server's state with a new doc (`generation` counts these restarts).
 */
export function useLiveBuilding(buildingId: string, user: { name: string; color: string }, options: LiveBuildingOptions = {}) {
  const persist = options.persist ?? false;
  const userId = options.userId;
  const [{ doc, store, generation }, setSession] = useState(() => newSession(0));
  const [provider, setProvider] = useState<WebsocketProvider | null>(null);
  const persistence = useRef<IndexeddbPersistence | null>(null);
  const version = useSyncExternalStore(store.subscribe, store.getVersion, zero);
  // A full plain snapshot costs O(elements): rebuild it at most every 250 ms (the plan reads the
  // store directly, per element).
  const snapshotVersion = useThrottled(version, 250);
  const snapshot = useMemo(() => (snapshotVersion >= 0 ? (store.snapshot() ?? null) : null), [store, snapshotVersion]);
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting' });
  const [peers, setPeers] = useState(1);
  const [offlineReady, setOfflineReady] = useState(false);

  // Offline copy in IndexedDB (y-indexeddb): edits made without a connection survive a reload
  // and reach the server when the provider reconnects.
  useEffect(() => {
    if (!persist || typeof indexedDB === 'undefined') return;
    const local = new IndexeddbPersistence(offlineStoreName(buildingId, userId), doc);
    persistence.current = local;
    void local.whenSynced.then(() => setOfflineReady(true));
    return () => {
      if (persistence.current === local) persistence.current = null;
      void local.destroy();
    };
  }, [buildingId, doc, persist, userId]);

  /**
   * Drops every change this client has not got onto the server: closes the connection, deletes
   * the building's IndexedDB copy, and starts a new session (new doc, store and connection) that
   * loads the server's state. The way out of `rejected`.
   */
  const discardLocalChanges = useCallback(async () => {
    setProvider(null);
    const local = persistence.current;
    persistence.current = null;
    if (local) await local.destroy();
    // Also when this role keeps no copy: an old one (say, from before a downgrade) must not come back.
    if (typeof indexedDB !== 'undefined') await clearDocument(offlineStoreName(buildingId, userId));
    setOfflineReady(false);
    setStatus({ state: 'connecting' });
    setSession((previous) => newSession(previous.generation + 1));
  }, [buildingId, userId]);

  useEffect(() => {
    let disposed = false;
    let live: WebsocketProvider | null = null;
    let expiresAt = 0;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let goOffline: (() => void) | undefined;
    let goOnline: (() => void) | undefined;
    /** Refusals in a row (4429, 4408, 4401) since the last sync: each retry waits longer (lib/protocol retryDelayMs). */
    let refusals = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const refresh = async () => {
      const fresh = await fetchToken(buildingId);
      expiresAt = Date.parse(fresh.expiresAt);
      if (live) live.params = { ...live.params, token: fresh.token };
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void refresh().catch(() => undefined), Math.max(5_000, expiresAt - Date.now() - REFRESH_MARGIN_MS));
      return fresh;
    };

    refresh()
      .then((first) => {
        if (disposed) return;
        const p = new WebsocketProvider(first.url, first.docs.model, doc, { params: { token: first.token }, maxBackoffTime: 5_000 });
        live = p;
        p.awareness.setLocalStateField('user', user);
        p.on('status', ({ status: s }) => setStatus(s === 'connected' ? { state: 'syncing' } : s === 'connecting' ? { state: 'connecting' } : { state: 'reconnecting' }));
        p.on('sync', (synced: boolean) => {
          if (!synced) return;
          refusals = 0;
          setStatus({ state: 'live' });
        });
        p.on('connection-close', () => {
          // A token close to expiry is replaced before the provider's backoff reconnects.
          if (Date.now() > expiresAt - REFRESH_MARGIN_MS) void refresh().catch(() => undefined);
        });
        p.on('closed', ({ code, reason }) => {
          if (code === CloseCode.Unauthorized || code === CloseCode.Timeout || code === CloseCode.RateLimited) {
            // Transient (collab-server SPEC, note for clients): reconnect with a fresh token, at once
            // after a first 4401 / 4408, else after a growing delay; 4429 always waits.
            setStatus({ state: 'reconnecting' });
            const attempt = code === CloseCode.RateLimited ? refusals : refusals - 1;
            refusals++;
            const delay = attempt < 0 ? 0 : retryDelayMs(attempt);
            clearTimeout(retryTimer);
            retryTimer = setTimeout(() => void refresh().then(() => !disposed && p.connect(), (error: Error) => setStatus({ state: 'failed', message: error.message })), delay);
          } else if (code === CloseCode.DocumentReplaced) {
            // The server rebased the document (collab-server SPEC 21): our copy is of an ended
            // lineage, and what we had changed on it has been carried over. Load it anew.
            void discardLocalChanges();
          } else if (code === CloseCode.BadMessage) {
            // Our own changes were refused; the provider stops here (44xx is permanent for it).
            setStatus({ state: 'rejected', message: describeRejection(doc, reason) });
          } else if (code === CloseCode.Forbidden && reason === 'client id of another user') {
            // This copy holds changes written under another account's Yjs client id (collab-server
            // SPEC 22): it can only go on without them.
            setStatus({ state: 'rejected', message: 'This copy of the building holds changes made by another account, which cannot be sent as yours. Discard them to go on.' });
          } else {
            setStatus({ state: 'failed', message: describeClose(code, reason) });
          }
        });
        p.awareness.on('change', () => setPeers(p.awareness.getStates().size));
        // The browser knows it is offline before the socket notices (a half-open socket can
        // linger for minutes): drop the connection at once and reconnect when back online. Edits
        // made meanwhile stay in the doc (and IndexedDB) and sync on reconnect.
        goOffline = () => {
          p.disconnect();
          setStatus({ state: 'reconnecting' });
        };
        goOnline = () => {
          const reconnect = () => !disposed && p.connect();
          if (Date.now() > expiresAt - REFRESH_MARGIN_MS) void refresh().then(reconnect, reconnect);
          else reconnect();
        };
        window.addEventListener('offline', goOffline);
        window.addEventListener('online', goOnline);
        setProvider(p);
      })
      .catch((error: Error) => !disposed && setStatus({ state: 'failed', message: error.message }));

    return () => {
      disposed = true;
      clearTimeout(refreshTimer);
      clearTimeout(retryTimer);
      if (goOffline) window.removeEventListener('offline', goOffline);
      if (goOnline) window.removeEventListener('online', goOnline);
      live?.destroy();
      setProvider(null);
    };
    // `user` is set once per mount; a change of name is not a reason to reconnect.
    // `discardLocalChanges` changes only with `buildingId` and `userId`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [buildingId, doc]);

  return { doc, provider, store, generation, snapshot, status, peers, offlineReady, discardLocalChanges };
}
