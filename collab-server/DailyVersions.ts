/**
 * Automatic daily versions (issue #17 point 2; SPEC.md rule 24): when a model document changes
 * and its newest version (of any kind) is older than `intervalMs` — or it has none and was created
 * longer ago than that — the live state is saved as an automatic version `Daily — <date>` with its
 * summary. Checked at most every `intervalMs / 24` per document (an hour for a day), so a busy room
 * costs one store read an hour. A failed check or save is logged and tried again at the next check.
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocumentStore } from '@/lib/db/documentStore';
import { summaryAgainstLast } from './versionSummary';

export class DailyVersions {
  readonly #checked = new Map<string, number>();
  readonly #running = new Set<string>();

  constructor(
    private readonly store: Pick<DocumentStore, 'listVersions' | 'listChanges' | 'saveVersion'>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    /** Writes the buffered change rows (the summary reads them). */
    private readonly flushChanges: () => Promise<void> = async () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** A model document changed; `doc` is its live document. */
  changed(docName: string, doc: Y.Doc): void {
    if (this.intervalMs <= 0 || this.#running.has(docName)) return;
    const now = this.now();
    const last = this.#checked.get(docName);
    if (last !== undefined && now - last < this.intervalMs / 24) return;
    this.#checked.set(docName, now);
    this.#running.add(docName);
    void this.#check(docName, doc, now).finally(() => this.#running.delete(docName));
  }

  /** Resolves when no check is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async #check(docName: string, doc: Y.Doc, now: number): Promise<void> {
    try {
      const [latest] = await this.store.listVersions(docName);
      const created = Date.parse(String(doc.getMap('meta').get('createdAt') ?? ''));
      const since = latest?.createdAt.getTime() ?? (Number.isFinite(created) ? created : -Infinity);
      if (now - since < this.intervalMs) return;
      const state = Y.encodeStateAsUpdate(doc);
      const summary = await summaryAgainstLast(this.store, docName, doc, this.flushChanges);
      const label = `Daily — ${new Date(now).toISOString().slice(0, 10)}`;
      await this.store.saveVersion(docName, label, state, '@server', { kind: 'auto', ...(summary ? { summary } : {}) });
      this.logger.info({ doc: docName, label }, 'automatic daily version saved');
    } catch (error) {
      this.#checked.delete(docName);
      this.logger.warn({ err: error, doc: docName }, 'automatic daily version: failed; tried again at the next change');
    }
  }
}
