/**
 * A room's fan-out (SPEC.md rules 4, 10 and 17): accepted updates and awareness changes go out
 * together once per event-loop turn, at most once per `broadcastWindowMs`, and a client that
 * stops keeping up is sent what it missed in one update once it has caught up.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Connection } from './Connection';
import { encodeAwareness, encodeSyncUpdate } from './frames';
import type { CollabMetrics } from './metrics';
import type { RoomAwareness } from './RoomAwareness';

/** What the broadcaster reads from its room. */
export interface BroadcastRoom {
  readonly doc: Y.Doc;
  readonly presence: RoomAwareness;
  readonly connections: ReadonlySet<Connection>;
  /** False while loading and once destroyed: no catch-up is sent then. */
  ready(): boolean;
  /**
   * True while accepted updates are held for their client-id bounds (SPEC.md rule 22): the
   * document holds structs that may not reach anyone yet, so catch-ups wait for
   * {@link Broadcaster.releaseCatchUps}.
   */
  holding(): boolean;
}

/** Tuning of a {@link Broadcaster}. */
export interface BroadcastOptions {
  /** Shortest time between two broadcasts, ms (options.ts `broadcastWindowMs`). */
  windowMs: number;
  /** Bytes waiting for a client beyond which it is behind (options.ts `broadcastHighWaterBytes`). */
  highWaterBytes: number;
  metrics: CollabMetrics;
}

/** Batches and sends a room's broadcasts. */
export class Broadcaster {
  /** Accepted updates not yet sent to the other connections, with the connection that wrote each. */
  readonly #outbox: { update: Uint8Array; sender: string | undefined }[] = [];
  /** Awareness client ids changed since the last flush. */
  readonly #awarenessOut = new Set<number>();
  /** The pending broadcast: an immediate (quiet room) or a timer (inside the window). */
  #flushHandle: { cancel(): void } | undefined;
  /** When the last broadcast went out (performance.now()). */
  #lastFlushAt = -Infinity;
  /** Clients that caught up while something was held: sent what they missed once nothing is. */
  readonly #deferredCatchUps = new Set<Connection>();
  #stopped = false;

  constructor(
    private readonly room: BroadcastRoom,
    private readonly options: BroadcastOptions,
  ) {}

  /** Sends `update` (written by connection `sender`, or by the server) with the next broadcast. */
  update(update: Uint8Array, sender: string | undefined): void {
    this.#outbox.push({ update, sender });
    this.#schedule();
  }

  /** Sends the current awareness state of `ids` with the next broadcast. */
  awareness(ids: Iterable<number>): void {
    for (const id of ids) this.#awarenessOut.add(id);
    this.#schedule();
  }

  /** Sends what is waiting for the next broadcast now. */
  flushNow(): void {
    this.#flushHandle?.cancel();
    this.#flush();
  }

  /** Nothing is held any more: sends the catch-ups that waited for it. */
  releaseCatchUps(): void {
    const catchUps = [...this.#deferredCatchUps];
    this.#deferredCatchUps.clear();
    for (const conn of catchUps) this.#catchUp(conn);
  }

  /** No more broadcasts (the room is destroyed). */
  stop(): void {
    this.#stopped = true;
    this.#flushHandle?.cancel();
    this.#flushHandle = undefined;
  }

  /** The next broadcast: right after this turn's reads, but not sooner than one window after the last. */
  #schedule(): void {
    if (this.#flushHandle) return;
    const wait = this.#lastFlushAt + this.options.windowMs - performance.now();
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
    if (this.#stopped) return;
    this.#lastFlushAt = performance.now();
    const batch = this.#outbox.splice(0);
    if (batch.length > 0) {
      const frame = encodeSyncUpdate(batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((b) => b.update)));
      const soleAuthor = batch.every((b) => b.sender === batch[0]!.sender) ? batch[0]!.sender : undefined;
      // Not to a client on an ended lineage: nothing of the current one applies to its copy.
      // Not to a client that is behind: it gets what it missed in one update once it caught up.
      for (const conn of this.room.connections) {
        if (conn.id === soleAuthor || conn.sync.state === 'ended-lineage' || conn.backlog) continue;
        conn.send(frame);
        this.#watchBacklog(conn);
      }
    }
    if (this.#awarenessOut.size > 0) {
      const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.room.presence.awareness, [...this.#awarenessOut]));
      this.#awarenessOut.clear();
      for (const conn of this.room.connections) if (!conn.backlog) conn.send(frame);
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
    if (conn.closed || conn.backlog || conn.ws.bufferedAmount <= this.options.highWaterBytes) return;
    conn.backlog = { from: Y.encodeStateVector(this.room.doc) };
    this.options.metrics.backlogs.inc();
    conn.log.debug({ bufferedBytes: conn.ws.bufferedAmount }, 'client is behind; holding broadcasts back until it catches up');
    conn.whenDrained(() => this.#catchUp(conn));
  }

  /** A client that was behind has taken its backlog: sends it what it missed (SPEC.md rule 10). */
  #catchUp(conn: Connection): void {
    if (conn.closed || !conn.backlog || !this.room.ready()) return;
    if (this.room.holding()) {
      this.#deferredCatchUps.add(conn);
      return;
    }
    const { from } = conn.backlog;
    conn.backlog = undefined;
    conn.send(encodeSyncUpdate(Y.encodeStateAsUpdate(this.room.doc, from)));
    const full = this.room.presence.full();
    if (full) conn.send(full);
    this.#watchBacklog(conn);
  }
}
