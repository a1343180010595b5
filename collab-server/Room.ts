/**
 * One document and its connections (SPEC.md rules 2-6, 17, 20-22): the room's life (load,
 * ready, failed, destroyed) and the y-websocket message flow of each connection, dispatched by
 * its sync state to the parts that do the work: `loadRoom.ts` (load, early answers, migration),
 * `SyncReplies.ts` (step 2 answers), `ClientUpdates.ts` (read-only, the gate, missing
 * dependencies), `HeldUpdates.ts` (client-id bounds), `Broadcaster.ts` (fan-out),
 * `RoomAwareness.ts` (presence) and `EndedLineageClient.ts` (carry-over from ended lineages).
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { FIRST_LINEAGE, type DocumentStore, type LineageInfo, type RebaseResult } from '@/lib/db/documentStore';
import { applyDocEdits, getMaps, MAP_NAMES, RemoteOrigin, type DocEdit } from '@/lib/doc';
import { schemaVersionOf } from '@/lib/doc/updates';
import type { ModelIssue } from '@/lib/model';
import { CloseCode, type DocPart } from '@/lib/protocol';
import { Broadcaster } from './Broadcaster';
import type { ChangeRecorder } from './ChangeRecorder';
import type { DailyVersions } from './DailyVersions';
import { changeRows } from './changeRows';
import { ClientUpdates } from './ClientUpdates';
import type { ClientClaims } from './ClientClaims';
import { ClientOwners, SERVER_USER, type OwnershipLimits } from './clientOwners';
import type { CollabServerEmitter } from './CollabServerEvents';
import type { Connection } from './Connection';
import { EndedLineageClient, FinalStates, type EndedLineageRoom } from './EndedLineageClient';
import { decodeFrame, encodeSyncStep1 } from './frames';
import { HeldUpdates } from './HeldUpdates';
import { classifyClient, rebaseDue, rebaseState, type RebasePolicy } from './lineage';
import { loadRoom, migrateOnLoad } from './loadRoom';
import { countIn, type CollabMetrics } from './metrics';
import type { CollabLimits } from './options';
import type { LiveState, PersistenceQueue } from './PersistenceQueue';
import { RoomAwareness } from './RoomAwareness';
import { SyncReplies } from './SyncReplies';
import { structRanges, UpdateGate } from './UpdateGate';
import { validateModelChange, validateModelFieldWrites } from './validateChange';
import { validateReviewChange } from './validateReview';

/** What a room needs from its server. */
export interface RoomContext {
  store: DocumentStore;
  persistence: PersistenceQueue;
  metrics: CollabMetrics;
  logger: Logger;
  limits: CollabLimits;
  loadTimeoutMs: number;
  /** Shortest time between two broadcasts, ms (options.ts `broadcastWindowMs`). */
  broadcastWindowMs: number;
  /** The server's events: rooms report refused updates on it (tests and audit listen). */
  events: CollabServerEmitter;
  /** When idle model documents are rebased (SPEC.md rule 20). */
  rebase: RebasePolicy;
  /** Writes the client-id bounds of every room (SPEC.md rule 22). */
  claims: ClientClaims;
  /** Limits of client-id ownership (SPEC.md rule 22). */
  ownership: OwnershipLimits;
  /** Where who changed what is written (SPEC.md rule 24). */
  changes: ChangeRecorder;
  /** Automatic daily versions of changed model documents (SPEC.md rule 24). */
  daily?: DailyVersions;
}

/** The outcome of {@link Room.serverEdit}. */
export type ServerEditResult =
  /** Refused by the gate: nothing was written. */
  | { kind: 'invalid'; issues: ModelIssue[] }
  /** In the live document (or nothing to change); `persisted` resolves once it is in the store. */
  | { kind: 'written'; applied: number; skipped: DocEdit[]; persisted: Promise<void> };

/** Where a room is in its life: its connections are served only while `ready`. */
export type RoomState = 'loading' | 'ready' | 'failed' | 'destroyed';

/** A document served to its connections. */
export class Room {
  readonly doc = new Y.Doc();
  /** The room's awareness states and who owns their client ids (SPEC.md rule 17). */
  readonly presence: RoomAwareness;
  readonly connections = new Set<Connection>();
  /** Resolves true once loaded, false if the load failed (then every connection got 4500). */
  readonly loaded: Promise<boolean>;
  readonly log: Logger;
  #state: RoomState = 'loading';
  #gate: UpdateGate | undefined;
  /** Client updates through the gate (SPEC.md rules 2, 4-6); set once loaded. */
  #updates: ClientUpdates | undefined;
  readonly #broadcaster: Broadcaster;
  /** Who may write which client ids (SPEC.md rule 22), and the updates held for their bounds; set once loaded. */
  #owners: ClientOwners | undefined;
  #held: HeldUpdates | undefined;
  /** Sync step 1s answered once nothing is held (a step 2 holds the whole document, held structs too). */
  readonly #deferredSyncs: { conn: Connection; stateVector: Uint8Array }[] = [];
  readonly #replies: SyncReplies;
  /** The document's lineages as loaded (SPEC.md rules 20-21). */
  #lineage: LineageInfo = FIRST_LINEAGE;
  /** What clients on an ended lineage need from this room (SPEC.md rule 21). */
  readonly #endedLineageRoom: EndedLineageRoom;

  /**
   * @param after settles when the room may load: a rebase of the same document in progress
   *   (the room then loads the new lineage).
   */
  constructor(
    readonly docName: string,
    readonly part: DocPart,
    private readonly ctx: RoomContext,
    after?: Promise<unknown>,
  ) {
    this.log = ctx.logger.child({ doc: docName });
    if (part === 'model') getMaps(this.doc);
    else this.doc.getMap('threads');
    this.#replies = new SyncReplies(this.doc, ctx.metrics);
    // The stock provider uses one id for awareness and Yjs: its owner in the document owns both.
    this.presence = new RoomAwareness(this.doc, this.connections, ctx.metrics, (id) => this.#owners?.ownerOf(id), (ids) => this.#broadcaster.awareness(ids));
    this.#broadcaster = new Broadcaster(
      { doc: this.doc, presence: this.presence, connections: this.connections, ready: () => this.#state === 'ready', holding: () => this.heldCount > 0 },
      { windowMs: ctx.broadcastWindowMs, highWaterBytes: ctx.limits.broadcastHighWaterBytes, metrics: ctx.metrics },
    );
    const finalStates = new FinalStates(ctx.store, docName, ctx.loadTimeoutMs);
    this.#endedLineageRoom = {
      docName,
      metrics: ctx.metrics,
      pendingUpdateBytes: ctx.limits.pendingUpdateBytes,
      lineage: () => this.#lineage.current,
      ready: () => this.#state === 'ready',
      finalState: (lineage) => finalStates.get(lineage),
      write: (change, origin) => this.#gate!.write(change, origin),
      accepted: (update, ranges) => this.#held!.accept(update, undefined, ranges, SERVER_USER),
      presence: (conn, message) => this.presence.process(conn, message),
      rejected: (conn, issues) => this.ctx.events.emit('update-rejected', { doc: docName, socketId: conn.id, issues }),
    };
    this.loaded = after ? after.then(() => this.#load(), () => this.#load()) : this.#load();
  }

  get state(): RoomState {
    return this.#state;
  }

  /** The lineage this room's document is on. */
  get lineage(): number {
    return this.#lineage.current;
  }

  /** Adds a connection; it is served once the room is loaded. */
  add(conn: Connection): void {
    this.connections.add(conn);
    conn.onClosed(() => this.#remove(conn));
    if (this.#state === 'ready') this.#start(conn);
    else if (this.#state === 'failed') conn.close(CloseCode.ServerError, { detail: 'document failed to load' });
  }

  /** Handles one frame that passed the size and rate limits: buffered while loading, else processed. */
  receive(conn: Connection, frame: Uint8Array): void {
    if (conn.closed) return;
    if (this.#state === 'loading') conn.buffer(frame, this.ctx.limits.preloadBufferBytes);
    else if (this.#state === 'ready') this.#process(conn, frame);
  }

  /** Sends what is waiting for the next turn's broadcast now. */
  flushBroadcasts(): void {
    this.#broadcaster.flushNow();
  }

  /**
   * Writes `edits` onto the live document as the server (SPEC.md rule 23; `POST /internal/edit`),
   * exactly like a carry-over (rule 21): through the gate, validated like a client's update, then
   * persisted and broadcast to every connection once its client-id bounds are written (rule 22).
   * Only on a ready room. `persisted` resolves once the write is in the store; it never settles if
   * the room is destroyed first (the caller bounds its wait).
   */
  serverEdit(edits: readonly DocEdit[], origin: RemoteOrigin): ServerEditResult {
    if (this.#state !== 'ready') throw new Error(`a server edit of ${this.docName} while its room is ${this.#state}`);
    let outcome: { applied: number; skipped: DocEdit[] } = { applied: 0, skipped: [] };
    const result = this.#gate!.write((doc) => {
      outcome = applyDocEdits(doc, edits);
    }, origin);
    if (result.kind === 'invalid') return result;
    if (result.kind === 'noop') return { kind: 'written', ...outcome, persisted: Promise.resolve() };
    if (result.mergeInvalid.length > 0) this.ctx.metrics.mergeInvalidRecords.inc(result.mergeInvalid.length);
    // Its caller waits for the write: it goes out now, not at the end of the batch window.
    const persisted = new Promise<void>((resolve) =>
      this.#held!.accept(result.update, undefined, result.ranges, SERVER_USER, () => {
        this.ctx.persistence.writeNow(this.docName);
        resolve(this.ctx.persistence.whenWritten(this.docName));
      }),
    );
    return { kind: 'written', ...outcome, persisted };
  }

  /** Frees the documents and timers. */
  destroy(): void {
    this.#state = 'destroyed';
    this.#broadcaster.stop();
    this.#held?.stop();
    this.ctx.persistence.forgetLiveDocument(this.docName, this.#liveState);
    this.#gate?.destroy();
    this.#replies.destroy();
    this.presence.destroy();
    this.doc.destroy();
  }

  /** Accepted updates held until their clients' bounds are written (SPEC.md rule 22). */
  get heldCount(): number {
    return this.#held?.count ?? 0;
  }

  /**
   * Lowers the bounds of `clients` (default: all) to what the document has (SPEC.md rule 22) and
   * has them written: no struct beyond ever reached anyone.
   */
  tightenClaims(clients?: Iterable<number>): void {
    if (this.#state !== 'ready') return;
    this.#held?.tighten((client) => Y.getState(this.doc.store, client), clients);
  }

  /** Whether this room's document is due for a rebase (SPEC.md rule 20), with the counts. */
  rebaseCheck(): { due: boolean; items: number; deleted: number } {
    if (this.part !== 'model' || this.#state !== 'ready') return { due: false, items: 0, deleted: 0 };
    return rebaseDue(this.doc, this.ctx.rebase);
  }

  /**
   * Rebases the document (SPEC.md rule 20): its content re-created without history under the
   * next lineage, stored in place of the log up to `seq` (every update up to it is in this
   * room's document, and nothing after it exists), the ended lineage's state kept. The registry
   * calls it for an idle room it has already detached; the room is destroyed afterwards.
   */
  async rebase(seq: number): Promise<RebaseResult> {
    const { finalState, newState, baseClient } = rebaseState(this.doc);
    return this.ctx.store.rebase(this.docName, {
      expect: { lineage: this.#lineage.current, seq },
      finalState,
      newState,
      baseClient,
      schemaVersion: schemaVersionOf(this.doc),
    });
  }

  async #load(): Promise<boolean> {
    const { ctx } = this;
    try {
      const loaded = await loadRoom(
        this.doc,
        { store: ctx.store, docName: this.docName, timeoutMs: ctx.loadTimeoutMs },
        { connections: this.connections, loading: () => this.#state === 'loading', traffic: ctx.metrics.traffic },
      );
      if (!loaded) return false;
      this.#lineage = loaded.lineage;
      const owners = new ClientOwners(loaded.clients, loaded.lineage.current, ctx.ownership, loaded.serverClients);
      this.#owners = owners;
      this.#held = new HeldUpdates(this.docName, owners, ctx.claims, this.#release, this.#answerDeferred);
      // The migration is the server's only own write to a room's document: persisted and
      // broadcast like a client's (SPEC.md rule 4; client updates are passed on by ClientUpdates).
      if (this.part === 'model') migrateOnLoad(this.doc, this.docName, this.log, (update) => this.#held!.accept(update, undefined, structRanges(update), SERVER_USER));
      ctx.persistence.noteLoaded(this.docName, loaded.log, this.#liveState);
      this.#gate =
        this.part === 'model'
          ? new UpdateGate(this.doc, MAP_NAMES, validateModelChange, { collections: ['storeys', 'elements', 'connections'], validate: validateModelFieldWrites }, owners)
          : new UpdateGate(this.doc, ['threads'], validateReviewChange, undefined, owners);
      this.#updates = new ClientUpdates({ docName: this.docName, part: this.part, doc: this.doc, connections: this.connections, metrics: ctx.metrics, limits: ctx.limits, events: ctx.events }, this.#gate, this.#held);
      if (this.part === 'model') this.doc.on('afterTransaction', this.#recordChanges);
      this.#state = 'ready';
      ctx.metrics.roomLoads.inc({ result: 'ok' });
      this.log.info(loaded.summary, 'room loaded');
      for (const conn of [...this.connections]) this.#start(conn);
      return true;
    } catch (error) {
      if (this.#state === 'destroyed') return false;
      this.#state = 'failed';
      ctx.metrics.roomLoads.inc({ result: 'error' });
      this.log.error({ err: error }, 'room failed to load; closing its connections with 4500');
      for (const conn of [...this.connections]) conn.close(CloseCode.ServerError, { detail: 'document failed to load' });
      return false;
    }
  }

  /**
   * Attributes what an accepted write changed (SPEC.md rule 24): a client's update to its
   * connection's user, a server edit to the user it was made for (`server:<user>`; `@server`
   * without one). Loads and migrations are not changes by anyone.
   */
  readonly #recordChanges = (transaction: Y.Transaction): void => {
    const { origin } = transaction;
    if (!(origin instanceof RemoteOrigin) || this.#state === 'destroyed') return;
    const peer = origin.peer ?? '';
    let user: string;
    if (peer.startsWith('server:')) {
      const who = peer.slice('server:'.length);
      user = who === 'app' || who === '' ? SERVER_USER : who;
    } else {
      user = [...this.connections].find((c) => c.id === peer)?.claims.sub ?? SERVER_USER;
    }
    const rows = changeRows(this.doc, transaction, this.docName, user, new Date());
    this.ctx.changes.record(rows);
    if (rows.length > 0) this.ctx.daily?.changed(this.docName, this.doc);
  };

  /** The live document for compaction (PersistenceQueue), while this room holds it. */
  #liveState: LiveState = () => ({
    state: Y.encodeStateAsUpdate(this.doc),
    schemaVersion: this.part === 'model' ? schemaVersionOf(this.doc) : 0,
    lineage: this.#lineage.current,
  });

  /**
   * Starts the y-websocket exchange, then replays what the client sent while the room loaded.
   * A rebased document's step 1 waits for the client's first message (its own step 1: a client
   * still on an ended lineage is asked for its changes instead; SPEC.md rule 21), unless the
   * client was answered from storage during the load (it has nothing, so it is on no lineage).
   */
  #start(conn: Connection): void {
    const { frames, answeredEarly } = conn.drainPreload();
    if (this.#lineage.current > 0 && !answeredEarly) conn.awaitStep1(FIRST_MESSAGE_WAIT_MS, () => this.#startSync(conn));
    else {
      conn.goLive();
      conn.send(encodeSyncStep1(this.doc));
    }
    const presence = this.presence.full();
    if (presence) conn.send(presence);
    for (const frame of frames) {
      if (conn.closed) break;
      this.#process(conn, frame);
    }
  }

  /** Sends the server's sync step 1 to a connection still waiting for it. */
  #startSync(conn: Connection): void {
    if (conn.sync.state !== 'awaiting-step1') return;
    conn.goLive();
    conn.send(encodeSyncStep1(this.doc));
  }

  #process(conn: Connection, frame: Uint8Array): void {
    const decoded = decodeFrame(frame);
    if (!decoded.ok) {
      countIn(this.ctx.metrics.traffic, 'invalid');
      conn.close(CloseCode.BadMessage, { detail: decoded.error });
      return;
    }
    const message = decoded.value;
    countIn(this.ctx.metrics.traffic, message.type === 'sync-update' ? `sync-${message.step}` : message.type);
    if (conn.sync.state === 'awaiting-step1') {
      if (message.type === 'sync-step1') {
        let stateVector: Map<number, number>;
        try {
          stateVector = Y.decodeStateVector(message.stateVector);
        } catch (error) {
          conn.close(CloseCode.BadMessage, { detail: `malformed state vector: ${(error as Error).message}` });
          return;
        }
        const lineage = classifyClient(stateVector, this.#lineage);
        if (lineage.kind === 'ended') {
          EndedLineageClient.start(conn, lineage.lineage, this.#endedLineageRoom);
          return;
        }
      }
      this.#startSync(conn);
    }
    const sync = conn.sync;
    if (sync.state === 'ended-lineage') {
      sync.client.receive(message);
      return;
    }
    if (sync.state !== 'live') return;
    switch (message.type) {
      case 'sync-step1': {
        if (this.heldCount > 0) {
          // It would carry structs that may not reach anyone yet (SPEC.md rule 22): answered once released.
          this.#deferredSyncs.push({ conn, stateVector: message.stateVector.slice() });
          return;
        }
        this.#replies.answer(conn, message.stateVector);
        return;
      }
      case 'sync-update':
        this.#updates!.receive(conn, message.update.slice());
        return;
      case 'awareness':
      case 'query-awareness':
        this.presence.process(conn, message);
        return;
    }
  }

  /** Nothing is held any more (SPEC.md rule 22): answers the sync step 1s and catch-ups that waited. */
  readonly #answerDeferred = (): void => {
    for (const { conn, stateVector } of this.#deferredSyncs.splice(0)) if (!conn.closed) this.#replies.answer(conn, stateVector);
    this.#broadcaster.releaseCatchUps();
  };

  /** An accepted update whose client-id bounds are written: persisted, and broadcast on the next flush. */
  readonly #release = (update: Uint8Array, sender: string | undefined): void => {
    this.ctx.persistence.enqueue(this.docName, update);
    this.#broadcaster.update(update, sender);
  };

  #remove(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    // What it wrote never goes further than the document has now: lower its clients' bounds.
    if (conn.clients.size > 0) this.tightenClaims(conn.clients);
    if (this.#state !== 'destroyed') this.presence.removeStatesOf(conn);
  }
}

/**
 * How long a rebased document waits for a new connection's first message before sending its
 * sync step 1 anyway (the stock provider sends its own step 1 first, at once; SPEC.md rule 21).
 */
const FIRST_MESSAGE_WAIT_MS = 2_000;
