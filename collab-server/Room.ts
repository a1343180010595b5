/**
 * One loaded document and its connections: load-before-sync, the y-websocket message flow,
 * read-only enforcement, validated merges, fan-out, awareness (SPEC.md rules 2-8).
 */
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { FIRST_LINEAGE, type DocumentStore, type EndedLineage, type LineageInfo, type RebaseResult } from '@/lib/db/documentStore';
import { applyDocEdits, getMaps, MAP_NAMES, migrateDoc, ORIGIN, RemoteOrigin } from '@/lib/doc';
import { mergeInRuns, schemaVersionOf } from '@/lib/doc/updates';
import { CloseCode, SyncMessageType, type DocPart } from '@/lib/protocol';
import { stampAwareness } from './awarenessGuard';
import type { ClientClaims } from './ClientClaims';
import { ClientOwners, SERVER_USER, type ClaimNeed, type ClientRange, type OwnershipLimits } from './clientOwners';
import { Connection } from './Connection';
import { decodeFrame, encodeAwareness, encodeSync, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, type ClientFrame } from './frames';
import { isNoOpUpdate } from './isNoOpUpdate';
import { classifyClient, editsOfEndedLineageClient, MalformedClientUpdate, rebaseDue, rebaseState, type RebasePolicy } from './lineage';
import { countIn, type CollabMetrics } from './metrics';
import type { CollabLimits } from './options';
import type { LiveState, PersistenceQueue } from './PersistenceQueue';
import { settleBy, withDeadline } from './time';
import { structRanges, UpdateGate, type GateResult } from './UpdateGate';
import { validateModelChange, validateModelFieldWrites, validateReviewChange } from './validateChange';

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
  /** Reports an update refused by validation (tests and audit listen to it). */
  onRejected(event: { doc: string; socketId: string; issues: { path: string; message: string }[] }): void;
  /** When idle model documents are rebased (SPEC.md rule 20). */
  rebase: RebasePolicy;
  /** Writes the client-id bounds of every room (SPEC.md rule 22). */
  claims: ClientClaims;
  /** Limits of client-id ownership (SPEC.md rule 22). */
  ownership: OwnershipLimits;
  /** Reports an update refused because it writes another user's client id (tests and audit listen to it). */
  onRefused(event: { doc: string; socketId: string; user: string; owner: string; client: number; from: number; to: number }): void;
}

type RoomState = 'loading' | 'ready' | 'failed' | 'destroyed';

/** A document served to its connections. */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** Resolves true once loaded, false if the load failed (then every connection got 4500). */
  readonly loaded: Promise<boolean>;
  readonly log: Logger;
  #state: RoomState = 'loading';
  #gate: UpdateGate | undefined;
  /** The connection whose state each awareness client id currently shows (removed when it closes). */
  readonly #awarenessSetBy = new Map<number, Connection>();
  /**
   * The user each awareness client id belongs to: the user of the connection that first announced
   * it in this room, for as long as the room is loaded (SPEC.md rule 17). Kept when its state is
   * removed or its connection closes, so nobody can take a reconnecting user's id meanwhile.
   */
  readonly #awarenessUsers = new Map<number, string>();
  /** Accepted updates not yet sent to the other connections, with the connection that wrote each. */
  readonly #outbox: { update: Uint8Array; sender: string | undefined }[] = [];
  /** Who may write which client ids (SPEC.md rule 22); set once loaded. */
  #owners: ClientOwners | undefined;
  /**
   * Accepted updates that go past a client's written bound (SPEC.md rule 22): applied to the
   * document, but neither persisted nor broadcast until the bound is written; in order per
   * client and per sender.
   */
  readonly #held: HeldUpdate[] = [];
  /** Sync step 1s answered once nothing is held (a step 2 holds the whole document, held structs too). */
  readonly #deferredSyncs: { conn: Connection; stateVector: Uint8Array }[] = [];
  /** Clients that caught up while something was held: sent what they missed once nothing is. */
  readonly #deferredCatchUps = new Set<Connection>();
  /** Awareness client ids changed since the last flush. */
  readonly #awarenessOut = new Set<number>();
  /** The pending broadcast: an immediate (quiet room) or a timer (inside the window). */
  #flushHandle: { cancel(): void } | undefined;
  /** When the last broadcast went out (performance.now()). */
  #lastFlushAt = -Infinity;
  /**
   * The last sync step 2 sent and the state vector it answered, until the document next changes:
   * clients that join together ask alike (an empty state vector, or after a restart the same
   * one), and each answer is an encode of the whole document otherwise.
   */
  #lastReply: { stateVector: Uint8Array; reply: Uint8Array } | undefined;
  readonly #forgetReply = (): void => {
    this.#lastReply = undefined;
  };
  /** The document's lineages as loaded (SPEC.md rules 20-21). */
  #lineage: LineageInfo = FIRST_LINEAGE;
  /** Final states of ended lineages, read once per room when a client on one of them connects. */
  readonly #endedStates = new Map<number, Promise<Uint8Array>>();
  /** Connections answered from storage while the room loaded (they have their step 2 already). */
  readonly #servedEarly = new WeakSet<Connection>();

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
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.#onAwareness);
    // Every change, whatever its path (client, load, migration), ends a transaction.
    this.doc.on('afterTransaction', this.#forgetReply);
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
    if (this.#state === 'loading') {
      conn.preloadBytes += frame.byteLength;
      if (conn.preloadBytes > this.ctx.limits.preloadBufferBytes) {
        conn.close(CloseCode.TooLarge, { detail: `more than ${this.ctx.limits.preloadBufferBytes} bytes sent while the document loads`, reject: 'preload_overflow' });
      } else conn.preload.push(frame);
    } else if (this.#state === 'ready') this.#process(conn, frame);
  }

  /** Sends what is waiting for the next turn's broadcast now. */
  flushBroadcasts(): void {
    this.#flushHandle?.cancel();
    this.#flush();
  }

  /** Frees the documents and timers. */
  destroy(): void {
    this.#state = 'destroyed';
    this.#flushHandle?.cancel();
    this.#flushHandle = undefined;
    this.ctx.persistence.detach(this.docName, this.#liveState);
    this.#gate?.destroy();
    this.awareness.off('update', this.#onAwareness);
    this.doc.off('afterTransaction', this.#forgetReply);
    this.awareness.destroy();
    this.doc.destroy();
  }

  async #load(): Promise<boolean> {
    try {
      const started = performance.now();
      const stored = await withDeadline(this.ctx.store.loadParts(this.docName), this.ctx.loadTimeoutMs, `loading ${this.docName}`);
      if (this.#state !== 'loading') return false;
      const read = performance.now();
      this.#lineage = stored.lineage;
      const [base, ...tail] = stored.parts;
      const early = base ? this.#takeFreshClients() : [];
      for (const conn of early) this.#servedEarly.add(conn);
      const written: Promise<void>[] = [];
      const sendEarly = (frame: Uint8Array) => {
        for (const conn of early) written.push(new Promise((resolve) => conn.send(frame, resolve)));
      };
      if (base && early.length > 0) sendEarly(encodeSync(SyncMessageType.Step2, base));
      // The log tail merged in runs (Y.mergeUpdates is superlinear in the number of updates).
      const tailRuns = mergeInRuns(tail, TAIL_RUN);
      if (early.length > 0) {
        for (const run of tailRuns) sendEarly(encodeSyncUpdate(run));
        await settleBy(written, Date.now() + EARLY_SYNC_WAIT_MS);
      }
      if (this.#state !== 'loading') return false;
      const served = performance.now();
      if (base) Y.applyUpdate(this.doc, base, ORIGIN.load);
      for (const run of tailRuns) Y.applyUpdate(this.doc, run, ORIGIN.load);
      const applied = performance.now();
      const lineage = stored.lineage;
      const serverClients = [this.doc.clientID, ...[lineage.baseClient, ...lineage.ended.map((e) => e.baseClient)].filter((c): c is number => c !== null)];
      this.#owners = new ClientOwners(stored.clients, lineage.current, this.ctx.ownership, serverClients);
      if (this.part === 'model' && getMaps(this.doc).meta.size > 0) {
        // The migration is the server's only own write to a room's document: persisted and
        // broadcast like a client's (SPEC.md rule 4; client updates are passed on by #settle).
        const written = (update: Uint8Array) => this.#accepted(update, undefined, structRanges(update), SERVER_USER);
        this.doc.on('update', written);
        try {
          const migrated = migrateDoc(this.doc);
          if (!migrated.ok) throw new Error(`migrating ${this.docName} failed: ${migrated.error.message}`);
          if (migrated.value.applied.length > 0) this.log.info({ migration: migrated.value }, 'migrated document on load');
        } finally {
          this.doc.off('update', written);
        }
      }
      const snapshotBytes = stored.updateCount < stored.parts.length ? (base?.byteLength ?? 0) : 0;
      const logBytes = stored.parts.reduce((n, p) => n + p.byteLength, 0) - snapshotBytes;
      this.ctx.persistence.noteLoaded(this.docName, { seq: stored.seq, updateCount: stored.updateCount, logBytes, snapshotBytes }, this.#liveState);
      this.#gate =
        this.part === 'model'
          ? new UpdateGate(this.doc, MAP_NAMES, validateModelChange, { collections: ['storeys', 'elements', 'connections'], validate: validateModelFieldWrites }, this.#owners)
          : new UpdateGate(this.doc, ['threads'], validateReviewChange, undefined, this.#owners);
      this.#state = 'ready';
      this.ctx.metrics.roomLoads.inc({ result: 'ok' });
      const ms = (a: number, b: number) => Math.round(b - a);
      this.log.info(
        { bytes: stored.parts.reduce((n, p) => n + p.byteLength, 0), parts: stored.parts.length, loggedUpdates: stored.updateCount, lineage: stored.lineage.current, earlySyncs: early.length, readMs: ms(started, read), earlySyncMs: ms(read, served), applyMs: ms(served, applied) },
        'room loaded',
      );
      for (const conn of [...this.connections]) this.#start(conn);
      return true;
    } catch (error) {
      if (this.#state === 'destroyed') return false;
      this.#state = 'failed';
      this.ctx.metrics.roomLoads.inc({ result: 'error' });
      this.log.error({ err: error }, 'room failed to load; closing its connections with 4500');
      for (const conn of [...this.connections]) conn.close(CloseCode.ServerError, { detail: 'document failed to load' });
      return false;
    }
  }

  /**
   * SPEC.md rule 3, first sync from storage: connections waiting for the load whose first frame
   * is a sync step 1 with an EMPTY state vector (a client with nothing yet: the common cold open)
   * are answered straight from the stored parts (step 2 with the first part, then the later
   * parts as updates), before the room applies them. The server's apply costs about as much as
   * the client's, so the two now run side by side instead of one after the other. Takes those
   * step 1 frames out of the connections' preload buffers and returns the connections.
   */
  #takeFreshClients(): Connection[] {
    const fresh = [...this.connections].filter((conn) => !conn.closed && isEmptyStep1(conn.preload[0]));
    for (const conn of fresh) {
      conn.preloadBytes -= conn.preload.shift()!.byteLength;
      countIn(this.ctx.metrics.traffic, 'sync-step1');
    }
    return fresh;
  }

  /** The live document for compaction (PersistenceQueue), while this room holds it. */
  #liveState: LiveState = () => ({
    state: Y.encodeStateAsUpdate(this.doc),
    schemaVersion: this.part === 'model' ? schemaVersionOf(this.doc) : 0,
    lineage: this.#lineage.current,
  });

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

  /**
   * Starts the y-websocket exchange, then replays what the client sent while the room loaded.
   * A rebased document's step 1 waits for the client's first message (its own step 1: a client
   * still on an ended lineage is asked for its changes instead; SPEC.md rule 21).
   */
  #start(conn: Connection): void {
    if (this.#lineage.current > 0 && !this.#servedEarly.has(conn)) {
      conn.syncStarted = false;
      const timer = setTimeout(() => this.#startSync(conn), FIRST_MESSAGE_WAIT_MS);
      conn.onClosed(() => clearTimeout(timer));
    } else conn.send(encodeSyncStep1(this.doc));
    if (this.awareness.getStates().size > 0) {
      conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
    }
    for (const frame of conn.preload.splice(0)) {
      if (conn.closed) break;
      this.#process(conn, frame);
    }
    conn.preloadBytes = 0;
  }

  /** Sends the server's sync step 1, if not yet sent. */
  #startSync(conn: Connection): void {
    if (conn.syncStarted || conn.closed) return;
    conn.syncStarted = true;
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
    if (!conn.syncStarted) {
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
          conn.syncStarted = true;
          this.#askEndedLineageClient(conn, lineage.lineage);
          return;
        }
      }
      this.#startSync(conn);
    }
    if (conn.endedLineage) {
      this.#processEndedLineage(conn, message);
      return;
    }
    switch (message.type) {
      case 'sync-step1': {
        if (this.#held.length > 0) {
          // It would carry structs that may not reach anyone yet (SPEC.md rule 22): answered once released.
          this.#deferredSyncs.push({ conn, stateVector: message.stateVector.slice() });
          return;
        }
        this.#answerSync(conn, message.stateVector);
        return;
      }
      case 'sync-update':
        this.#receiveUpdate(conn, message.update.slice());
        return;
      case 'awareness':
      case 'query-awareness':
        this.#processPresence(conn, message);
        return;
    }
  }

  /** Answers a sync step 1 with the step 2 for its state vector (reused while the document is unchanged). */
  #answerSync(conn: Connection, stateVector: Uint8Array): void {
    const last = this.#lastReply;
    if (last && sameBytes(last.stateVector, stateVector)) {
      this.ctx.metrics.syncReplies.inc({ reply: 'reused' });
      conn.send(last.reply);
      return;
    }
    let reply: Uint8Array;
    try {
      reply = encodeSyncStep2(this.doc, stateVector);
    } catch (error) {
      conn.close(CloseCode.BadMessage, { detail: `malformed state vector: ${(error as Error).message}` });
      return;
    }
    this.ctx.metrics.syncReplies.inc({ reply: 'encoded' });
    this.#lastReply = { stateVector: stateVector.slice(), reply };
    conn.send(reply);
  }

  #processPresence(conn: Connection, message: Extract<ClientFrame, { type: 'awareness' | 'query-awareness' }>): void {
    if (message.type === 'query-awareness') {
      conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
      return;
    }
    const stamped = stampAwareness(message.update, conn.claims, this.#awarenessOwnerOf);
    if (!stamped.ok) {
      conn.close(CloseCode.BadMessage, { detail: stamped.error });
      return;
    }
    if (stamped.dropped > 0) this.ctx.metrics.awarenessDropped.inc(stamped.dropped);
    if (stamped.update === null) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped.update, conn);
    } catch (error) {
      conn.close(CloseCode.BadMessage, { detail: `malformed awareness update: ${(error as Error).message}` });
    }
  }

  /** SPEC.md rules 2 and 4-6: read-only check, then the gate; updates waiting for dependencies are held. */
  #receiveUpdate(conn: Connection, update: Uint8Array): void {
    if (!conn.canWrite) {
      this.ctx.metrics.readOnlyDropped.inc({ part: this.part });
      let noOp: boolean;
      try {
        noOp = isNoOpUpdate(update, this.doc);
      } catch (error) {
        conn.close(CloseCode.BadMessage, { detail: `malformed update: ${(error as Error).message}` });
        return;
      }
      if (!noOp) conn.close(CloseCode.Forbidden, { detail: `role ${conn.claims.role} may not write the ${this.part} document`, reject: 'read_only', reason: 'read-only' });
      return;
    }
    let combined = update;
    if (conn.pending) {
      try {
        combined = Y.mergeUpdates([conn.pending, update]);
      } catch (error) {
        conn.close(CloseCode.BadMessage, { detail: `malformed update: ${(error as Error).message}` });
        return;
      }
    }
    if (this.#settle(conn, combined)) this.#retryPending();
  }

  /** Runs one update through the gate and acts on the result; true if it was merged. */
  #settle(conn: Connection, update: Uint8Array): boolean {
    const started = performance.now();
    const result: GateResult = this.#gate!.apply(update, new RemoteOrigin(conn.id), conn.claims.sub);
    this.ctx.metrics.updateApplySeconds.observe(result.kind === 'applied' || result.kind === 'invalid' ? result.via : 'other', (performance.now() - started) / 1000);
    switch (result.kind) {
      case 'applied':
      case 'noop':
        conn.pending = undefined;
        // The update as received, not as the live doc's 'update' event would re-encode it (no
        // listener: Yjs then skips that encode): everything in it was valid, and anything in it the
        // doc already had is a no-op for every receiver.
        if (result.kind === 'applied') {
          for (const range of result.ranges) conn.clients.add(range.client);
          this.#accepted(update, conn.id, result.ranges, conn.claims.sub);
        }
        if (result.kind === 'applied' && result.mergeInvalid.length > 0) {
          this.ctx.metrics.mergeInvalidRecords.inc(result.mergeInvalid.length);
          conn.log.warn({ records: result.mergeInvalid }, 'accepted an update whose merge leaves records failing a cross-field rule');
        }
        return result.kind === 'applied';
      case 'pending':
        conn.pending = update;
        if (update.byteLength > this.ctx.limits.pendingUpdateBytes) {
          conn.close(CloseCode.TooLarge, { detail: `more than ${this.ctx.limits.pendingUpdateBytes} bytes of updates with missing dependencies`, reject: 'pending_overflow' });
        } else conn.log.debug({ bytes: update.byteLength }, 'holding an update until its dependencies arrive');
        return false;
      case 'invalid':
        conn.log.warn({ issues: result.issues }, 'rejected an invalid update');
        this.ctx.onRejected({ doc: this.docName, socketId: conn.id, issues: result.issues });
        conn.close(CloseCode.BadMessage, { detail: 'invalid update', reject: 'invalid_update', reason: 'invalid update' });
        return false;
      case 'malformed':
        conn.close(CloseCode.BadMessage, { detail: `malformed update: ${(result.error as Error)?.message ?? String(result.error)}` });
        return false;
      case 'refused': {
        const { refusal } = result;
        if (refusal.code === 'implausible') {
          conn.close(CloseCode.BadMessage, { detail: refusal.message, reject: 'implausible_clock', reason: 'implausible clock range' });
          return false;
        }
        conn.log.warn({ user: conn.claims.sub, owner: refusal.owner, client: refusal.client, from: refusal.from, to: refusal.to }, 'refused an update writing another user\'s client id');
        this.ctx.onRefused({ doc: this.docName, socketId: conn.id, user: conn.claims.sub, owner: refusal.owner, client: refusal.client, from: refusal.from, to: refusal.to });
        conn.close(CloseCode.Forbidden, { detail: refusal.message, reject: 'not_owner', reason: 'client id of another user' });
        return false;
      }
    }
  }

  /** After a merge, held updates of any connection may have become complete: retry them. */
  #retryPending(): void {
    for (let progress = true; progress; ) {
      progress = false;
      for (const conn of this.connections) {
        if (!conn.closed && conn.pending && this.#settle(conn, conn.pending)) progress = true;
      }
    }
  }

  /**
   * An update merged into the live doc (a client's, or the server's own): its client ids are
   * bound (SPEC.md rule 22); then it is persisted and fanned out on the next flush, once the
   * bounds it goes past are written (until then it is held).
   */
  #accepted(update: Uint8Array, sender: string | undefined, ranges: readonly ClientRange[], user: string): void {
    const owners = this.#owners!;
    const needs = owners.accept(ranges, user);
    const keys: (number | string)[] = ranges.map((r) => r.client);
    if (sender !== undefined) keys.push(sender);
    if (needs.length === 0 && !this.#blocks(keys)) {
      this.#release(update, sender);
      return;
    }
    this.#held.push({ update, sender, needs, keys });
    if (owners.due) this.ctx.claims.schedule(this.docName, owners, this.#releaseHeld);
  }

  /** Whether a held update shares a client or sender with `keys` (those stay in order). */
  #blocks(keys: readonly (number | string)[]): boolean {
    return this.#held.some((h) => h.keys.some((k) => keys.includes(k)));
  }

  #release(update: Uint8Array, sender: string | undefined): void {
    this.ctx.persistence.enqueue(this.docName, update);
    this.#outbox.push({ update, sender });
    this.#scheduleFlush();
  }

  /** Bounds were written: releases the held updates whose needs are met, in order per client and sender. */
  readonly #releaseHeld = (): void => {
    if (this.#state === 'destroyed' || this.#held.length === 0) return;
    const owners = this.#owners!;
    const blocked = new Set<number | string>();
    const kept: HeldUpdate[] = [];
    for (const entry of this.#held) {
      if (owners.satisfied(entry.needs) && !entry.keys.some((k) => blocked.has(k))) this.#release(entry.update, entry.sender);
      else {
        kept.push(entry);
        for (const k of entry.keys) blocked.add(k);
      }
    }
    this.#held.splice(0, this.#held.length, ...kept);
    if (this.#held.length > 0) {
      if (owners.due) this.ctx.claims.schedule(this.docName, owners, this.#releaseHeld);
      return;
    }
    for (const { conn, stateVector } of this.#deferredSyncs.splice(0)) if (!conn.closed) this.#answerSync(conn, stateVector);
    const catchUps = [...this.#deferredCatchUps];
    this.#deferredCatchUps.clear();
    for (const conn of catchUps) this.#catchUp(conn);
  };

  /** Accepted updates held until their clients' bounds are written (SPEC.md rule 22). */
  get heldCount(): number {
    return this.#held.length;
  }

  /**
   * Lowers the bounds of `clients` (default: all) to what the document has (SPEC.md rule 22) and
   * has them written: no struct beyond ever reached anyone.
   */
  tightenClaims(clients?: Iterable<number>): void {
    const owners = this.#owners;
    if (!owners || this.#state !== 'ready') return;
    owners.tighten((client) => Y.getState(this.doc.store, client), clients);
    if (owners.due) this.ctx.claims.schedule(this.docName, owners, this.#releaseHeld);
  }

  /**
   * The user an awareness client id belongs to (SPEC.md rule 17): its first announcer in this
   * room, else the owner of the same Yjs client id in the document (the stock provider uses one
   * id for both), else nobody yet.
   */
  readonly #awarenessOwnerOf = (clientId: number): string | undefined => this.#awarenessUsers.get(clientId) ?? this.#owners?.ownerOf(clientId);

  /** Awareness changed: track which connection (and user) holds which client ids; fan out on the next flush. */
  #onAwareness = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const conn = origin instanceof Connection && this.connections.has(origin) ? origin : undefined;
    if (conn) {
      for (const id of [...change.added, ...change.updated]) {
        const previous = this.#awarenessSetBy.get(id);
        if (previous && previous !== conn) previous.awarenessIds.delete(id);
        this.#awarenessSetBy.set(id, conn);
        if (!this.#awarenessUsers.has(id)) this.#awarenessUsers.set(id, conn.claims.sub);
        conn.awarenessIds.add(id);
      }
    }
    for (const id of change.removed) {
      this.#awarenessSetBy.get(id)?.awarenessIds.delete(id);
      this.#awarenessSetBy.delete(id);
      // The id stays bound to its user: the stock provider announces a removal on every
      // disconnect, and it comes back with the same id.
    }
    for (const id of change.added) this.#awarenessOut.add(id);
    for (const id of change.updated) this.#awarenessOut.add(id);
    for (const id of change.removed) this.#awarenessOut.add(id);
    this.#scheduleFlush();
  };

  /** The next broadcast: right after this turn's reads, but not sooner than one window after the last. */
  #scheduleFlush(): void {
    if (this.#flushHandle) return;
    const wait = this.#lastFlushAt + this.ctx.broadcastWindowMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(this.#flush);
      this.#flushHandle = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(this.#flush, wait);
      this.#flushHandle = { cancel: () => clearTimeout(timer) };
    }
  }

  /**
   * SPEC.md rules 4 and 17: what changed during one event-loop turn goes out together, right after the
   * turn's socket reads (setImmediate: no added delay when idle; under load, one merged update
   * per turn instead of one frame per update per connection). Updates are not echoed to a
   * connection that wrote all of them; awareness is sent to everyone, the sender included (the
   * stock provider reconnects after 30 s without any message).
   */
  #flush = (): void => {
    this.#flushHandle = undefined;
    if (this.#state === 'destroyed') return;
    this.#lastFlushAt = performance.now();
    const batch = this.#outbox.splice(0);
    if (batch.length > 0) {
      const frame = encodeSyncUpdate(batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((b) => b.update)));
      const soleAuthor = batch.every((b) => b.sender === batch[0]!.sender) ? batch[0]!.sender : undefined;
      // Not to a client on an ended lineage: nothing of the current one applies to its copy.
      // Not to a client that is behind: it gets what it missed in one update once it caught up.
      for (const conn of this.connections) {
        if (conn.id === soleAuthor || conn.endedLineage || conn.backlog) continue;
        conn.send(frame);
        this.#watchBacklog(conn);
      }
    }
    if (this.#awarenessOut.size > 0) {
      const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.#awarenessOut]));
      this.#awarenessOut.clear();
      for (const conn of this.connections) if (!conn.backlog) conn.send(frame);
    }
  };

  /**
   * SPEC.md rule 10: once more than `broadcastHighWaterBytes` wait for a client, it is behind: the
   * server stops queueing broadcasts for it (each queued frame costs memory and a socket write,
   * per slow client) and remembers only the document's state vector. When its backlog has left,
   * it gets everything since then as one update from the live document (overwritten values as
   * tombstones: far less than the updates it missed), and presence in full.
   */
  #watchBacklog(conn: Connection): void {
    if (conn.closed || conn.backlog || conn.ws.bufferedAmount <= this.ctx.limits.broadcastHighWaterBytes) return;
    conn.backlog = { from: Y.encodeStateVector(this.doc) };
    this.ctx.metrics.backlogs.inc();
    conn.log.debug({ bufferedBytes: conn.ws.bufferedAmount }, 'client is behind; holding broadcasts back until it catches up');
    conn.whenDrained(() => this.#catchUp(conn));
  }

  /** A client that was behind has taken its backlog: sends it what it missed (SPEC.md rule 10). */
  #catchUp(conn: Connection): void {
    if (conn.closed || !conn.backlog || this.#state !== 'ready') return;
    if (this.#held.length > 0) {
      // The document holds structs that may not reach anyone yet (rule 22): after their release.
      this.#deferredCatchUps.add(conn);
      return;
    }
    const { from } = conn.backlog;
    conn.backlog = undefined;
    conn.send(encodeSyncUpdate(Y.encodeStateAsUpdate(this.doc, from)));
    if (this.awareness.getStates().size > 0) {
      conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
    }
    this.#watchBacklog(conn);
  }

  /**
   * SPEC.md rule 21: the client holds a copy of an ended lineage. A read-only client is told to
   * reload at once (4409; it could not have changed anything). A writer is asked, with a sync
   * step 1 carrying the ended lineage's final state vector, for exactly what it has beyond that
   * state: its unsent edits. They are carried over once its answer arrives.
   */
  #askEndedLineageClient(conn: Connection, lineage: EndedLineage): void {
    if (!conn.canWrite) {
      this.ctx.metrics.endedLineageClients.inc({ result: 'read_only' });
      conn.close(CloseCode.DocumentReplaced, { detail: `holds ended lineage ${lineage.lineage} (current ${this.#lineage.current}); read-only, nothing to carry over` });
      return;
    }
    conn.endedLineage = { lineage, updates: [], carrying: false };
    conn.log.info({ lineage: lineage.lineage, current: this.#lineage.current }, 'client holds an ended lineage; asking for its changes');
    conn.send(encodeSync(SyncMessageType.Step1, lineage.finalStateVector));
  }

  /** A message of a client on an ended lineage: its updates are collected, nothing of it is merged as such. */
  #processEndedLineage(conn: Connection, message: ClientFrame): void {
    const state = conn.endedLineage!;
    switch (message.type) {
      case 'sync-update': {
        if (state.carrying) return; // closing: what it sends now went into its copy after its answer
        state.updates.push(message.update.slice());
        const bytes = state.updates.reduce((n, u) => n + u.byteLength, 0);
        if (bytes > this.ctx.limits.pendingUpdateBytes) {
          conn.close(CloseCode.TooLarge, { detail: `more than ${this.ctx.limits.pendingUpdateBytes} bytes of changes on an ended lineage`, reject: 'pending_overflow' });
          return;
        }
        // Its answer to our step 1 holds everything it has beyond the lineage's final state.
        if (message.step === 'step2') {
          state.carrying = true;
          void this.#carryOver(conn);
        }
        return;
      }
      case 'awareness':
      case 'query-awareness':
        // Presence works as for anyone (the client shows as connected while its edits move over).
        this.#processPresence(conn, message);
        return;
      case 'sync-step1':
        return; // already answered with our own question
    }
  }

  /**
   * Carries the edits of a client on an ended lineage over to the current one: its updates
   * merged into the lineage's final state, compared field by field with that state, and written
   * onto the live document through the gate (validated like any client update), persisted and
   * broadcast; then the client is told to reload (4409). Invalid edits close it with 4400 like
   * an invalid update (its copy is kept: nothing is discarded for it).
   */
  async #carryOver(conn: Connection): Promise<void> {
    const state = conn.endedLineage!;
    const ended = state.lineage.lineage;
    try {
      const finalState = await this.#endedState(ended);
      if (conn.closed || this.#state !== 'ready') return;
      const { edits, incomplete } = editsOfEndedLineageClient(finalState, state.updates);
      if (incomplete) conn.log.warn({ lineage: ended }, 'changes of an ended-lineage client depend on structs neither it nor the lineage holds; those are left out');
      const result = edits.length === 0 ? ({ kind: 'noop' } as const) : this.#gate!.write((doc) => applyDocEdits(doc, edits), new RemoteOrigin(conn.id));
      if (result.kind === 'invalid') {
        this.ctx.metrics.endedLineageClients.inc({ result: 'invalid' });
        conn.log.warn({ issues: result.issues }, 'rejected the changes of an ended-lineage client');
        this.ctx.onRejected({ doc: this.docName, socketId: conn.id, issues: result.issues });
        conn.close(CloseCode.BadMessage, { detail: 'invalid update', reject: 'invalid_update', reason: 'invalid update' });
        return;
      }
      if (result.kind === 'applied') {
        this.#accepted(result.update, undefined, result.ranges, SERVER_USER);
        if (result.mergeInvalid.length > 0) this.ctx.metrics.mergeInvalidRecords.inc(result.mergeInvalid.length);
      }
      this.ctx.metrics.endedLineageClients.inc({ result: result.kind === 'applied' ? 'carried' : 'unchanged' });
      conn.log.info({ lineage: ended, current: this.#lineage.current, edits: edits.length }, 'carried the changes of an ended-lineage client over');
      conn.close(CloseCode.DocumentReplaced, { detail: `held ended lineage ${ended}; ${edits.length} edit(s) carried over` });
    } catch (error) {
      if (error instanceof MalformedClientUpdate) {
        this.ctx.metrics.endedLineageClients.inc({ result: 'invalid' });
        conn.close(CloseCode.BadMessage, { detail: error.message });
        return;
      }
      this.ctx.metrics.endedLineageClients.inc({ result: 'error' });
      conn.log.error({ err: error, lineage: ended }, 'carrying over the changes of an ended-lineage client failed');
      conn.close(CloseCode.ServerError, { detail: 'could not carry the changes over' });
    }
  }

  /** The final state of an ended lineage (read once per room). */
  #endedState(lineage: number): Promise<Uint8Array> {
    let state = this.#endedStates.get(lineage);
    if (!state) {
      state = withDeadline(this.ctx.store.loadLineageState(this.docName, lineage), this.ctx.loadTimeoutMs, `loading lineage ${lineage} of ${this.docName}`).then((s) => {
        if (!s) throw new Error(`the final state of lineage ${lineage} of ${this.docName} is missing`);
        return s;
      });
      state.catch(() => this.#endedStates.delete(lineage));
      this.#endedStates.set(lineage, state);
    }
    return state;
  }

  #remove(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    // What it wrote never goes further than the document has now: lower its clients' bounds.
    if (conn.clients.size > 0) this.tightenClaims(conn.clients);
    const owned = [...conn.awarenessIds].filter((id) => this.#awarenessSetBy.get(id) === conn);
    if (owned.length > 0 && this.#state !== 'destroyed') awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }
}

/** An accepted update waiting for its clients' bounds to be written (SPEC.md rule 22). */
interface HeldUpdate {
  update: Uint8Array;
  sender: string | undefined;
  /** Bounds it needs written. */
  needs: ClaimNeed[];
  /** Its clients and sender: a later update sharing one waits behind it. */
  keys: (number | string)[];
}

/** Log updates merged per run when a room loads (merging is superlinear in the run's length). */
const TAIL_RUN = 500;
/** Longest wait for early first syncs to leave (the apply then blocks the process) before the room applies its parts. */
const EARLY_SYNC_WAIT_MS = 1_000;
/**
 * How long a rebased document waits for a new connection's first message before sending its
 * sync step 1 anyway (the stock provider sends its own step 1 first, at once; SPEC.md rule 21).
 */
const FIRST_MESSAGE_WAIT_MS = 2_000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True if `frame` is a sync step 1 whose state vector is empty (the client has nothing). */
function isEmptyStep1(frame: Uint8Array | undefined): boolean {
  if (frame === undefined) return false;
  const decoded = decodeFrame(frame);
  if (!decoded.ok || decoded.value.type !== 'sync-step1') return false;
  try {
    return Y.decodeStateVector(decoded.value.stateVector).size === 0;
  } catch {
    return false;
  }
}
