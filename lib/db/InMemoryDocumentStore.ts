import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  checkAppendBatches,
  checkCompactFrom,
  checkRebase,
  mergeParts,
  mergeStateParts,
  readMetaSchemaVersion,
  uniqueClientRows,
  changeLimit,
  type AppendBatch,
  type ChangeQuery,
  type DocChange,
  type DocChangeRow,
  type CompactResult,
  type DocClient,
  type DocClientRow,
  type DocumentStore,
  type DocVersionInfo,
  type VersionExtra,
  type LineageInfo,
  type LoadedDocument,
  type LoadedParts,
  type RebaseInput,
  type RebaseResult,
  type SchemaVersionReader,
  type StoredDocVersion,
} from './documentStore';

/** Options of {@link InMemoryDocumentStore}. */
export interface InMemoryDocumentStoreOptions {
  /** Reads the schema version recorded with snapshots and versions; default `meta.schemaVersion`. */
  schemaVersionOf?: SchemaVersionReader;
  /**
   * Times {@link InMemoryDocumentStore.edit} computes its change before it gives up because a
   * rebase ended the lineage each time; default 50 (as the Prisma store). Guards against livelock.
   */
  maxEditAttempts?: number;
  /**
   * A store whose data this one shares: two stores over one object behave like two processes on
   * one database (e.g. to race a second writer). Default: data of its own, empty.
   */
  sameDataAs?: InMemoryDocumentStore;
}

/** What a database would hold for one document. */
interface StoredDocument {
  snapshot: { seq: number; bytes: Uint8Array; schemaVersion: number; lineage: number } | null;
  /** The logged updates after the snapshot, in seq order. */
  log: { seq: number; bytes: Uint8Array }[];
  /** Lineages that a rebase started or ended; a document never rebased has none. */
  lineages: Map<number, { baseClient: number | null; final: { state: Uint8Array; stateVector: Uint8Array; seq: number } | null }>;
  clients: Map<number, DocClient>;
}

/** The data stores built with `sameDataAs` share. */
interface InMemoryData {
  documents: Map<string, StoredDocument>;
  /** Named versions, in the order they were saved. */
  versions: Map<string, StoredDocVersion>;
  /** Change rows, in the order they were appended. */
  changes: DocChange[];
}

/**
 * {@link DocumentStore} in memory: unit tests of the collaboration server (no database) and any
 * process that needs no durability. Passes the same contract suite as the Prisma store.
 *
 * Each call reads and writes in one synchronous step (nothing else runs in between, so each is
 * atomic), except where the Prisma store reads and writes in separate round trips and guards the
 * write: `compact` merges, lets others run, then writes only over the snapshot it merged; `edit`
 * computes its change, then appends only onto the lineage it read. Bytes are copied in and out,
 * as a database would, so a caller reusing a buffer changes nothing stored.
 */
export class InMemoryDocumentStore implements DocumentStore {
  readonly #data: InMemoryData;
  readonly #schemaVersionOf: SchemaVersionReader;
  readonly #maxEditAttempts: number;

  constructor(options: InMemoryDocumentStoreOptions = {}) {
    this.#data = options.sameDataAs ? options.sameDataAs.#data : { documents: new Map(), versions: new Map(), changes: [] };
    this.#schemaVersionOf = options.schemaVersionOf ?? readMetaSchemaVersion;
    this.#maxEditAttempts = options.maxEditAttempts ?? 50;
  }

  async load(docName: string): Promise<LoadedDocument> {
    return mergeParts(await this.loadParts(docName));
  }

  async loadParts(docName: string): Promise<LoadedParts> {
    const doc = this.#data.documents.get(docName);
    if (!doc) return { parts: [], seq: 0, updateCount: 0, lineage: { current: 0, baseClient: null, ended: [] }, clients: [] };
    const parts = doc.snapshot ? [doc.snapshot.bytes, ...doc.log.map((u) => u.bytes)] : doc.log.map((u) => u.bytes);
    return {
      parts: parts.map(copy),
      seq: parts.length === 0 ? 0 : endOf(doc),
      updateCount: doc.log.length,
      lineage: lineageOf(doc),
      clients: [...doc.clients.values()].map((c) => ({ ...c })),
    };
  }

  async appendUpdates(docName: string, updates: readonly Uint8Array[]): Promise<number[]> {
    const [seqs] = await this.appendMany([{ docName, updates }]);
    return seqs ?? [];
  }

  async appendMany(batches: readonly AppendBatch[]): Promise<number[][]> {
    checkAppendBatches(batches);
    return batches.map(({ docName, updates }) => this.#append(docName, updates));
  }

  async edit(docName: string, change: (current: LoadedDocument) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>): Promise<number[]> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(docName);
      const updates = await change(current);
      checkAppendBatches([{ docName, updates }]);
      if (updates.length === 0) return [];
      // Appends by others meanwhile need no check (updates of one lineage merge); a rebase does.
      if (lineageNumber(this.#data.documents.get(docName)) === current.lineage) return this.#append(docName, updates);
      if (attempt >= this.#maxEditAttempts) throw new Error(`edit(${docName}): the document was rebased ${attempt} times while the change was computed`);
    }
  }

  async compact(docName: string): Promise<CompactResult> {
    const doc = this.#data.documents.get(docName);
    const read = doc?.snapshot ?? null;
    const log = doc?.log ?? [];
    if (log.length === 0) return { compacted: false, seq: read?.seq ?? 0, mergedUpdates: 0 };
    const merged = mergeStateParts(read ? [read.bytes, ...log.map((u) => u.bytes)] : log.map((u) => u.bytes));
    const seq = log[log.length - 1]!.seq;
    const lineage = read?.lineage ?? 0;
    const schemaVersion = this.#schemaVersionOf(merged);
    // Others may compact or rebase while this one merges: it writes only over the snapshot it merged.
    await Promise.resolve();
    const current = this.#peek(docName);
    if (current.snapshot !== read) return { compacted: false, seq: current.snapshot?.seq ?? 0, mergedUpdates: 0 };
    current.snapshot = { seq, bytes: merged, schemaVersion, lineage };
    deleteCoveredUpdates(current);
    return { compacted: true, seq, mergedUpdates: log.length };
  }

  async compactFrom(docName: string, from: { state: Uint8Array; seq: number; schemaVersion: number; lineage: number }): Promise<CompactResult> {
    checkCompactFrom(docName, from);
    const { state, seq, schemaVersion, lineage } = from;
    const doc = this.#peek(docName);
    const end = endOf(doc);
    if (seq > end) throw new Error(`compactFrom(${docName}): seq ${seq} is past the end of the log (${end})`);
    const current = lineageNumber(doc);
    if (lineage !== current) throw new Error(`compactFrom(${docName}): the state is of lineage ${lineage}, the document is on lineage ${current}`);
    const snapshotSeq = doc.snapshot?.seq ?? 0;
    if (doc.snapshot && doc.snapshot.seq >= seq) return { compacted: false, seq: snapshotSeq, mergedUpdates: 0 };
    doc.snapshot = { seq, bytes: copy(state), schemaVersion, lineage };
    return { compacted: true, seq, mergedUpdates: deleteCoveredUpdates(doc) };
  }

  async rebase(docName: string, input: RebaseInput): Promise<RebaseResult> {
    checkRebase(docName, input);
    const { expect, finalState, newState, baseClient, schemaVersion } = input;
    const finalStateVector = Y.encodeStateVectorFromUpdate(finalState);
    const doc = this.#peek(docName);
    const lineage = lineageNumber(doc);
    if (lineage !== expect.lineage) return { rebased: false, reason: 'lineage-changed' };
    if (endOf(doc) !== expect.seq) return { rebased: false, reason: 'log-moved' };
    const next = lineage + 1;
    const ending = doc.lineages.get(lineage);
    doc.lineages.set(lineage, { baseClient: ending?.baseClient ?? null, final: { state: copy(finalState), stateVector: finalStateVector, seq: expect.seq } });
    doc.lineages.set(next, { baseClient, final: null });
    doc.snapshot = { seq: expect.seq, bytes: copy(newState), schemaVersion, lineage: next };
    deleteCoveredUpdates(doc);
    return { rebased: true, lineage: next, seq: expect.seq };
  }

  async loadLineageState(docName: string, lineage: number): Promise<Uint8Array | null> {
    const final = this.#data.documents.get(docName)?.lineages.get(lineage)?.final;
    return final ? copy(final.state) : null;
  }

  async writeClients(rows: readonly DocClientRow[]): Promise<void> {
    for (const { docName, clientId, userId, lineage, clock } of uniqueClientRows(rows)) {
      const clients = this.#document(docName).clients;
      const owned = clients.get(clientId);
      // A client id keeps the user it was first recorded with.
      if (!owned) clients.set(clientId, { clientId, userId, lineage, clock });
      else if (owned.userId === userId) Object.assign(owned, { lineage, clock });
    }
  }

  async saveVersion(docName: string, label: string, state: Uint8Array, createdBy: string, extra: VersionExtra = {}): Promise<DocVersionInfo> {
    if (state.length === 0) throw new Error(`saveVersion(${docName}): empty state`);
    const version: StoredDocVersion = { id: randomUUID(), docName, label, schemaVersion: this.#schemaVersionOf(state), createdBy, createdAt: new Date(), kind: extra.kind ?? 'named', summary: extra.summary ? { ...extra.summary } : null, state: copy(state) };
    this.#data.versions.set(version.id, version);
    return infoOf(version);
  }

  async listVersions(docName: string): Promise<DocVersionInfo[]> {
    // Saved in order, so the reverse of the map's order is newest first (also within one millisecond).
    return [...this.#data.versions.values()].filter((v) => v.docName === docName).reverse().map(infoOf);
  }

  async loadVersion(id: string): Promise<StoredDocVersion | null> {
    const version = this.#data.versions.get(id);
    return version ? { ...infoOf(version), state: copy(version.state) } : null;
  }

  async appendChanges(rows: readonly DocChangeRow[]): Promise<void> {
    for (const row of rows) this.#data.changes.push({ ...row, fields: [...row.fields], id: String(this.#data.changes.length + 1) });
  }

  async listChanges(docName: string, query: ChangeQuery = {}): Promise<DocChange[]> {
    const before = query.beforeId === undefined ? Infinity : Number(query.beforeId);
    return this.#data.changes
      .filter((c) => c.docName === docName && (query.recordId === undefined || c.recordId === query.recordId) && Number(c.id) < before)
      .reverse()
      .slice(0, changeLimit(query.limit))
      .map((c) => ({ ...c, fields: [...c.fields] }));
  }

  /** The document's data, or an empty document (not stored) if there is none. */
  #peek(docName: string): StoredDocument {
    return this.#data.documents.get(docName) ?? emptyDocument();
  }

  /** The document's data, stored empty first if there is none. */
  #document(docName: string): StoredDocument {
    let doc = this.#data.documents.get(docName);
    if (!doc) {
      doc = emptyDocument();
      this.#data.documents.set(docName, doc);
    }
    return doc;
  }

  /** Appends checked updates after the document's last seq; returns their seqs. */
  #append(docName: string, updates: readonly Uint8Array[]): number[] {
    if (updates.length === 0) return [];
    const doc = this.#document(docName);
    const head = endOf(doc);
    updates.forEach((u, i) => doc.log.push({ seq: head + i + 1, bytes: copy(u) }));
    return updates.map((_, i) => head + i + 1);
  }
}

function emptyDocument(): StoredDocument {
  return { snapshot: null, log: [], lineages: new Map(), clients: new Map() };
}

/** Seq of the document's last update, logged or in the snapshot (0 if none). */
function endOf(doc: StoredDocument): number {
  return Math.max(doc.log.at(-1)?.seq ?? 0, doc.snapshot?.seq ?? 0);
}

/** The document's current lineage (0 until its first rebase, and for a document never stored). */
function lineageNumber(doc: StoredDocument | undefined): number {
  return doc?.snapshot?.lineage ?? 0;
}

function lineageOf(doc: StoredDocument): LineageInfo {
  const current = lineageNumber(doc);
  const ended = [...doc.lineages]
    .filter(([lineage, { final }]) => lineage < current && final !== null)
    .sort(([a], [b]) => a - b)
    .map(([lineage, { baseClient, final }]) => ({ lineage, baseClient, finalStateVector: copy(final!.stateVector) }));
  return { current, baseClient: doc.lineages.get(current)?.baseClient ?? null, ended };
}

/** Deletes the logged updates the snapshot covers; returns how many. */
function deleteCoveredUpdates(doc: StoredDocument): number {
  const covered = doc.snapshot?.seq ?? 0;
  const before = doc.log.length;
  doc.log = doc.log.filter((u) => u.seq > covered);
  return before - doc.log.length;
}

function infoOf({ id, docName, label, schemaVersion, createdBy, createdAt, kind, summary }: StoredDocVersion): DocVersionInfo {
  return { id, docName, label, schemaVersion, createdBy, createdAt, kind, summary: summary ? { ...summary } : null };
}

function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
