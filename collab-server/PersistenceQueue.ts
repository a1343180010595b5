/**
 * Batched, retried persistence of accepted updates (SPEC.md rules 12-13 and 15-16). Updates are queued
 * per document and written at most `flushIntervalMs` after the first of them arrived (or at once
 * when `maxBatch` are waiting), every due document in ONE `appendMany` call per flush.
 * One write per document is in flight at a time, so updates are logged in the order accepted.
 * A failed write is put back at the head of the queue and retried with exponential backoff;
 * updates are never dropped while the server runs. Every write has a deadline (`writeTimeoutMs`):
 * a write the store does not answer in time (a half-open database connection) counts as failed
 * and is retried like one. What is written is reported to the {@link CompactionScheduler}
 * (SPEC.md rule 14).
 */
import type { Logger } from 'pino';
import { MAX_BYTES_PER_APPEND, MAX_UPDATES_PER_APPEND, type DocumentStore } from '@/lib/db/documentStore';
import { CompactionScheduler } from './CompactionScheduler';
import type { CollabMetrics } from './metrics';
import type { PersistenceOptions } from './options';
import { DeadlineExceeded, settleBy, withDeadline } from './time';
import { setTimeout as sleep } from 'node:timers/promises';

interface DocQueue {
  queue: Uint8Array[];
  /** When each queued update was accepted (ms, for the lag metric). */
  queuedAt: number[];
  inFlight: number;
  inFlightSince: number | undefined;
  writing: Promise<void> | undefined;
  failures: number;
  retryTimer: NodeJS.Timeout | undefined;
  /**
   * Every update with a seq up to this one is in the live document: what the room loaded, then
   * this server's own appends as long as their seqs followed on without a gap. A gap means
   * another writer appended (e.g. the web app renaming a building): undefined from then on.
   */
  liveSeq: number | undefined;
  /** The live document's state, for compaction without re-reading the log (set by the room). */
  live: LiveState | undefined;
  /** Updates ever queued, and ever written, for this document (written in queue order). */
  queuedTotal: number;
  writtenTotal: number;
  /** Callers of {@link PersistenceQueue.whenWritten}: resolved once `writtenTotal` reaches `upTo`. */
  waiters: { upTo: number; resolve: () => void }[];
}

/** One document's share of a write. */
interface WriteJob {
  docName: string;
  doc: DocQueue;
  batch: Uint8Array[];
  queuedAt: number[];
}

/** Encodes a room's live document for {@link DocumentStore.compactFrom}. */
export type LiveState = () => { state: Uint8Array; schemaVersion: number; lineage: number };

/** The per-server persistence queue. */
export class PersistenceQueue {
  readonly #docs = new Map<string, DocQueue>();
  #timer: NodeJS.Timeout | undefined;
  #healthy = true;
  #closed = false;
  readonly #compactions: CompactionScheduler;

  constructor(
    private readonly store: DocumentStore,
    private readonly options: PersistenceOptions,
    private readonly logger: Logger,
    private readonly metrics: CollabMetrics,
    /** Bytes of updates one write takes at most (the store's limit; tests use less). */
    private readonly maxAppendBytes: number = MAX_BYTES_PER_APPEND,
  ) {
    this.#compactions = new CompactionScheduler(store, options, logger, metrics, (docName) => {
      const doc = this.#docs.get(docName);
      return doc?.live && doc.liveSeq !== undefined && doc.liveSeq > 0 ? { encode: doc.live, seq: doc.liveSeq } : undefined;
    });
  }

  /** False from a failed write until the next successful one (`/readyz` reports it). */
  get healthy(): boolean {
    return this.#healthy;
  }

  /**
   * Whether persistence keeps up (SPEC.md rule 13): the last write succeeded and no accepted
   * update has waited longer than `maxLagMs`. `/readyz` answers 503 otherwise.
   */
  status(): { ok: true } | { ok: false; reason: 'failing' | 'lagging'; lagSeconds: number } {
    const lagSeconds = this.lagSeconds();
    if (!this.#healthy) return { ok: false, reason: 'failing', lagSeconds };
    if (lagSeconds * 1000 > this.options.maxLagMs) return { ok: false, reason: 'lagging', lagSeconds };
    return { ok: true };
  }

  /**
   * Records what a room load found (so compaction knows the log's length) and how to encode the
   * live document, which then holds every update up to `loaded.seq`.
   */
  noteLoaded(docName: string, loaded: { seq: number; updateCount: number; logBytes: number; snapshotBytes: number }, live?: LiveState): void {
    const doc = this.#doc(docName);
    doc.liveSeq = live ? loaded.seq : undefined;
    doc.live = live;
    this.#compactions.noteLoaded(docName, loaded);
  }

  /** The room of `docName` is gone: compaction no longer reads its live document (`live`, if still the one noted). */
  forgetLiveDocument(docName: string, live: LiveState): void {
    const doc = this.#docs.get(docName);
    if (doc?.live === live) {
      doc.live = undefined;
      doc.liveSeq = undefined;
    }
  }

  /** Queues an accepted update of `docName` for writing. */
  enqueue(docName: string, update: Uint8Array): void {
    const doc = this.#doc(docName);
    doc.queue.push(update);
    doc.queuedAt.push(Date.now());
    doc.queuedTotal++;
    if (doc.queue.length >= this.options.maxBatch) void this.#write(docName, doc);
    else this.#timer ??= setTimeout(() => this.#flushDue(), this.options.flushIntervalMs);
  }

  /**
   * Resolves once every update of `docName` queued so far is written (at once when none is
   * waiting). Writes are retried until they succeed, so it may wait long while the store fails:
   * a caller that answers someone bounds the wait itself. Never rejects.
   */
  whenWritten(docName: string): Promise<void> {
    const doc = this.#docs.get(docName);
    if (!doc || doc.writtenTotal >= doc.queuedTotal) return Promise.resolve();
    const upTo = doc.queuedTotal;
    return new Promise((resolve) => doc.waiters.push({ upTo, resolve }));
  }

  /** Updates of `docName` accepted but not yet written (queued or in flight). */
  pendingCount(docName: string): number {
    const doc = this.#docs.get(docName);
    return doc ? doc.queue.length + doc.inFlight : 0;
  }

  /** Updates of all documents accepted but not yet written. */
  totalPending(): number {
    let total = 0;
    for (const doc of this.#docs.values()) total += doc.queue.length + doc.inFlight;
    return total;
  }

  /** Age in seconds of the oldest update not yet written (0 when none). */
  lagSeconds(): number {
    let oldest = Infinity;
    for (const doc of this.#docs.values()) oldest = Math.min(oldest, doc.inFlightSince ?? doc.queuedAt[0] ?? Infinity);
    return oldest === Infinity ? 0 : (Date.now() - oldest) / 1000;
  }

  /**
   * Starts writing `docName`'s queue now instead of at the end of the batch window (someone waits
   * for it: a server edit), unless a write is in flight or it is backing off after a failure.
   */
  writeNow(docName: string): void {
    const doc = this.#docs.get(docName);
    if (doc) void this.#write(docName, doc);
  }

  /** Writes `docName`'s queue now (after the write in flight, if any); resolves after the attempt. */
  async flush(docName: string): Promise<void> {
    const doc = this.#docs.get(docName);
    if (!doc) return;
    if (doc.writing) await doc.writing;
    await this.#write(docName, doc, true);
  }

  /**
   * The seq up to which every logged update is in the room's live document (undefined when
   * another writer appended, or the room is not loaded): what a rebase from the live document
   * may claim.
   */
  liveSeqOf(docName: string): number | undefined {
    return this.#docs.get(docName)?.liveSeq;
  }

  /**
   * Waits until nothing is being written or compacted for `docName`, and drops a compaction it was
   * waiting for (its room is about to be rebased: the rebase folds the log itself).
   */
  async quiesce(docName: string): Promise<void> {
    const doc = this.#docs.get(docName);
    if (!doc) return;
    this.#compactions.dropWaiting(docName);
    if (doc.writing) await doc.writing;
    await this.#compactions.settled(docName);
  }

  /** Forgets a document's bookkeeping if nothing is queued, written or compacted for it (its room was unloaded). */
  forgetIfIdle(docName: string): void {
    const doc = this.#docs.get(docName);
    if (doc && doc.queue.length === 0 && doc.inFlight === 0 && !this.#compactions.running(docName)) {
      this.#docs.delete(docName);
      this.#compactions.forget(docName);
    }
  }

  /** Documents waiting for a compaction slot (tests). */
  get compactionsWaiting(): number {
    return this.#compactions.waiting;
  }

  /**
   * Writes everything queued so far, retrying failures until `deadline` (ms since the epoch).
   * Resolves with the documents still unwritten (empty when all were written).
   */
  async flushAll(deadline: number): Promise<Map<string, number>> {
    for (;;) {
      const dirty = [...this.#docs].filter(([, d]) => d.queue.length > 0 || d.inFlight > 0);
      if (dirty.length === 0) return new Map();
      // Bounded by the deadline even if the store never answers (a stalled connection).
      const idle = dirty.filter(([, d]) => d.writing === undefined);
      await settleBy([this.#writeMany(idle), ...dirty.map(([, d]) => d.writing ?? Promise.resolve())], deadline);
      const left = [...this.#docs].filter(([, d]) => d.queue.length > 0 || d.inFlight > 0);
      if (left.length === 0) return new Map();
      if (Date.now() >= deadline) return new Map(left.map(([name, d]) => [name, d.queue.length + d.inFlight]));
      await sleep(Math.min(this.options.retryBaseMs, Math.max(0, deadline - Date.now())));
    }
  }

  /** Waits for running compactions, but not past `deadline` (ms since the epoch); then no more timers fire (the server is closing). */
  async close(deadline: number = Date.now() + this.options.shutdownTimeoutMs): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const doc of this.#docs.values()) clearTimeout(doc.retryTimer);
    await this.#compactions.close(deadline);
  }

  #doc(docName: string): DocQueue {
    let doc = this.#docs.get(docName);
    if (!doc) {
      doc = {
        queue: [], queuedAt: [], inFlight: 0, inFlightSince: undefined, writing: undefined, failures: 0, retryTimer: undefined, liveSeq: undefined, live: undefined,
        queuedTotal: 0, writtenTotal: 0, waiters: [],
      };
      this.#docs.set(docName, doc);
    }
    return doc;
  }

  /** The timer fired: every document with updates due goes out in ONE write (appendMany). */
  #flushDue(): void {
    this.#timer = undefined;
    const due = [...this.#docs].filter(([, d]) => d.queue.length > 0 && d.retryTimer === undefined && d.writing === undefined);
    if (due.length > 0) void this.#writeMany(due);
  }

  /** One write of a document's queue (or joins the one in flight). Never rejects. */
  #write(docName: string, doc: DocQueue, immediate = false): Promise<void> {
    if (doc.writing) return doc.writing;
    if (doc.queue.length === 0 || (doc.retryTimer !== undefined && !immediate)) return Promise.resolve();
    return this.#writeMany([[docName, doc]]);
  }

  /**
   * Writes the queues of `entries` (documents with no write in flight) in one `appendMany`, at
   * most {@link MAX_UPDATES_PER_APPEND} updates and `maxAppendBytes` bytes in all (at least one
   * update); what does not fit stays queued for the next write. One write per document is in
   * flight at a time, so each document's updates are logged in the order accepted. Never rejects.
   */
  #writeMany(entries: readonly [string, DocQueue][]): Promise<void> {
    const jobs: WriteJob[] = [];
    let total = 0;
    let bytes = 0;
    const maxBytes = this.maxAppendBytes;
    for (const [docName, doc] of entries) {
      if (doc.writing || doc.queue.length === 0 || total >= MAX_UPDATES_PER_APPEND || bytes >= maxBytes) continue;
      let take = 0;
      while (take < doc.queue.length && total + take < MAX_UPDATES_PER_APPEND) {
        const size = doc.queue[take]!.byteLength;
        if (bytes + size > maxBytes && total + take > 0) break;
        bytes += size;
        take++;
      }
      if (take === 0) break;
      clearTimeout(doc.retryTimer);
      doc.retryTimer = undefined;
      const batch = doc.queue.splice(0, take);
      const queuedAt = doc.queuedAt.splice(0, batch.length);
      total += batch.length;
      doc.inFlight = batch.length;
      doc.inFlightSince = queuedAt[0];
      jobs.push({ docName, doc, batch, queuedAt });
    }
    if (jobs.length === 0) return Promise.resolve();
    const append = this.store.appendMany(jobs.map((j) => ({ docName: j.docName, updates: j.batch })));
    const written = withDeadline(append, this.options.writeTimeoutMs, `appending ${total} update(s) of ${jobs.length} document(s)`).then(
      (seqs) => {
        this.#healthy = true;
        this.metrics.persistenceWrites.inc({ result: 'ok' });
        jobs.forEach((job, i) => this.#written(job, seqs[i] ?? []));
      },
      (error: unknown) => {
        // A write past its deadline may still land later: then the retry appends the same
        // updates again, which changes nothing (Yjs updates are idempotent).
        this.#healthy = false;
        this.metrics.persistenceWrites.inc({ result: error instanceof DeadlineExceeded ? 'timeout' : 'error' });
        for (const job of jobs) this.#failed(job, error);
      },
    );
    const done = written.finally(() => {
      for (const { docName, doc } of jobs) {
        doc.writing = undefined;
        doc.inFlight = 0;
        doc.inFlightSince = undefined;
        // More may have arrived while writing: write it now if a batch is full, else on the timer.
        if (!this.#closed && doc.queue.length > 0 && doc.retryTimer === undefined) {
          if (doc.queue.length >= this.options.maxBatch) void this.#write(docName, doc);
          else this.#timer ??= setTimeout(() => this.#flushDue(), this.options.flushIntervalMs);
        }
      }
      // Documents that did not fit into this write (the per-write cap) go with the next one.
      if (!this.#closed && entries.some(([, d]) => d.queue.length > 0 && d.writing === undefined && d.retryTimer === undefined)) {
        this.#timer ??= setTimeout(() => this.#flushDue(), this.options.flushIntervalMs);
      }
    });
    for (const job of jobs) job.doc.writing = done;
    return done;
  }

  #written({ docName, doc, batch }: WriteJob, seqs: readonly number[]): void {
    if (doc.liveSeq !== undefined) {
      if (seqs[0] === doc.liveSeq + 1) doc.liveSeq = seqs[seqs.length - 1]!;
      else {
        this.logger.info({ doc: docName, expectedSeq: doc.liveSeq + 1, gotSeq: seqs[0] }, 'another writer appended to the log; compacting from the store from now on');
        doc.liveSeq = undefined;
      }
    }
    doc.failures = 0;
    doc.writtenTotal += batch.length;
    if (doc.waiters.length > 0) {
      const waiting = doc.waiters;
      doc.waiters = waiting.filter((w) => w.upTo > doc.writtenTotal);
      for (const w of waiting) if (w.upTo <= doc.writtenTotal) w.resolve();
    }
    this.metrics.persistedUpdates.inc(batch.length);
    this.#compactions.noteAppended(docName, batch);
  }

  #failed({ docName, doc, batch, queuedAt }: WriteJob, error: unknown): void {
    doc.failures++;
    // Back at the head of the queue, in order: nothing accepted is ever dropped.
    doc.queue.unshift(...batch);
    doc.queuedAt.unshift(...queuedAt);
    const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (doc.failures - 1));
    this.logger.error({ err: error, doc: docName, updates: batch.length, attempt: doc.failures, retryInMs: delay }, 'writing updates failed; will retry');
    if (!this.#closed) {
      doc.retryTimer = setTimeout(() => {
        doc.retryTimer = undefined;
        void this.#write(docName, doc);
      }, delay);
    }
  }
}
