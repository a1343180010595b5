import * as Y from 'yjs';
import { schemaVersionOfState } from '../doc/updates';

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
 * Persistence of Yjs documents (architecture §4). Every implementation must pass the contract
 * suite in test/integration/db/documentStoreContract.ts.
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
  /**
   * Records Yjs client ids of documents with their owners and clocks (collab-server/SPEC.md
   * rule 22), for several documents in one write, all or nothing. A client id keeps the user it
   * was first recorded with: a row naming another user for it changes nothing. `clock` and
   * `lineage` are set as given (raised or lowered). Loaded with the document (`loadParts`);
   * compaction and rebase leave them alone.
   */
  writeClients(rows: readonly DocClientRow[]): Promise<void>;
  /** Stores a named version (full encoded state) of a document. */
  saveVersion(docName: string, label: string, state: Uint8Array, createdBy: string): Promise<DocVersionInfo>;
  /** Versions of a document, newest first, without their state. */
  listVersions(docName: string): Promise<DocVersionInfo[]>;
  /** One version with its state, or null if there is no version with this id. */
  loadVersion(id: string): Promise<StoredDocVersion | null>;
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

/** Merges {@link LoadedParts} into one {@link LoadedDocument}. */
export function mergeParts({ parts, seq, updateCount, lineage }: Pick<LoadedParts, 'parts' | 'seq' | 'updateCount' | 'lineage'>): LoadedDocument {
  const state = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  return { state, seq, updateCount, lineage: lineage.current };
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
