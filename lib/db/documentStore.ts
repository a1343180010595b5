import { mergeInRuns, schemaVersionOfState } from '../doc/updates';

/**
 * Most updates one append call takes, on every store (part of the contract: callers batch to it;
 * bounds one statement's size in SQL stores).
 */
export const MAX_UPDATES_PER_APPEND = 5_000;
/**
 * Most bytes of updates one append call takes, unless it is a single update (in SQL one statement
 * parameter holds them all, and Postgres refuses a value over 1 GB).
 */
export const MAX_BYTES_PER_APPEND = 64 * 1024 * 1024;

/**
 * Persistence of Yjs documents (architecture §4). Every implementation (`PrismaDocumentStore`,
 * `InMemoryDocumentStore`) must pass the contract suite in
 * test/integration/db/documentStoreContract.ts.
 *
 * The methods come in four groups: the log (load, append, edit, compact), lineages (rebase and
 * the ended lineages' states), client ids and their owners, and named versions.
 *
 * Model: an append-only log of updates per document, each with a per-document `seq` (strictly
 * increasing, never reused), plus at most one snapshot that merges every update up to its `seq`.
 * Loading costs one snapshot plus the updates after it; compaction folds the log into the
 * snapshot. Named versions are immutable full states.
 *
 * Lineages (docs/DECISIONS.md 22): a rebase replaces the document's Yjs history by a copy of its
 * content under a new lineage (the log continues at the next seq); the lineage it ends keeps its
 * final state, from which the edits of clients still holding it are carried over. Writers that
 * read the document and then append to it (`edit`), compaction and rebase exclude each other per
 * document, so nothing read on one lineage is written onto another.
 */
export interface DocumentStore {
  // The log: snapshot plus updates.

  /** The merged state of a document, or `state: null` if nothing was ever stored for it. */
  load(docName: string): Promise<LoadedDocument>;
  /**
   * The stored state as it lies: the snapshot (if any) then the logged updates after it, in seq
   * order, read consistently (one MVCC snapshot). Applying `parts` in order gives `load`'s state;
   * a server applies them without merging them first (merging costs about as much as applying).
   */
  loadParts(docName: string): Promise<LoadedParts>;
  /**
   * Appends updates (in order) in one write and returns their seqs, contiguous and increasing.
   * Safe under concurrent appenders to the same document, in one process or many.
   */
  appendUpdates(docName: string, updates: readonly Uint8Array[]): Promise<number[]>;
  /**
   * {@link appendUpdates} for several documents in ONE write (a server flushing many rooms at
   * once): all or nothing. Returns each batch's seqs, in the order of `batches`. A document may
   * appear once.
   */
  appendMany(batches: readonly { docName: string; updates: readonly Uint8Array[] }[]): Promise<number[][]>;
  /**
   * Reads the document and appends what `change` makes of it, never onto a lineage other than the
   * one read: if a rebase ends that lineage before the append, `change` is called again with the
   * new lineage's state. The way for a writer other than the collaboration server holding the
   * room (e.g. the web app renaming a building) to write a change computed from the stored state.
   * `change` may return no updates (and may run more than once). Returns the appended seqs.
   */
  edit(docName: string, change: (current: LoadedDocument) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>): Promise<number[]>;
  /**
   * Merges the snapshot and the logged updates into a new snapshot and deletes the merged updates,
   * atomically. The loaded state is identical before and after. A no-op if the log is empty.
   */
  compact(docName: string): Promise<CompactResult>;
  /**
   * Compaction from a state the caller already holds: stores `state` as the snapshot at `seq` and
   * deletes the logged updates up to `seq`, atomically, without reading or merging the log. The
   * caller guarantees that `state` contains every update up to `seq` (e.g. the live document of
   * the server that loaded the log and made every append since; it may contain more). A no-op if
   * the current snapshot is already at or past `seq`; refused if `seq` is past the log's end.
   */
  compactFrom(docName: string, from: { state: Uint8Array; seq: number; schemaVersion: number; lineage: number }): Promise<CompactResult>;

  // Lineages.

  /**
   * Ends the document's lineage `expect.lineage` and starts the next one, atomically: stores
   * `newState` (the same content re-created without history by Yjs client `baseClient`) as the
   * snapshot at `expect.seq`, deletes the log up to it, and keeps `finalState` (the ended lineage's
   * state) with its state vector. Refused (nothing written) unless the lineage is still
   * `expect.lineage` and the log still ends at `expect.seq` (no one appended meanwhile).
   */
  rebase(docName: string, input: RebaseInput): Promise<RebaseResult>;
  /** The final state of an ended lineage of a document, or null if there is none. */
  loadLineageState(docName: string, lineage: number): Promise<Uint8Array | null>;

  // Client ids and their owners.

  /**
   * Records Yjs client ids of documents with their owners and clocks (collab-server/SPEC.md
   * rule 22), for several documents in one write, all or nothing. A client id keeps the user it
   * was first recorded with: a row naming another user for it changes nothing. `clock` and
   * `lineage` are set as given (raised or lowered). Loaded with the document (`loadParts`);
   * compaction and rebase leave them alone.
   */
  writeClients(rows: readonly DocClientRow[]): Promise<void>;

  // Named versions: contract-tested, for the history page, which no code calls yet.

  /**
   * Stores a named version (full encoded state) of a document.
   * @planned the history page.
   */
  saveVersion(docName: string, label: string, state: Uint8Array, createdBy: string, extra?: VersionExtra): Promise<DocVersionInfo>;
  /**
   * Versions of a document, newest first, without their state.
   * @planned the history page.
   */
  listVersions(docName: string): Promise<DocVersionInfo[]>;
  /**
   * One version with its state, or null if there is no version with this id.
   * @planned the history page.
   */
  loadVersion(id: string): Promise<StoredDocVersion | null>;

  // Who changed what (issue #17; collab-server/SPEC.md rule 24).

  /** Appends change rows, all in one write. */
  appendChanges(rows: readonly DocChangeRow[]): Promise<void>;
  /**
   * A document's changes, newest first: of one record when `recordId` is given (`''` for meta),
   * at most `limit` (default 100, at most 1,000), older than the change `beforeId` for paging.
   */
  listChanges(docName: string, query?: ChangeQuery): Promise<DocChange[]>;
}

/** One record an accepted update touched, attributed to a user. */
export interface DocChangeRow {
  docName: string;
  /** `elements`, `storeys`, `connections` or `meta`. */
  collection: string;
  /** The record's id; `''` for meta. */
  recordId: string;
  action: 'create' | 'update' | 'delete';
  /** Fields written, sorted (`props.<key>` for a user property); empty for a delete. */
  fields: string[];
  /** The connection's user, or the server's actor (`server:<user>`, `@server`). */
  userId: string;
  at: Date;
}

/** A stored {@link DocChangeRow}. */
export interface DocChange extends DocChangeRow {
  /** Increasing with insertion (a bigint as a decimal string). */
  id: string;
}

/** Filter and page of {@link DocumentStore.listChanges}. */
export interface ChangeQuery {
  recordId?: string;
  limit?: number;
  beforeId?: string;
}

/** The limit {@link DocumentStore.listChanges} applies. */
export function changeLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(1_000, Math.floor(limit ?? 100)));
}

/** A document's lineages as a load sees them. */
export interface LineageInfo {
  /** The current lineage: 0 until the first rebase. */
  current: number;
  /** Yjs client id that wrote the current lineage's base; null for lineage 0. */
  baseClient: number | null;
  /** The ended lineages, oldest first. */
  ended: EndedLineage[];
}

/** An ended lineage: who wrote its base, and the state vector of its final state. */
export interface EndedLineage {
  lineage: number;
  /** Null for lineage 0. */
  baseClient: number | null;
  finalStateVector: Uint8Array;
}

/** The lineage of a document never rebased. */
export const FIRST_LINEAGE: LineageInfo = Object.freeze({ current: 0, baseClient: null, ended: [] }) as LineageInfo;

/** Input of {@link DocumentStore.rebase}. */
export interface RebaseInput {
  /** What the rebase was computed from: the current lineage and the seq of the log's last update. */
  expect: { lineage: number; seq: number };
  /** The state of the ending lineage at `expect.seq`. */
  finalState: Uint8Array;
  /** The same content without history: the new lineage's base. */
  newState: Uint8Array;
  /** The Yjs client id that wrote `newState` (a uint32). */
  baseClient: number;
  /** Model schema version of `newState`. */
  schemaVersion: number;
}

/** Result of {@link DocumentStore.rebase}. */
export type RebaseResult =
  | { rebased: true; lineage: number; seq: number }
  | { rebased: false; reason: 'lineage-changed' | 'log-moved' };

/** Result of {@link DocumentStore.load}. */
export interface LoadedDocument {
  /** One Yjs update holding the whole stored state; null if the document has never been stored. */
  state: Uint8Array | null;
  /** Seq of the last update included in `state` (0 if none). */
  seq: number;
  /** Number of logged updates after the snapshot, i.e. what compaction would fold in. */
  updateCount: number;
  /** The document's current lineage (0 until its first rebase). */
  lineage: number;
}

/**
 * A Yjs client id of a document and who owns it (collab-server/SPEC.md rule 22): the user whose
 * connection first wrote with it. Nobody else may write structs of it at or beyond `clock`.
 */
export interface DocClient {
  /** The Yjs client id (a uint32). */
  clientId: number;
  /** The owner: a user id (the collab token's `sub`), or `@server` for the server's own writes. */
  userId: string;
  /** The lineage `clock` refers to. */
  lineage: number;
  /**
   * Structs of this client below this clock may have reached other clients (the server broadcast
   * them), so after a crash anyone may deliver them again.
   */
  clock: number;
}

/** A {@link DocClient} of the document `docName` (for {@link DocumentStore.writeClients}). */
export interface DocClientRow extends DocClient {
  docName: string;
}

/** Result of {@link DocumentStore.loadParts}. */
export interface LoadedParts {
  /** The snapshot (if any), then the updates after it; empty if the document was never stored. */
  parts: Uint8Array[];
  /** Seq of the last part (0 if none). */
  seq: number;
  /** Number of logged updates after the snapshot (what compaction would fold in). */
  updateCount: number;
  lineage: LineageInfo;
  /** The document's client ids and their owners (SPEC.md rule 22). */
  clients: DocClient[];
}

/** Most updates merged in one `Y.mergeUpdates` call: its cost grows faster than the number it merges. */
const MERGE_RUN = 500;

/**
 * Parts (a snapshot, then updates) merged into one update: in runs of {@link MERGE_RUN}, then the
 * runs, and so on. Applied, the result is the same document as `Y.mergeUpdates(parts)`.
 */
export function mergeStateParts(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) throw new Error('mergeStateParts: no parts');
  let merged = parts;
  while (merged.length > 1) merged = mergeInRuns(merged, MERGE_RUN);
  return merged[0]!;
}

/** Merges {@link LoadedParts} into one {@link LoadedDocument}. */
export function mergeParts({ parts, seq, updateCount, lineage }: Pick<LoadedParts, 'parts' | 'seq' | 'updateCount' | 'lineage'>): LoadedDocument {
  return { state: parts.length === 0 ? null : mergeStateParts(parts), seq, updateCount, lineage: lineage.current };
}

/** Result of {@link DocumentStore.compact}. */
export interface CompactResult {
  /** False if there was nothing to compact, or another compaction of the same doc won the race. */
  compacted: boolean;
  /** Seq of the snapshot after this call (0 if the document has none). */
  seq: number;
  /** Number of updates folded into the snapshot by this call. */
  mergedUpdates: number;
}

/** A named version, without its state. */
export interface DocVersionInfo {
  id: string;
  docName: string;
  label: string;
  schemaVersion: number;
  createdBy: string;
  createdAt: Date;
  kind: VersionKind;
  summary: VersionSummary | null;
}

/** `named`: saved by a person; `auto`: saved by ArxOS (before an import, restore or revert; daily). */
export type VersionKind = 'named' | 'auto';

/** Elements added, removed and changed since the document's previous version. */
export interface VersionSummary {
  added: number;
  removed: number;
  changed: number;
}

/** What a version is besides its state (defaults: `named`, no summary). */
export interface VersionExtra {
  kind?: VersionKind;
  summary?: VersionSummary;
}

/** A named version with its state. */
export interface StoredDocVersion extends DocVersionInfo {
  state: Uint8Array;
}

/** Reads the model schema version out of an encoded document state. */
export type SchemaVersionReader = (state: Uint8Array) => number;

/**
 * Default {@link SchemaVersionReader}: `meta.schemaVersion` of the document (architecture §2),
 * or 0 when the document has none (e.g. the review document).
 */
export const readMetaSchemaVersion: SchemaVersionReader = schemaVersionOfState;

/** One batch of {@link DocumentStore.appendMany}. */
export interface AppendBatch {
  docName: string;
  updates: readonly Uint8Array[];
}

/*
 * The argument checks of the contract, shared by every store so that a caller's mistake fails the
 * same way (same message) whichever store it runs on, before anything is written.
 */

/**
 * Checks batches of {@link DocumentStore.appendMany}: one batch per document, no empty update,
 * at most {@link MAX_UPDATES_PER_APPEND} updates and (unless one) {@link MAX_BYTES_PER_APPEND}
 * bytes in all. Returns the number of updates and their total bytes.
 */
export function checkAppendBatches(batches: readonly AppendBatch[]): { count: number; bytes: number } {
  const seen = new Set<string>();
  let count = 0;
  let bytes = 0;
  for (const { docName, updates } of batches) {
    if (seen.has(docName)) throw new Error(`appendMany: ${docName} appears twice; pass one batch per document`);
    seen.add(docName);
    updates.forEach((u, i) => {
      if (!(u instanceof Uint8Array) || u.length === 0) throw new Error(`appendUpdates(${docName}): update #${i} is empty or not a Uint8Array`);
      count++;
      bytes += u.length;
    });
  }
  if (count > MAX_UPDATES_PER_APPEND) {
    throw new Error(`appendUpdates: ${count} updates in one call; split into batches of at most ${MAX_UPDATES_PER_APPEND}`);
  }
  if (count > 1 && bytes > MAX_BYTES_PER_APPEND) {
    throw new Error(`appendUpdates: ${bytes} bytes of updates in one call; split into batches of at most ${MAX_BYTES_PER_APPEND} bytes`);
  }
  return { count, bytes };
}

/**
 * Checks rows of {@link DocumentStore.writeClients} (whole numbers >= 0) and keeps one row per
 * document and client id, the last given (one write may not set a row twice).
 */
export function uniqueClientRows(rows: readonly DocClientRow[]): DocClientRow[] {
  const unique = new Map<string, DocClientRow>();
  for (const row of rows) {
    for (const [name, value] of [['clientId', row.clientId], ['clock', row.clock], ['lineage', row.lineage]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new Error(`writeClients(${row.docName}): ${name} ${value} is not a whole number >= 0`);
    }
    unique.set(`${row.docName}\u0000${row.clientId}`, row);
  }
  return [...unique.values()];
}

/** Checks the arguments of {@link DocumentStore.compactFrom}: a non-empty state at a positive seq. */
export function checkCompactFrom(docName: string, { state, seq }: { state: Uint8Array; seq: number }): void {
  if (!(state instanceof Uint8Array) || state.length === 0) throw new Error(`compactFrom(${docName}): empty state`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`compactFrom(${docName}): seq ${seq} is not a positive integer`);
}

/** Checks the arguments of {@link DocumentStore.rebase}: a positive seq, a uint32 base client, non-empty states. */
export function checkRebase(docName: string, { expect, finalState, newState, baseClient }: RebaseInput): void {
  if (!Number.isSafeInteger(expect.seq) || expect.seq < 1) throw new Error(`rebase(${docName}): seq ${expect.seq} is not a positive integer (nothing to rebase)`);
  if (!Number.isInteger(baseClient) || baseClient < 0 || baseClient > 0xffff_ffff) throw new Error(`rebase(${docName}): base client ${baseClient} is not a uint32`);
  if (finalState.length === 0 || newState.length === 0) throw new Error(`rebase(${docName}): empty state`);
}
