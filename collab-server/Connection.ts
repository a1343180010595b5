import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { CollabClaims } from '@/lib/auth/collabToken';
import type { EndedLineage } from '@/lib/db/documentStore';
import { CloseCode, closeReason, type DocPart } from '@/lib/protocol';
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
 * One client connection: its socket, identity and rights, and its per-connection state
 * (rate limit, the frames buffered while its room loads, updates waiting for dependencies,
 * the awareness client ids it controls). Policy lives in Room / UpdateGate; this is bookkeeping.
 */
export class Connection {
  /** Short random id, on every log line about this connection (`socketId`). */
  readonly id = randomBytes(6).toString('base64url');
  readonly log: Logger;
  readonly bucket: TokenBucket;
  readonly #maxSendBufferBytes: number;
  /** Frames received before the room finished loading, in order (SPEC.md rule 3). */
  readonly preload: Uint8Array[] = [];
  preloadBytes = 0;
  /** Updates held (merged into one) until their missing dependencies arrive (SPEC.md rule 6). */
  pending: Uint8Array | undefined;
  /** Awareness client ids whose state this connection set (removed when it closes). */
  readonly awarenessIds = new Set<number>();
  /** Yjs client ids this connection wrote structs of (their bounds are lowered when it closes; SPEC.md rule 22). */
  readonly clients = new Set<number>();
  /**
   * False while the room waits for the client's first message before sending its sync step 1
   * (a rebased document: the step 1 depends on the lineage the client holds; SPEC.md rule 21).
   */
  syncStarted = true;
  /**
   * Set when the client holds a copy of an ended lineage: the updates it sent, collected until
   * its edits are carried over to the current lineage (then it is closed with 4409).
   */
  endedLineage: { lineage: EndedLineage; updates: Uint8Array[]; carrying: boolean } | undefined;
  /**
   * Set while the client is behind (more than `broadcastHighWaterBytes` wait for it): broadcasts
   * to it are skipped, and once its backlog drains it gets one update with everything since
   * `from` (the document's state vector when it fell behind; SPEC.md rule 10).
   */
  backlog: { from: Uint8Array } | undefined;
  /** False after a ping until the next pong or message. */
  alive = true;
  #closed = false;
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
    return this.#closed;
  }

  /** Runs `fn` once when the connection closes (by either side). */
  onClosed(fn: () => void): void {
    if (this.#closed) fn();
    else this.#onClosed.push(fn);
  }

  /**
   * Sends one binary frame; a no-op once closed. `onWritten` runs once it left for the kernel
   * (or failed). A client that has more than `maxSendBufferBytes` waiting is dropped (SPEC.md
   * rule 10).
   */
  send(frame: Uint8Array, onWritten?: () => void): void {
    if (this.#closed || this.ws.readyState !== this.ws.OPEN) {
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
    if (this.#closed || this.ws.readyState !== this.ws.OPEN) return fn();
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
    if (this.#closed) return;
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
    if (this.#closed) return;
    this.#closed = true;
    this.preload.length = 0;
    this.pending = undefined;
    for (const fn of this.#onClosed.splice(0)) fn();
  }
}
