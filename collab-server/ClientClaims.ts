/**
 * Writes the client-id bounds of every room of the server (SPEC.md rule 22) to the store: one
 * `writeClients` call for all the rooms that have rows due, one call in flight at a time, with a
 * deadline, retried with backoff on failure. A room's updates that go past a client's bound wait
 * for the write (the room holds them), so writes are rare: the bound is raised with headroom.
 */
import type { Logger } from 'pino';
import type { DocClientRow, DocumentStore } from '@/lib/db/documentStore';
import type { ClientOwners } from './clientOwners';
import type { CollabMetrics } from './metrics';
import type { PersistenceOptions } from './options';
import { DeadlineExceeded, settleBy, withDeadline } from './time';
import { setTimeout as sleep } from 'node:timers/promises';

/** A room's part in the writes: its owners, and what to do once its rows are written. */
interface Due {
  owners: ClientOwners;
  written: () => void;
}

/** The client-id bound writer of one server. */
export class ClientClaims {
  readonly #due = new Map<string, Due>();
  #writing: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly options: Pick<PersistenceOptions, 'writeTimeoutMs' | 'retryBaseMs' | 'retryMaxMs'>,
    private readonly logger: Logger,
    private readonly metrics: CollabMetrics,
  ) {}

  /** Writes `owners`' due rows of `docName` soon (with other rooms' rows due in the same turn); `written` runs after. */
  schedule(docName: string, owners: ClientOwners, written: () => void): void {
    this.#due.set(docName, { owners, written });
    this.#kick();
  }

  /** Whether a write of `docName`'s rows is waiting or running. */
  pending(docName: string): boolean {
    return this.#due.has(docName) || this.#writing !== undefined;
  }

  /**
   * Writes everything due, retrying until `deadline` (ms since the epoch). Resolves true when
   * nothing is left to write.
   */
  async flush(deadline: number): Promise<boolean> {
    for (;;) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      if (this.#writing) await settleBy([this.#writing], deadline);
      else if (this.#due.size > 0) await settleBy([this.#write()], deadline);
      if (!this.#writing && this.#due.size === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(this.options.retryBaseMs, Math.max(0, deadline - Date.now())));
    }
  }

  /** No more retries after this (the server is closing). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #kick(): void {
    if (this.#writing || this.#retryTimer || this.#closed) return;
    // After this turn's messages: their rows go in the same write.
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#write();
    }, 0);
  }

  #write(): Promise<void> {
    if (this.#writing) return this.#writing;
    const batch = [...this.#due];
    this.#due.clear();
    const rows: DocClientRow[] = [];
    const perDoc = batch.map(([docName, due]) => {
      const docRows = due.owners.dueRows();
      for (const row of docRows) rows.push({ ...row, docName });
      return { due, docRows };
    });
    if (rows.length === 0) {
      for (const { due } of perDoc) due.written();
      return Promise.resolve();
    }
    const writing = withDeadline(this.store.writeClients(rows), this.options.writeTimeoutMs, `writing ${rows.length} client id bound(s)`)
      .then(
        () => {
          this.#failures = 0;
          this.metrics.clientClaimWrites.inc({ result: 'ok' });
          for (const { due, docRows } of perDoc) {
            due.owners.written(docRows);
            due.written();
          }
        },
        (error: unknown) => {
          this.#failures++;
          this.metrics.clientClaimWrites.inc({ result: error instanceof DeadlineExceeded ? 'timeout' : 'error' });
          for (const [docName, due] of batch) if (!this.#due.has(docName)) this.#due.set(docName, due);
          const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (this.#failures - 1));
          this.logger.error({ err: error, docs: batch.map(([d]) => d), rows: rows.length, attempt: this.#failures, retryInMs: delay }, 'writing client id bounds failed; will retry');
          if (!this.#closed) {
            clearTimeout(this.#retryTimer);
            this.#retryTimer = setTimeout(() => {
              this.#retryTimer = undefined;
              void this.#write();
            }, delay);
          }
        },
      )
      .finally(() => {
        this.#writing = undefined;
        if (this.#due.size > 0 && this.#failures === 0) this.#kick();
      });
    this.#writing = writing;
    return writing;
  }
}
