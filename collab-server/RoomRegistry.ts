/**
 * The rooms of one server: created (and loaded) on the first connection to a document, dropped
 * when their load fails, flushed and unloaded after a grace period without connections, and
 * rebased on the way out when their history makes them slow to load (SPEC.md rules 3, 15, 20).
 */
import type { DocPart } from '@/lib/protocol';
import type { Connection } from './Connection';
import { Room, type RoomContext } from './Room';

/** Rooms by document name; their lifecycle is reported on the server's events (`room-*`). */
export class RoomRegistry {
  readonly #rooms = new Map<string, Room>();
  readonly #unloadTimers = new Map<Room, NodeJS.Timeout>();
  /** Rebases in progress: a room created for the document meanwhile loads once it settles. */
  readonly #rebasing = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: RoomContext,
    private readonly graceMs: number,
  ) {}

  get size(): number {
    return this.#rooms.size;
  }

  has(docName: string): boolean {
    return this.#rooms.has(docName);
  }

  get(docName: string): Room | undefined {
    return this.#rooms.get(docName);
  }

  /** Puts `conn` in the room of its document, creating and loading the room if needed. */
  join(conn: Connection): Room {
    let room = this.#rooms.get(conn.docName);
    if (!room) room = this.#create(conn.docName, conn.part);
    this.#cancelUnload(room);
    room.add(conn);
    conn.onClosed(() => {
      if (room.connections.size === 0 && this.#rooms.get(room.docName) === room) this.#scheduleUnload(room);
    });
    return room;
  }

  /**
   * The room of `docName` for a write of the server's own (SPEC.md rule 23), created and loaded as
   * for a connection if needed. A room nobody connects to is unloaded after the grace period like
   * any idle room; the write restarts that period (so it does not unload right under it).
   */
  open(docName: string, part: DocPart): Room {
    let room = this.#rooms.get(docName);
    if (!room) room = this.#create(docName, part);
    if (room.connections.size === 0 && this.#unloadTimers.has(room)) {
      this.#cancelUnload(room);
      this.#scheduleUnload(room);
    }
    return room;
  }

  /** Settles when every load in progress has finished (either way). */
  async settleLoads(): Promise<void> {
    await Promise.allSettled([...this.#rooms.values()].map((r) => r.loaded));
  }

  /** Settles when every rebase in progress has finished (either way). */
  async settleRebases(): Promise<void> {
    await Promise.allSettled([...this.#rebasing.values()]);
  }

  /** Per room with updates held for their client-id bounds (SPEC.md rule 22), how many. */
  held(): Map<string, number> {
    const held = new Map<string, number>();
    for (const room of this.#rooms.values()) if (room.heldCount > 0) held.set(room.docName, room.heldCount);
    return held;
  }

  /** Lowers every room's client-id bounds to what its document has (the server is stopping). */
  tightenClaims(): void {
    for (const room of this.#rooms.values()) room.tightenClaims();
  }

  /** Sends every room's pending broadcasts now (before the server closes the connections). */
  flushBroadcasts(): void {
    for (const room of this.#rooms.values()) room.flushBroadcasts();
  }

  /** Destroys every room (after the server flushed them). */
  destroyAll(): void {
    for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
    this.#unloadTimers.clear();
    for (const room of this.#rooms.values()) room.destroy();
    this.#rooms.clear();
    this.ctx.metrics.rooms.set(0);
  }

  #create(docName: string, part: DocPart): Room {
    const room = new Room(docName, part, this.ctx, this.#rebasing.get(docName));
    this.#rooms.set(docName, room);
    this.ctx.metrics.rooms.set(this.#rooms.size);
    void room.loaded.then((ok) => {
      if (this.#rooms.get(docName) !== room) return;
      if (ok) {
        this.ctx.events.emit('room-loaded', docName);
        if (room.connections.size === 0) this.#scheduleUnload(room);
      } else {
        // A failed load never becomes an empty document: the room goes, the next connection retries.
        this.#drop(room);
        this.ctx.events.emit('room-failed', docName);
      }
    });
    return room;
  }

  #scheduleUnload(room: Room): void {
    if (room.state !== 'ready' || this.#unloadTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(room);
      void this.#unloadOrRebase(room);
    }, this.graceMs);
    this.#unloadTimers.set(room, timer);
  }

  #cancelUnload(room: Room): void {
    clearTimeout(this.#unloadTimers.get(room));
    this.#unloadTimers.delete(room);
  }

  /**
   * Writes what the room still has pending; if it is still idle and fully written, rebases it
   * when its history is due for one (SPEC.md rule 20), else unloads it.
   */
  async #unloadOrRebase(room: Room): Promise<void> {
    const { persistence, claims } = this.ctx;
    if (room.connections.size > 0 || this.#rooms.get(room.docName) !== room) return;
    // Its client-id bounds down to what the document has, written before it goes (SPEC.md rule 22).
    room.tightenClaims();
    if (claims.pending(room.docName)) await claims.flush(Date.now() + this.ctx.loadTimeoutMs);
    if (persistence.pendingCount(room.docName) > 0) await persistence.flush(room.docName);
    if (room.connections.size > 0 || this.#rooms.get(room.docName) !== room) return;
    const pending = persistence.pendingCount(room.docName) + room.heldCount;
    if (pending > 0 || claims.pending(room.docName)) {
      room.log.warn({ pending }, 'idle room still has unwritten updates; unload postponed');
      this.#scheduleUnload(room);
      return;
    }
    const seq = persistence.liveSeqOf(room.docName);
    const check = room.rebaseCheck();
    if (check.due && seq !== undefined && seq > 0) {
      await this.#rebase(room, seq, check);
      return;
    }
    this.#drop(room);
    persistence.forgetIfIdle(room.docName);
    room.log.info('idle room unloaded');
    this.ctx.events.emit('room-unloaded', room.docName);
  }

  /**
   * SPEC.md rule 20: rebases an idle room's document on its way out. The room is detached first,
   * so a connection arriving meanwhile gets a new room that loads once the rebase is over (the new
   * lineage, or the old one if the rebase did not happen); nothing is appended to the document
   * meanwhile, since no room holds it.
   */
  async #rebase(room: Room, seq: number, check: { items: number; deleted: number }): Promise<void> {
    const { persistence, metrics } = this.ctx;
    this.#cancelUnload(room);
    this.#rooms.delete(room.docName);
    metrics.rooms.set(this.#rooms.size);
    const done = (async () => {
      const started = performance.now();
      try {
        await persistence.quiesce(room.docName);
        const result = await room.rebase(seq);
        const ms = Math.round(performance.now() - started);
        if (result.rebased) {
          metrics.rebases.inc({ result: 'ok' });
          room.log.info({ from: room.lineage, to: result.lineage, seq, structs: check.items, deleted: check.deleted, ms }, 'rebased idle document without its history');
          this.ctx.events.emit('room-rebased', room.docName, result.lineage);
        } else {
          metrics.rebases.inc({ result: 'refused' });
          room.log.info({ reason: result.reason, seq }, 'rebase refused by the store; the document stays as it is');
        }
      } catch (error) {
        metrics.rebases.inc({ result: 'error' });
        room.log.error({ err: error }, 'rebase failed; the document stays as it is');
      } finally {
        room.destroy();
        persistence.forgetIfIdle(room.docName);
        room.log.info('idle room unloaded');
        this.ctx.events.emit('room-unloaded', room.docName);
      }
    })();
    this.#rebasing.set(room.docName, done);
    try {
      await done;
    } finally {
      if (this.#rebasing.get(room.docName) === done) this.#rebasing.delete(room.docName);
    }
  }

  #drop(room: Room): void {
    this.#cancelUnload(room);
    this.#rooms.delete(room.docName);
    room.destroy();
    this.ctx.metrics.rooms.set(this.#rooms.size);
  }
}
