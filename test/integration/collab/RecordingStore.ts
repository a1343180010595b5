import type { CompactResult, DocumentStore, DocVersionInfo, LoadedDocument, LoadedParts, StoredDocVersion } from '@/lib/db/documentStore';

/** A gate a test opens when it is ready: `wait()` blocks until `open()`. */
export class Gate {
  #open!: () => void;
  readonly #promise = new Promise<void>((resolve) => {
    this.#open = resolve;
  });
  /** Resolves once {@link open} was called. */
  wait(): Promise<void> {
    return this.#promise;
  }
  open(): void {
    this.#open();
  }
}

/**
 * A {@link DocumentStore} around the real one that records calls and lets a test inject
 * failures or hold calls (to make timing deterministic instead of sleeping).
 */
export class RecordingStore implements DocumentStore {
  readonly loads: string[] = [];
  readonly appends: { docName: string; count: number }[] = [];
  readonly compactions: string[] = [];
  /** How each compaction was asked for: merged by the store, or from the caller's live state. */
  readonly compactionKinds: { docName: string; kind: 'store' | 'live'; seq?: number }[] = [];
  /** Documents whose load throws. */
  readonly failLoad = new Set<string>();
  /** Held before each load of the document, if set. */
  readonly holdLoad = new Map<string, Gate>();
  /** Held before each append, if set. */
  holdAppend: Gate | undefined;
  /** Number of appends that fail before appends succeed again. */
  failAppends = 0;

  constructor(readonly inner: DocumentStore) {}

  async load(docName: string): Promise<LoadedDocument> {
    this.loads.push(docName);
    await this.holdLoad.get(docName)?.wait();
    if (this.failLoad.has(docName)) throw new Error(`injected load failure for ${docName}`);
    return this.inner.load(docName);
  }

  async loadParts(docName: string): Promise<LoadedParts> {
    this.loads.push(docName);
    await this.holdLoad.get(docName)?.wait();
    if (this.failLoad.has(docName)) throw new Error(`injected load failure for ${docName}`);
    return this.inner.loadParts(docName);
  }

  async appendUpdates(docName: string, updates: readonly Uint8Array[]): Promise<number[]> {
    await this.holdAppend?.wait();
    if (this.failAppends > 0) {
      this.failAppends--;
      throw new Error(`injected append failure for ${docName}`);
    }
    const seqs = await this.inner.appendUpdates(docName, updates);
    this.appends.push({ docName, count: updates.length });
    return seqs;
  }

  async appendMany(batches: readonly { docName: string; updates: readonly Uint8Array[] }[]): Promise<number[][]> {
    await this.holdAppend?.wait();
    if (this.failAppends > 0) {
      this.failAppends--;
      throw new Error(`injected append failure for ${batches.map((b) => b.docName).join(', ')}`);
    }
    const seqs = await this.inner.appendMany(batches);
    for (const { docName, updates } of batches) this.appends.push({ docName, count: updates.length });
    return seqs;
  }

  async compact(docName: string): Promise<CompactResult> {
    this.compactions.push(docName);
    this.compactionKinds.push({ docName, kind: 'store' });
    return this.inner.compact(docName);
  }

  async compactFrom(docName: string, from: { state: Uint8Array; seq: number; schemaVersion: number }): Promise<CompactResult> {
    this.compactions.push(docName);
    this.compactionKinds.push({ docName, kind: 'live', seq: from.seq });
    return this.inner.compactFrom(docName, from);
  }

  saveVersion(docName: string, label: string, state: Uint8Array, createdBy: string): Promise<DocVersionInfo> {
    return this.inner.saveVersion(docName, label, state, createdBy);
  }

  listVersions(docName: string): Promise<DocVersionInfo[]> {
    return this.inner.listVersions(docName);
  }

  loadVersion(id: string): Promise<StoredDocVersion | null> {
    return this.inner.loadVersion(id);
  }

  /** Opens every held gate (test clean-up, so a failed test cannot leave the server waiting). */
  releaseAll(): void {
    this.holdAppend?.open();
    this.holdAppend = undefined;
    for (const gate of this.holdLoad.values()) gate.open();
    this.holdLoad.clear();
  }

  /** Appends recorded for `docName`. */
  appendsOf(docName: string): { docName: string; count: number }[] {
    return this.appends.filter((a) => a.docName === docName);
  }
}
