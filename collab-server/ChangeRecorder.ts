/**
 * Writes who changed what (SPEC.md rule 24) in batches: rows are buffered and appended at most
 * every `flushMs`, or at once past `maxBatch` rows, in one write each; a failed write is retried
 * with the next batch (its rows kept, up to `maxBuffered`, beyond which the oldest are dropped and
 * counted). Shutdown writes what is left, within its deadline.
 */
import type { Logger } from 'pino';
import type { DocChangeRow, DocumentStore } from '@/lib/db/documentStore';

export interface ChangeRecorderOptions {
  flushMs: number;
  maxBatch: number;
  maxBuffered: number;
}

export const DEFAULT_CHANGE_RECORDER: ChangeRecorderOptions = { flushMs: 100, maxBatch: 1_000, maxBuffered: 200_000 };

export class ChangeRecorder {
  #rows: DocChangeRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  /** Rows dropped because the store kept failing (logged). */
  dropped = 0;

  constructor(
    private readonly store: Pick<DocumentStore, 'appendChanges'>,
    private readonly logger: Logger,
    private readonly options: ChangeRecorderOptions = DEFAULT_CHANGE_RECORDER,
  ) {}

  /** Buffers `rows` to be written. */
  record(rows: readonly DocChangeRow[]): void {
    if (rows.length === 0) return;
    this.#rows.push(...rows);
    if (this.#rows.length > this.options.maxBuffered) {
      const excess = this.#rows.length - this.options.maxBuffered;
      this.#rows.splice(0, excess);
      this.dropped += excess;
      this.logger.error({ dropped: excess }, 'change attribution: the store keeps failing; the oldest unwritten rows were dropped');
    }
    if (this.#rows.length >= this.options.maxBatch) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  /** How many rows wait to be written. */
  get pending(): number {
    return this.#rows.length;
  }

  /** Writes what is buffered (one write at a time); resolves when it is written or has failed. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#writing) await this.#writing;
    if (this.#rows.length === 0) return;
    const batch = this.#rows.splice(0, this.options.maxBatch);
    this.#writing = this.store.appendChanges(batch).then(
      () => undefined,
      (error: unknown) => {
        this.#rows.unshift(...batch);
        this.logger.warn({ err: error, rows: batch.length }, 'change attribution: writing failed; retrying with the next batch');
        this.#timer ??= setTimeout(() => void this.flush(), this.options.flushMs * 10);
      },
    );
    try {
      await this.#writing;
    } finally {
      this.#writing = undefined;
    }
    if (this.#rows.length >= this.options.maxBatch) await this.flush();
  }

  /** Writes everything left, until `deadline` (epoch ms); returns how many rows were not written. */
  async close(deadline: number): Promise<number> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#rows.length > 0 && Date.now() < deadline) {
      const before = this.#rows.length;
      await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
      if (this.#rows.length >= before) break; // the store failed: do not spin
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#rows.length > 0) this.logger.error({ rows: this.#rows.length }, 'shutdown: change attribution rows could not be written');
    return this.#rows.length;
  }
}
