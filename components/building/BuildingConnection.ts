import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { canWriteDoc, type BuildingRole } from '@/lib/auth/roles';
import { CloseCode, isRetryableCloseCode, retryDelayMs, type DocPart } from '@/lib/protocol';
import { describeRejection } from './describeRejection';
import { CollabTokenRefused, type CollabToken } from './fetchCollabToken';

/** Refresh the collab token this long before it expires (tokens live 5 minutes). */
export const REFRESH_MARGIN_MS = 60_000;
/** Shortest wait before a scheduled token refresh, however close the expiry. */
const MIN_REFRESH_DELAY_MS = 5_000;
/** Longest wait of the provider's own backoff (network drops, 4500, 4503). */
const MAX_BACKOFF_MS = 5_000;

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

/**
 * This user's access to the building as the connection knows it, from the role of the latest
 * collab token (the web app answers each token request with the role as it is now).
 */
export type LiveAccess =
  | { state: 'granted'; role: BuildingRole }
  /**
   * The server closed the connection with 4401 (`access changed`, `access revoked`, or an expired
   * token) and a fresh token is on its way: the role may have changed, so nothing may be edited
   * until it arrives. `role` is the role before.
   */
  | { state: 'checking'; role: BuildingRole }
  /**
   * The web app refused a new token (404): this user has no access to the building any more.
   * The connection is stopped and the offline copy deleted.
   */
  | { state: 'removed' };

/** Whether this access may edit the building's model now. */
export function canEditModel(access: LiveAccess): boolean {
  return access.state === 'granted' && canWriteDoc(access.role, 'model');
}

/**
 * The part of a y-websocket `WebsocketProvider` the connection drives. `closed` fires when the
 * server closed with a code the provider will not retry by itself (4400-4499).
 */
export interface ConnectionProvider {
  /** URL parameters of the next connection attempt (the token goes here). */
  params: { [key: string]: string };
  readonly awareness: Awareness;
  on(name: 'status', handler: (event: { status: 'connected' | 'disconnected' | 'connecting' }) => void): unknown;
  on(name: 'sync', handler: (synced: boolean) => void): unknown;
  on(name: 'connection-close', handler: () => void): unknown;
  on(name: 'closed', handler: (event: { code: number; reason: string }) => void): unknown;
  connect(): void;
  disconnect(): void;
  destroy(): void;
}

/** Makes the provider of one connection (the app passes `new WebsocketProvider(...)`). */
export type CreateProvider<P extends ConnectionProvider> = (url: string, room: string, doc: Y.Doc, options: { params: { token: string }; maxBackoffTime: number }) => P;

/** A document kept on this device while it is open (y-indexeddb's `IndexeddbPersistence`). */
export interface OfflineCopy {
  /** Settles once the stored copy has been loaded into the doc. */
  readonly whenSynced: Promise<unknown>;
  /** Stops keeping the doc; the stored copy stays. */
  destroy(): Promise<void>;
}

/** Where offline copies live (IndexedDB in the browser, `indexedDbOfflineStore`). */
export interface OfflineStore {
  /** Loads the copy stored under `name` into `doc` and keeps storing the doc's updates there. */
  open(name: string, doc: Y.Doc): OfflineCopy;
  /** Deletes the copy stored under `name`. */
  clear(name: string): Promise<void>;
}

/** Options of {@link BuildingConnection}. */
export interface BuildingConnectionOptions<P extends ConnectionProvider> {
  /** Gets a fresh collab token (the app passes `fetchCollabToken`). */
  readonly fetchToken: (buildingId: string) => Promise<CollabToken>;
  /** Makes the provider; kept out of this class so that it runs against a fake in unit tests. */
  readonly createProvider: CreateProvider<P>;
  /** This user's presence, set as the awareness field `user` of every provider. */
  readonly user: { id?: string; name: string; color: string };
  /**
   * The role the page was rendered with; each token's role replaces it ({@link ConnectionState.access}).
   */
  readonly role: BuildingRole;
  /**
   * Keep an offline copy of the doc in {@link offlineStore} so edits made offline survive a
   * reload, while the role may write the model. Default false. The copy is closed and deleted
   * when the role becomes read-only (the server drops a read-only client's writes, and a persisted
   * local copy would bring such a write back on every load) and opened again when it may write.
   */
  readonly persist?: boolean;
  /**
   * The signed-in user: each user of a browser keeps their own offline copy. Another account's
   * unsent edits are written with that account's Yjs client ids, which the server refuses from
   * anyone else (collab-server SPEC 22).
   */
  readonly userId?: string;
  /**
   * Where offline copies live. Default none. Used to clear an old copy on discard even when
   * {@link persist} is false.
   */
  readonly offlineStore?: OfflineStore;
  /** Where the browser fires `online` / `offline`. Default `window` when there is one. */
  readonly network?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Jitter source of the retry delays (lib/protocol `retryDelayMs`). Default `Math.random`. */
  readonly random?: () => number;
  /** Which of the building's documents to open: the model (default) or the review threads. */
  readonly part?: DocPart;
}

/** What the connection shows, one immutable value per change (a `useSyncExternalStore` snapshot). */
export interface ConnectionState<P> {
  /** The live document; {@link BuildingConnection.discardLocalChanges} replaces it. */
  readonly doc: Y.Doc;
  /** How many times the doc has been replaced. */
  readonly generation: number;
  /** The provider once a token arrived; null before and after. */
  readonly provider: P | null;
  readonly status: ConnectionStatus;
  /** Awareness states seen, this client included. */
  readonly peers: number;
  /** Whether the offline copy has been loaded into the doc. */
  readonly offlineReady: boolean;
  /** This user's access: the role of the latest token, or that it is being checked, or gone. */
  readonly access: LiveAccess;
}

/** What one `connect()` started, all of it undone by stopping it. */
interface Run<P> {
  stopped: boolean;
  provider?: P;
  offline?: OfflineCopy;
  /** The deletion of the offline copy after a downgrade, while under way (a new copy opens after it). */
  offlineDeleting?: Promise<unknown>;
  expiresAt: number;
  /** Refusals in a row (4429, 4408, 4401) since the last sync: each retry waits longer. */
  refusals: number;
  refreshTimer?: ReturnType<typeof setTimeout>;
  retryTimer?: ReturnType<typeof setTimeout>;
  detachNetwork?: () => void;
}

/** Name of a building's offline copy, per user. */
const offlineStoreName = (buildingId: string, userId: string | undefined) => (userId ? `arxos:${userId}:${buildingId}:model` : `arxos:${buildingId}:model`);

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
 * Keeps a building's model document live in the browser: a provider (y-websocket) opened with a
 * collab token, refreshed before it expires and after the server rejects it; reconnects after
 * transient refusals (collab-server SPEC, "What clients should do after a close code"); an offline
 * copy; and, when the server refuses this client's changes as invalid (status `rejected`) or has
 * replaced the document (4409), {@link discardLocalChanges}, which starts over from the server's
 * state with a new doc. No React: `useLiveBuilding` subscribes to it.
 */
export class BuildingConnection<P extends ConnectionProvider> {
  readonly #options: BuildingConnectionOptions<P>;
  readonly #listeners = new Set<() => void>();
  #state: ConnectionState<P>;
  #run: Run<P> | undefined;
  /** True from `connect()` until `destroy()`: a discard that finishes connects the new doc only while it is. */
  #wanted = false;
  /** The discard under way; a second call joins it rather than replacing the doc twice. */
  #discarding: Promise<void> | undefined;

  constructor(
    readonly buildingId: string,
    doc: Y.Doc,
    options: BuildingConnectionOptions<P>,
  ) {
    this.#options = options;
    this.#state = { doc, generation: 0, provider: null, status: { state: 'connecting' }, peers: 1, offlineReady: false, access: { state: 'granted', role: options.role } };
  }

  /** Calls `listener` after every change of {@link getState}; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The current state; the same object until something changes. */
  getState = (): ConnectionState<P> => this.#state;

  /**
   * Starts the connection: the offline copy, then a token and the provider. Does nothing when
   * already started. May be called again after {@link destroy} (React runs effects twice in
   * development).
   */
  connect(): void {
    this.#wanted = true;
    if (this.#run || this.#discarding) return;
    const run: Run<P> = { stopped: false, expiresAt: 0, refusals: 0 };
    this.#run = run;
    this.#openOfflineCopy(run);
    this.#refresh(run)
      .then((first) => {
        if (!run.stopped) this.#open(run, first);
      })
      .catch((error: Error) => this.#fail(run, error));
  }

  /**
   * Drops every change this client has not got onto the server: closes the connection, deletes
   * the building's offline copy, and starts over with a new doc (`generation` + 1) that loads the
   * server's state. The way out of `rejected`.
   */
  discardLocalChanges(): Promise<void> {
    this.#discarding ??= this.#discard().finally(() => {
      this.#discarding = undefined;
    });
    return this.#discarding.then(() => {
      if (this.#wanted) this.connect();
    });
  }

  async #discard(): Promise<void> {
    const offline = this.#stop();
    if (offline) await offline.destroy();
    // Also when this role keeps no copy: an old one (say, from before a downgrade) must not come back.
    await this.#options.offlineStore?.clear(offlineStoreName(this.buildingId, this.#options.userId));
    this.#set({ doc: new Y.Doc(), generation: this.#state.generation + 1, status: { state: 'connecting' }, offlineReady: false });
  }

  /** Stops everything {@link connect} started: timers, listeners, the provider and the offline copy. */
  destroy(): void {
    this.#wanted = false;
    void this.#stop()?.destroy();
  }

  #set(patch: Partial<ConnectionState<P>>) {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }

  #fail(run: Run<P>, error: Error) {
    if (run.stopped) return;
    if (error instanceof CollabTokenRefused && error.accessRemoved) return this.#accessRemoved();
    this.#set({ status: { state: 'failed', message: error.message } });
  }

  /** A scheduled refresh failed: the token in place stays (the server's 4401 at expiry retries), unless access is gone. */
  #refreshFailed(run: Run<P>, error: Error) {
    if (!run.stopped && error instanceof CollabTokenRefused && error.accessRemoved) this.#accessRemoved();
  }

  /** No access any more: stop, delete the offline copy (nothing in it can be sent), say so. */
  #accessRemoved() {
    const offline = this.#stop();
    void offline
      ?.destroy()
      .then(() => this.#options.offlineStore?.clear(offlineStoreName(this.buildingId, this.#options.userId)))
      .catch((error: unknown) => console.error(`deleting the offline copy of building ${this.buildingId} failed`, error));
    this.#set({ access: { state: 'removed' }, status: { state: 'failed', message: 'You do not have access to this building any more.' } });
  }

  /**
   * The role of a fresh token: the UI follows it, and the offline copy is kept only while the
   * role may write the model (closed and deleted on a downgrade, opened again on an upgrade).
   */
  #grant(run: Run<P>, role: BuildingRole) {
    if (run.stopped) return;
    const access = this.#state.access;
    if (access.state !== 'granted' || access.role !== role) this.#set({ access: { state: 'granted', role } });
    const store = this.#options.offlineStore;
    if (!canWriteDoc(role, 'model') && run.offline && store) {
      const copy = run.offline;
      run.offline = undefined;
      this.#set({ offlineReady: false });
      run.offlineDeleting = copy
        .destroy()
        .then(() => store.clear(offlineStoreName(this.buildingId, this.#options.userId)))
        .catch((error: unknown) => console.error(`deleting the offline copy of building ${this.buildingId} after a downgrade failed`, error))
        .finally(() => (run.offlineDeleting = undefined));
    } else if (!run.offline) {
      if (run.offlineDeleting) void run.offlineDeleting.then(() => !run.offline && this.#openOfflineCopy(run));
      else this.#openOfflineCopy(run);
    }
  }

  /** Ends the current run; returns its offline copy for the caller to close. */
  #stop(): OfflineCopy | undefined {
    const run = this.#run;
    if (!run) return undefined;
    this.#run = undefined;
    run.stopped = true;
    clearTimeout(run.refreshTimer);
    clearTimeout(run.retryTimer);
    run.detachNetwork?.();
    run.provider?.destroy();
    this.#set({ provider: null });
    return run.offline;
  }

  #openOfflineCopy(run: Run<P>) {
    const store = this.#options.offlineStore;
    const access = this.#state.access;
    if (run.stopped || !this.#options.persist || !store || access.state === 'removed' || !canWriteDoc(access.role, 'model')) return;
    const copy = store.open(offlineStoreName(this.buildingId, this.#options.userId), this.#state.doc);
    run.offline = copy;
    void copy.whenSynced.then(() => {
      if (!run.stopped) this.#set({ offlineReady: true });
    });
  }

  /** Fetches a fresh token, hands it to the provider, and schedules the next refresh. */
  async #refresh(run: Run<P>): Promise<CollabToken> {
    const fresh = await this.#options.fetchToken(this.buildingId);
    this.#grant(run, fresh.role);
    run.expiresAt = Date.parse(fresh.expiresAt);
    if (run.provider) run.provider.params = { ...run.provider.params, token: fresh.token };
    clearTimeout(run.refreshTimer);
    if (!run.stopped) {
      const wait = Math.max(MIN_REFRESH_DELAY_MS, run.expiresAt - Date.now() - REFRESH_MARGIN_MS);
      // A failed refresh leaves the token in place: the server's 4401 at expiry triggers a retry with a new fetch.
      run.refreshTimer = setTimeout(() => void this.#refresh(run).catch((error: Error) => this.#refreshFailed(run, error)), wait);
    }
    return fresh;
  }

  #expiresSoon(run: Run<P>): boolean {
    return Date.now() > run.expiresAt - REFRESH_MARGIN_MS;
  }

  #open(run: Run<P>, first: CollabToken) {
    const p = this.#options.createProvider(first.url, first.docs[this.#options.part ?? 'model'], this.#state.doc, { params: { token: first.token }, maxBackoffTime: MAX_BACKOFF_MS });
    run.provider = p;
    p.awareness.setLocalStateField('user', this.#options.user);
    const live = (handler: () => void) => () => !run.stopped && handler();
    p.on('status', ({ status }) => {
      if (!run.stopped) this.#set({ status: status === 'connected' ? { state: 'syncing' } : status === 'connecting' ? { state: 'connecting' } : { state: 'reconnecting' } });
    });
    p.on('sync', (synced) => {
      if (!synced || run.stopped) return;
      run.refusals = 0;
      this.#set({ status: { state: 'live' } });
    });
    p.on(
      'connection-close',
      // A token close to expiry is replaced before the provider's backoff reconnects.
      live(() => this.#expiresSoon(run) && void this.#refresh(run).catch((error: Error) => this.#refreshFailed(run, error))),
    );
    p.on('closed', ({ code, reason }) => {
      if (!run.stopped) this.#onClosed(run, p, code, reason);
    });
    p.awareness.on(
      'change',
      live(() => this.#set({ peers: p.awareness.getStates().size })),
    );
    this.#watchNetwork(run, p);
    this.#set({ provider: p });
  }

  /** The close-code policy for the codes the provider gives up on (44xx). */
  #onClosed(run: Run<P>, p: P, code: number, reason: string) {
    // 4401 is not retryable as it stands (the same token is refused again), but it is with a fresh one.
    if (code === CloseCode.Unauthorized || isRetryableCloseCode(code)) {
      // Transient (collab-server SPEC, note for clients): reconnect with a fresh token, at once
      // after a first 4401 / 4408, else after a growing delay; 4429 always waits.
      this.#set({ status: { state: 'reconnecting' } });
      // 4401: the role may have changed (collab-server SPEC 1, 19). Nothing is edited until the
      // fresh token says which role it is now.
      const access = this.#state.access;
      if (code === CloseCode.Unauthorized && access.state === 'granted') this.#set({ access: { state: 'checking', role: access.role } });
      const attempt = code === CloseCode.RateLimited ? run.refusals : run.refusals - 1;
      run.refusals++;
      const delay = attempt < 0 ? 0 : retryDelayMs(attempt, this.#options.random);
      clearTimeout(run.retryTimer);
      run.retryTimer = setTimeout(
        () =>
          void this.#refresh(run).then(
            () => !run.stopped && p.connect(),
            (error: Error) => this.#fail(run, error),
          ),
        delay,
      );
    } else if (code === CloseCode.DocumentReplaced) {
      // The server rebased the document (collab-server SPEC 21): our copy is of an ended
      // lineage, and what we had changed on it has been carried over. Load it anew.
      this.discardLocalChanges().catch((error: unknown) => console.error(`discarding the replaced copy of building ${this.buildingId} failed`, error));
    } else if (code === CloseCode.BadMessage) {
      // Our own changes were refused; the provider stops here (44xx is permanent for it).
      const message = (this.#options.part ?? 'model') === 'model' ? describeRejection(this.#state.doc, reason) : `The server refused a change to the review threads${reason ? ` (${reason})` : ''}.`;
      this.#set({ status: { state: 'rejected', message } });
    } else if (code === CloseCode.Forbidden && reason === 'read-only') {
      // Changes made while the role was being lowered reached a connection that may not write
      // (collab-server SPEC 2): they are refused, visibly, and can only be discarded.
      const access = this.#state.access;
      const role = access.state === 'removed' ? 'viewer' : access.role;
      this.#set({ status: { state: 'rejected', message: `Your role on this building is now ${role}: the changes you made after it changed could not be saved.` } });
    } else if (code === CloseCode.Forbidden && reason === 'client id of another user') {
      // This copy holds changes written under another account's Yjs client id (collab-server
      // SPEC 22): it can only go on without them.
      this.#set({ status: { state: 'rejected', message: 'This copy of the building holds changes made by another account, which cannot be sent as yours. Discard them to go on.' } });
    } else {
      this.#set({ status: { state: 'failed', message: describeClose(code, reason) } });
    }
  }

  /**
   * The browser knows it is offline before the socket notices (a half-open socket can linger for
   * minutes): drop the connection at once and reconnect when back online. Edits made meanwhile
   * stay in the doc (and the offline copy) and sync on reconnect.
   */
  #watchNetwork(run: Run<P>, p: P) {
    const network = this.#options.network ?? (typeof window === 'undefined' ? undefined : window);
    if (!network) return;
    const goOffline = () => {
      p.disconnect();
      this.#set({ status: { state: 'reconnecting' } });
    };
    const goOnline = () => {
      const reconnect = () => !run.stopped && p.connect();
      if (this.#expiresSoon(run)) void this.#refresh(run).then(reconnect, reconnect);
      else reconnect();
    };
    network.addEventListener('offline', goOffline);
    network.addEventListener('online', goOnline);
    run.detachNetwork = () => {
      network.removeEventListener('offline', goOffline);
      network.removeEventListener('online', goOnline);
    };
  }
}
