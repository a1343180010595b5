import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { CollabClaims } from '@/lib/auth/collabToken';
import { CloseCode, closeReason, type DocPart } from '@/lib/protocol';
import type { EndedLineageClient } from './EndedLineageClient';
import type { CollabMetrics, RejectReason } from './metrics';
import { TokenBucket } from './TokenBucket';
import type { CollabLimits } from './options';

/** Reject reason recorded for each close code we close a connection with. */
const REASON_OF: Partial<Record<CloseCode, RejectReason>> = {
  [CloseCode.BadMessage]: 'bad_message',
  [CloseCode.TooLarge]: 'too_large',
  [CloseCode.RateLimited]: 'rate_limited',
};

/**
 * Where a connection is in the sync exchange with its room (SPEC.md rules 3 and 21):
 * - `loading`: the room is loading; frames are buffered in order (`answeredEarly`: its first
 *   sync step 1 was answered from storage meanwhile, so it has its step 2 already);
 * - `awaiting-step1`: a rebased document waits for the client's first message before sending its
 *   own sync step 1, which depends on the lineage the client holds (`timer` sends it anyway);
 * - `live`: synced on the current lineage; messages go through the room;
 * - `ended-lineage`: the client holds an ended lineage; `client` carries its edits over;
 * - `closed`: nothing more is sent or processed.
 */
export type SyncState =
  | { state: 'loading'; preload: Uint8Array[]; bytes: number; answeredEarly: boolean }
  | { state: 'awaiting-step1'; timer: NodeJS.Timeout }
  | { state: 'live' }
  | { state: 'ended-lineage'; client: EndedLineageClient }
  | { state: 'closed' };

/**
 * One client connection: its socket, identity and rights, where it is in the sync exchange
 * ({@link SyncState}), and its per-connection state (rate limit, updates waiting for
 * dependencies, the awareness client ids it controls). Policy lives in Room / UpdateGate.
 */
export class Connection {
  /** Short random id, on every log line about this connection (`socketId`). */
  readonly id = randomBytes(6).toString('base64url');
  readonly log: Logger;
  readonly bucket: TokenBucket;
  readonly #maxSendBufferBytes: number;
  #sync: SyncState = { state: 'loading', preload: [], bytes: 0, answeredEarly: false };
  /** Updates held (merged into one) until their missing dependencies arrive (SPEC.md rule 6). */
  pending: Uint8Array | undefined;
  /** Awareness client ids whose state this connection set (removed when it closes). */
  readonly awarenessIds = new Set<number>();
  /** Yjs client ids this connection wrote structs of (their bounds are lowered when it closes; SPEC.md rule 22). */
  readonly clients = new Set<number>();
  /**
   * Set while the client is behind (more than `broadcastHighWaterBytes` wait for it): broadcasts
   * to it are skipped, and once its backlog drains it gets one update with everything since
   * `from` (the document's state vector when it fell behind; SPEC.md rule 10).
   */
  backlog: { from: Uint8Array } | undefined;
  /** False after a ping until the next pong or message. */
  alive = true;
  readonly #onClosed: Array<() => void> = [];

  constructor(
    readonly ws: WebSocket,
    readonly docName: string,
    readonly part: DocPart,
    readonly claims: CollabClaims,
    readonly canWrite: boolean,
    readonly address: string,
    logger: Logger,
    limits: CollabLimits,
    private readonly metrics: CollabMetrics,
  ) {
    this.log = logger.child({ doc: docName, socketId: this.id });
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.#maxSendBufferBytes = limits.maxSendBufferBytes;
    ws.on('close', () => this.#finish());
    ws.on('pong', () => {
      this.alive = true;
    });
  }

  get closed(): boolean {
    return this.#sync.state === 'closed';
  }

  /** Where the connection is in the sync exchange. */
  get sync(): Readonly<SyncState> {
    return this.#sync;
  }

  /** Runs `fn` once when the connection closes (by either side). */
  onClosed(fn: () => void): void {
    if (this.closed) fn();
    else this.#onClosed.push(fn);
  }

  /**
   * Buffers a frame received while the room loads (SPEC.md rule 3); closes the connection with
   * 4413 once more than `capBytes` were buffered.
   */
  buffer(frame: Uint8Array, capBytes: number): void {
    const sync = this.#sync;
    if (sync.state !== 'loading') return;
    sync.bytes += frame.byteLength;
    if (sync.bytes > capBytes) {
      this.close(CloseCode.TooLarge, { detail: `more than ${capBytes} bytes sent while the document loads`, reject: 'preload_overflow' });
    } else sync.preload.push(frame);
  }

  /**
   * Takes the first buffered frame out if `answerable` says the room can answer it from storage
   * while it loads (SPEC.md rule 3); true if it did. The connection then counts as answered.
   */
  takeEarlyStep1(answerable: (frame: Uint8Array) => boolean): boolean {
    const sync = this.#sync;
    const first = sync.state === 'loading' ? sync.preload[0] : undefined;
    if (sync.state !== 'loading' || first === undefined || !answerable(first)) return false;
    sync.preload.shift();
    sync.bytes -= first.byteLength;
    sync.answeredEarly = true;
    return true;
  }

  /** The frames buffered while the room loaded, in order, and whether the client was answered from storage. */
  drainPreload(): { frames: Uint8Array[]; answeredEarly: boolean } {
    const sync = this.#sync;
    if (sync.state !== 'loading') return { frames: [], answeredEarly: false };
    const frames = sync.preload.splice(0);
    sync.bytes = 0;
    return { frames, answeredEarly: sync.answeredEarly };
  }

  /** Waits for the client's first message before the server's sync step 1; `sendAnyway` runs after `ms` (SPEC.md rule 21). */
  awaitStep1(ms: number, sendAnyway: () => void): void {
    this.#enter({ state: 'awaiting-step1', timer: setTimeout(sendAnyway, ms) });
  }

  /** The client is synced on the current lineage. */
  goLive(): void {
    this.#enter({ state: 'live' });
  }

  /** The client holds an ended lineage: `client` carries its edits over (SPEC.md rule 21). */
  endLineage(client: EndedLineageClient): void {
    this.#enter({ state: 'ended-lineage', client });
  }

  #enter(next: SyncState): void {
    const sync = this.#sync;
    if (sync.state === 'closed') {
      if (next.state === 'awaiting-step1') clearTimeout(next.timer);
      return;
    }
    if (sync.state === 'awaiting-step1') clearTimeout(sync.timer);
    this.#sync = next;
  }

  /**
   * Sends one binary frame; a no-op once closed. `onWritten` runs once it left for the kernel
   * (or failed). A client that has more than `maxSendBufferBytes` waiting is dropped (SPEC.md
   * rule 10).
   */
  send(frame: Uint8Array, onWritten?: () => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) {
      onWritten?.();
      return;
    }
    if (this.ws.bufferedAmount + frame.byteLength > this.#maxSendBufferBytes && this.ws.bufferedAmount > 0) {
      this.metrics.rejected.inc({ reason: 'slow_client' });
      this.log.warn({ bufferedBytes: this.ws.bufferedAmount, frameBytes: frame.byteLength }, 'dropping a client that stopped reading');
      this.terminate();
      onWritten?.();
      return;
    }
    this.metrics.traffic.messagesOut++;
    this.metrics.traffic.bytesOut += frame.byteLength;
    // No callback unless asked for: a write error also closes the socket ('close' -> #finish).
    if (onWritten) {
      this.ws.send(frame, (error) => {
        if (error) this.log.warn({ err: error }, 'send failed');
        onWritten();
      });
    } else this.ws.send(frame);
  }

  /** Runs `fn` once everything queued for the client so far has been handed to the OS (or the connection failed). */
  whenDrained(fn: () => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return fn();
    // A ping goes out after every frame queued before it; its write callback says they have left.
    this.ws.ping(undefined, false, () => fn());
  }

  /**
   * Closes with a named code (lib/protocol), counting it as a rejection (`reject`, else derived
   * from the code), and releases the connection's room state at once (not when the peer
   * acknowledges: a dead peer never does). `detail` goes to the log; `reason` (at most 123
   * bytes) to the client, default the code's name.
   */
  close(code: CloseCode | 1001, options: { detail?: string; reject?: RejectReason; reason?: string } = {}): void {
    if (this.closed) return;
    const reason = options.reason ?? (code === 1001 ? 'server shutting down' : closeReason[code]);
    const rejected = options.reject ?? (code === 1001 ? undefined : REASON_OF[code]);
    if (rejected) this.metrics.rejected.inc({ reason: rejected });
    const level = code === 1001 || code === CloseCode.Timeout ? 'info' : 'warn';
    this.log[level]({ code, reason, detail: options.detail }, 'closing connection');
    this.ws.close(code, reason);
    this.#finish();
  }

  /** Drops the socket without a closing handshake (peer unresponsive during shutdown). */
  terminate(): void {
    this.ws.terminate();
    this.#finish();
  }

  #finish(): void {
    if (this.closed) return;
    this.#enter({ state: 'closed' });
    this.pending = undefined;
    for (const fn of this.#onClosed.splice(0)) fn();
  }
}
