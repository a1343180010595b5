import type { PGlite } from '@electric-sql/pglite';

/**
 * Schedules Postgres wire-protocol messages from many client connections onto ONE PGlite session.
 *
 * PGlite is a single backend. `@electric-sql/pglite-socket`'s own queue hands the backend to
 * another connection whenever PGlite is not inside an explicit `BEGIN` block, i.e. between any
 * two messages of an extended-protocol exchange (Parse / Bind / Describe / Execute / Sync). Two
 * `pg` connections then overwrite each other's unnamed statement and portal: clients receive
 * other clients' rows or `portal "" does not exist` (reproduced in
 * test/integration/db/embeddedMultiProcess.test.ts before this class existed).
 *
 * The rule here: a connection that sends a message OWNS the backend until the backend answers
 * with ReadyForQuery in state `I` (idle, outside a transaction). So an extended-protocol exchange
 * up to its Sync, a simple query, and a whole transaction (`BEGIN` ... `COMMIT`/`ROLLBACK`) each
 * run without interleaving; other connections' messages wait, first come first served. When the
 * owner disconnects mid-exchange or mid-transaction, the session is reset (Sync, then ROLLBACK).
 *
 * An owner that holds the session but sends nothing while others wait (a client that vanished
 * without closing its socket, mid-transaction: a half-open connection) would stall every other
 * connection forever; after `idleOwnerTimeoutMs` it is disconnected (`evict`), which resets the
 * session like any disconnect. Real Postgres does the same with `idle_in_transaction_session_timeout`.
 *
 * It implements the duck-typed queue contract that `PGLiteSocketHandler` calls
 * (`enqueue`, `clearQueueForHandler`, `clearTransactionIfNeeded`, `getQueueLength`).
 */
export class WireSessionQueue {
  readonly #db: PGlite;
  readonly #onError: (error: Error) => void;
  #queue: QueuedMessage[] = [];
  /** Handler id that owns the backend, or null when the session is idle. */
  #owner: number | null = null;
  #busy = false;
  /** Owners that disconnected; their session state must be reset before anyone else runs. */
  readonly #abandoned = new Map<number, () => void>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #idleOwner: { timeoutMs: number; evict: (handlerId: number) => void } | undefined;
  /** The deadline of an owner that holds the session idle while others wait. */
  #idleOwnerTimer: { owner: number; timer: NodeJS.Timeout } | undefined;

  /**
   * @param db the PGlite instance; nothing else may query it while the queue is in use.
   * @param onError reports failures that belong to no client request (a failed session reset,
   *   an idle owner disconnected).
   * @param idleOwner how long an owner may hold the session without sending anything while
   *   other connections wait, and how to disconnect it then; default: no limit.
   */
  constructor(db: PGlite, onError: (error: Error) => void, idleOwner?: { timeoutMs: number; evict: (handlerId: number) => void }) {
    this.#db = db;
    this.#onError = onError;
    this.#idleOwner = idleOwner;
  }

  /** Queues one frontend message; resolves with the number of response bytes once it has run. */
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ handlerId, message, onData, resolve, reject });
      this.#pump();
    });
  }

  /** Starts the idle-owner deadline (others wait while `owner` sends nothing), if not running for it. */
  #armIdleOwner(owner: number): void {
    if (!this.#idleOwner || this.#idleOwnerTimer?.owner === owner) return;
    this.#disarmIdleOwner();
    const { timeoutMs, evict } = this.#idleOwner;
    const timer = setTimeout(() => {
      this.#idleOwnerTimer = undefined;
      if (this.#owner !== owner || this.#queue.some((q) => q.handlerId === owner)) return;
      this.#onError(new Error(`pglite: connection #${owner} held the session for ${timeoutMs} ms without sending anything while ${this.#queue.length} message(s) of others waited; disconnecting it`));
      evict(owner);
    }, timeoutMs);
    timer.unref();
    this.#idleOwnerTimer = { owner, timer };
  }

  #disarmIdleOwner(): void {
    if (this.#idleOwnerTimer) clearTimeout(this.#idleOwnerTimer.timer);
    this.#idleOwnerTimer = undefined;
  }

  /** Drops the queued messages of a closed connection (their promises reject). */
  clearQueueForHandler(handlerId: number): void {
    const kept: QueuedMessage[] = [];
    for (const item of this.#queue) {
      if (item.handlerId === handlerId) item.reject(new Error(`pglite connection #${handlerId} closed`));
      else kept.push(item);
    }
    this.#queue = kept;
  }

  /** Called when a connection closes: if it owned the session, resets it; resolves when done. */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#owner !== handlerId) return Promise.resolve();
    return new Promise((resolve) => {
      this.#abandoned.set(handlerId, resolve);
      this.#pump();
    });
  }

  /** Number of messages waiting for the backend. */
  getQueueLength(): number {
    return this.#queue.length;
  }

  /** Resolves when no message is running or runnable. */
  whenIdle(): Promise<void> {
    if (!this.#busy) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    if (this.#busy) return;
    this.#busy = true;
    this.#drain().catch((error: unknown) => {
      this.#busy = false;
      this.#onError(new Error('pglite: session queue failed', { cause: error }));
    });
  }

  async #drain(): Promise<void> {
    for (;;) {
      // Connections that closed: reset the session if one still owns it (it may have released
      // it meanwhile, by finishing its last message), then let their detach complete.
      for (const [handlerId, done] of this.#abandoned) {
        if (handlerId === this.#owner) {
          await this.#resetSession();
          this.#owner = null;
        }
        this.#abandoned.delete(handlerId);
        done();
      }
      const owner = this.#owner;
      const index = owner === null ? (this.#queue.length > 0 ? 0 : -1) : this.#queue.findIndex((q) => q.handlerId === owner);
      if (index < 0) {
        // Others wait for an owner that sends nothing: it gets a deadline.
        if (owner !== null && this.#queue.length > 0) this.#armIdleOwner(owner);
        // Decided synchronously with clearing #busy, so a concurrent enqueue restarts the pump.
        this.#busy = false;
        for (const resolve of this.#idleWaiters.splice(0)) resolve();
        return;
      }
      const [item] = this.#queue.splice(index, 1);
      await this.#run(item!);
    }
  }

  async #run(item: QueuedMessage): Promise<void> {
    const scanner = new ReadyForQueryScanner();
    let bytes = 0;
    this.#disarmIdleOwner();
    this.#owner = item.handlerId;
    try {
      await this.#db.runExclusive(() =>
        this.#db.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            bytes += data.length;
            scanner.push(data);
            item.onData(data);
          },
        }),
      );
    } catch (error) {
      // The handler closes its connection on rejection; its detach resets the session.
      item.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (scanner.lastStatus === 'I') this.#owner = null;
    item.resolve(bytes);
  }

  /** Ends a half-finished extended-protocol exchange and any open transaction. */
  async #resetSession(): Promise<void> {
    try {
      await this.#db.runExclusive(() => this.#db.execProtocolRaw(SYNC_MESSAGE));
      if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    } catch (error) {
      this.#onError(new Error('pglite: failed to reset the session of a closed connection', { cause: error }));
    }
  }
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

/** Frontend Sync message: 'S' + int32 length 4. */
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]);
const READY_FOR_QUERY = 0x5a; // 'Z'

/**
 * Walks a stream of backend messages (type byte + int32 length + body), possibly split across
 * chunks, and remembers the transaction status of the last ReadyForQuery ('I', 'T' or 'E').
 */
export class ReadyForQueryScanner {
  /** Status byte of the last ReadyForQuery seen, or null if none. */
  lastStatus: 'I' | 'T' | 'E' | null = null;
  #header = new Uint8Array(5);
  #headerFill = 0;
  /** Body bytes still to skip in the current message. */
  #remaining = 0;
  #type = 0;

  /** Feeds the next chunk of backend output. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#remaining > 0) {
        const take = Math.min(this.#remaining, chunk.length - i);
        if (this.#type === READY_FOR_QUERY && this.#remaining === 1) this.#setStatus(chunk[i]!);
        this.#remaining -= take;
        i += take;
        continue;
      }
      this.#header[this.#headerFill++] = chunk[i++]!;
      if (this.#headerFill === 5) {
        this.#type = this.#header[0]!;
        const length = new DataView(this.#header.buffer).getInt32(1);
        this.#remaining = length - 4;
        this.#headerFill = 0;
      }
    }
  }

  #setStatus(byte: number): void {
    const status = String.fromCharCode(byte);
    if (status === 'I' || status === 'T' || status === 'E') this.lastStatus = status;
  }
}
