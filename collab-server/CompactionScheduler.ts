/**
 * When and how documents' logs are folded into their snapshots (SPEC.md rule 14): a document is
 * due by the size of its log (count, bytes, share of the snapshot, time since its last
 * compaction), compacted from the live document when the server holds every logged update, else
 * by a merge in the store, in the background, at most `maxConcurrentCompactions` at a time
 * server-wide, the others waiting their turn.
 */
import type { Logger } from 'pino';
import type { DocumentStore } from '@/lib/db/documentStore';
import type { CollabMetrics } from './metrics';
import type { PersistenceOptions } from './options';
import { settleBy, withDeadline } from './time';

/** A document's log as this server knows it (from its load and its own appends). */
interface LogState {
  /** Log entries after the snapshot. */
  count: number;
  bytes: number;
  /** Size of the last snapshot this server knows of (loaded or written), bytes. */
  snapshotBytes: number;
  compacting: Promise<void> | undefined;
  /** When this server last started compacting the document (performance.now()). */
  compactedAt: number;
}

/** The live document of a room that holds every logged update up to `seq`, for {@link DocumentStore.compactFrom}. */
export interface LiveSource {
  encode(): { state: Uint8Array; schemaVersion: number; lineage: number };
  seq: number;
}

/** The per-server compaction scheduler. */
export class CompactionScheduler {
  readonly #logs = new Map<string, LogState>();
  /** Compactions running now, server-wide. */
  #running = 0;
  /** Documents due while `maxConcurrentCompactions` were running, oldest first. */
  readonly #waiting = new Set<string>();
  #closed = false;

  /** @param liveSource the live document of `docName`, when a room holds every logged update of it */
  constructor(
    private readonly store: DocumentStore,
    private readonly options: PersistenceOptions,
    private readonly logger: Logger,
    private readonly metrics: CollabMetrics,
    private readonly liveSource: (docName: string) => LiveSource | undefined,
  ) {}

  /** Documents waiting for a compaction slot (tests). */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** A room loaded `docName` and found this log; compacts it if it is due. */
  noteLoaded(docName: string, log: { updateCount: number; logBytes: number; snapshotBytes: number }): void {
    const state = this.#log(docName);
    state.count = log.updateCount;
    state.bytes = log.logBytes;
    state.snapshotBytes = log.snapshotBytes;
    if (this.#due(state)) this.#request(docName, state);
  }

  /** `updates` were appended to `docName`'s log; compacts it if it is now due. */
  noteAppended(docName: string, updates: readonly Uint8Array[]): void {
    const state = this.#log(docName);
    state.count += updates.length;
    state.bytes += updates.reduce((n, u) => n + u.byteLength, 0);
    if (this.#due(state)) this.#request(docName, state);
  }

  /** Whether a compaction of `docName` is running. */
  running(docName: string): boolean {
    return this.#logs.get(docName)?.compacting !== undefined;
  }

  /** Drops a compaction `docName` was waiting for (its room is about to be rebased: the rebase folds the log itself). */
  dropWaiting(docName: string): void {
    this.#waiting.delete(docName);
  }

  /** Settles when the compaction of `docName` running now (if any) has finished. */
  async settled(docName: string): Promise<void> {
    const compacting = this.#logs.get(docName)?.compacting;
    if (compacting) await compacting;
  }

  /** Forgets what it knows of `docName`'s log (its room was unloaded and nothing runs for it). */
  forget(docName: string): void {
    if (!this.running(docName)) this.#logs.delete(docName);
  }

  /** Starts no more compactions, and waits for the running ones, but not past `deadline` (ms since the epoch). */
  async close(deadline: number): Promise<void> {
    this.#closed = true;
    await settleBy([...this.#logs.values()].map((s) => s.compacting ?? Promise.resolve()), deadline);
  }

  #log(docName: string): LogState {
    let state = this.#logs.get(docName);
    if (!state) {
      state = { count: 0, bytes: 0, snapshotBytes: 0, compacting: undefined, compactedAt: -Infinity };
      this.#logs.set(docName, state);
    }
    return state;
  }

  #due(state: LogState): boolean {
    const o = this.options;
    if (state.count >= o.compactMaxUpdates || state.bytes >= o.compactAfterBytes) return true;
    if (performance.now() - state.compactedAt < o.compactMinIntervalMs) return false;
    return state.count >= o.compactAfterUpdates && state.bytes >= o.compactSnapshotRatio * state.snapshotBytes;
  }

  /**
   * Compacts `docName` now, or once fewer than `maxConcurrentCompactions` run: many rooms edited
   * at the same rate reach their thresholds together, and their encodes and snapshot writes, all
   * at once, would stall every room's traffic.
   */
  #request(docName: string, state: LogState): void {
    if (state.compacting || this.#closed) return;
    if (this.#running >= this.options.maxConcurrentCompactions) this.#waiting.add(docName);
    else this.#compact(docName, state);
  }

  /** Starts the oldest waiting compactions that are still due, up to the limit (on a later turn: traffic first). */
  #startWaiting(): void {
    setImmediate(() => {
      for (const docName of this.#waiting) {
        if (this.#closed || this.#running >= this.options.maxConcurrentCompactions) return;
        this.#waiting.delete(docName);
        const state = this.#logs.get(docName);
        if (state && !state.compacting && this.#due(state)) this.#compact(docName, state);
      }
    });
  }

  /**
   * Folds the log into the snapshot: from the live document when this server holds every update
   * up to the log's end (no read, no merge: one encode), else by merging in the store.
   */
  #compact(docName: string, state: LogState): void {
    if (state.compacting || this.#closed) return;
    this.#running++;
    const before = { count: state.count, bytes: state.bytes };
    let fromLive: { state: Uint8Array; seq: number; schemaVersion: number; lineage: number } | undefined;
    const live = this.liveSource(docName);
    if (live) {
      try {
        fromLive = { ...live.encode(), seq: live.seq };
      } catch (error) {
        this.logger.warn({ err: error, doc: docName }, 'encoding the live document failed; compacting from the store');
      }
    }
    const started = performance.now();
    let succeeded = false;
    state.compactedAt = started;
    state.compacting = Promise.resolve()
      .then(() =>
        withDeadline(fromLive ? this.store.compactFrom(docName, fromLive) : this.store.compact(docName), COMPACTION_DEADLINE_WRITES * this.options.writeTimeoutMs, `compacting ${docName}`),
      )
      .then(
        (result) => {
          succeeded = true;
          this.metrics.compactions.inc({ result: result.compacted ? 'ok' : 'noop' });
          state.count = Math.max(0, state.count - before.count);
          state.bytes = Math.max(0, state.bytes - before.bytes);
          if (fromLive && result.compacted) state.snapshotBytes = fromLive.state.byteLength;
          const ms = Math.round(performance.now() - started);
          this.logger.info({ doc: docName, from: fromLive ? 'live' : 'store', mergedUpdates: result.mergedUpdates, seq: result.seq, ms }, 'compacted document log');
        },
        (error: unknown) => {
          // Not urgent: the log stays loadable; the next write past the threshold tries again.
          this.metrics.compactions.inc({ result: 'error' });
          this.logger.error({ err: error, doc: docName }, 'compaction failed');
        },
      )
      .finally(() => {
        state.compacting = undefined;
        this.#running--;
        // Writes that crossed a threshold while this compaction ran did not start one: if the log is
        // due again, it waits its turn now (not after a failure: the next write past the threshold retries).
        if (succeeded && this.#due(state)) this.#waiting.add(docName);
        if (this.#waiting.size > 0) this.#startWaiting();
      });
  }
}

/**
 * A compaction's deadline, in write deadlines: it reads and rewrites the whole document in
 * several statements.
 */
const COMPACTION_DEADLINE_WRITES = 4;
