import type { ChangeQuery, CompactResult, DocChange, DocChangeRow, DocClientRow, DocumentStore, DocVersionInfo, LoadedDocument, LoadedParts, RebaseInput, RebaseResult, StoredDocVersion, VersionExtra } from '@/lib/db/documentStore';

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
  /** Rebases, with what the store answered. */
  readonly rebases: { docName: string; result: RebaseResult }[] = [];
  /** Held before each rebase, if set. */
  holdRebase: Gate | undefined;
  /** Number of rebases that fail before rebases succeed again. */
  failRebase = 0;
  /** Held before each read of an ended lineage's state, if set. */
  holdLineageLoad: Gate | undefined;
  /** Every writeClients call, in order. */
  readonly clientWrites: DocClientRow[][] = [];
  /** Held before each writeClients, if set. */
  holdClients: Gate | undefined;

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

  async compactFrom(docName: string, from: { state: Uint8Array; seq: number; schemaVersion: number; lineage: number }): Promise<CompactResult> {
    this.compactions.push(docName);
    this.compactionKinds.push({ docName, kind: 'live', seq: from.seq });
    return this.inner.compactFrom(docName, from);
  }

  edit(docName: string, change: (current: LoadedDocument) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>): Promise<number[]> {
    return this.inner.edit(docName, change);
  }

  async rebase(docName: string, input: RebaseInput): Promise<RebaseResult> {
    await this.holdRebase?.wait();
    if (this.failRebase > 0) {
      this.failRebase--;
      throw new Error(`injected rebase failure for ${docName}`);
    }
    const result = await this.inner.rebase(docName, input);
    this.rebases.push({ docName, result });
    return result;
  }

  async loadLineageState(docName: string, lineage: number): Promise<Uint8Array | null> {
    await this.holdLineageLoad?.wait();
    return this.inner.loadLineageState(docName, lineage);
  }

  async writeClients(rows: readonly DocClientRow[]): Promise<void> {
    await this.holdClients?.wait();
    await this.inner.writeClients(rows);
    this.clientWrites.push([...rows]);
  }

  saveVersion(docName: string, label: string, state: Uint8Array, createdBy: string, extra?: VersionExtra): Promise<DocVersionInfo> {
    return this.inner.saveVersion(docName, label, state, createdBy, extra);
  }

  listVersions(docName: string): Promise<DocVersionInfo[]> {
    return this.inner.listVersions(docName);
  }

  loadVersion(id: string): Promise<StoredDocVersion | null> {
    return this.inner.loadVersion(id);
  }

  /** Change rows appended, per call. */
  readonly changeBatches: DocChangeRow[][] = [];
  /** When set, appendChanges fails with this error. */
  failChanges: Error | undefined;

  async appendChanges(rows: readonly DocChangeRow[]): Promise<void> {
    if (this.failChanges) throw this.failChanges;
    this.changeBatches.push([...rows]);
    return this.inner.appendChanges(rows);
  }

  listChanges(docName: string, query?: ChangeQuery): Promise<DocChange[]> {
    return this.inner.listChanges(docName, query);
  }

  /** Opens every held gate (test clean-up, so a failed test cannot leave the server waiting). */
  releaseAll(): void {
    this.holdAppend?.open();
    this.holdAppend = undefined;
    this.holdRebase?.open();
    this.holdRebase = undefined;
    this.holdLineageLoad?.open();
    this.holdLineageLoad = undefined;
    this.holdClients?.open();
    this.holdClients = undefined;
    for (const gate of this.holdLoad.values()) gate.open();
    this.holdLoad.clear();
  }

  /** Appends recorded for `docName`. */
  appendsOf(docName: string): { docName: string; count: number }[] {
    return this.appends.filter((a) => a.docName === docName);
  }
}
