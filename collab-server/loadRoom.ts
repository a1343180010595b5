/**
 * A room's load (SPEC.md rule 3): the stored parts read with a deadline, fresh clients answered
 * straight from them while the room applies them, and model documents migrated before any client
 * syncs.
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocClient, DocumentStore, LineageInfo } from '@/lib/db/documentStore';
import { getMaps, migrateDoc, ORIGIN } from '@/lib/doc';
import { mergeInRuns } from '@/lib/doc/updates';
import { SyncMessageType } from '@/lib/protocol';
import type { Connection } from './Connection';
import { decodeFrame, encodeSync, encodeSyncUpdate } from './frames';
import { countIn, type Traffic } from './metrics';
import { settleBy, withDeadline } from './time';

/** What a load found. */
export interface LoadedRoom {
  /** The document's lineages (SPEC.md rules 20-21). */
  lineage: LineageInfo;
  /** The document's client ids and their owners (SPEC.md rule 22). */
  clients: DocClient[];
  /** Client ids only the server writes with: the room's own and every lineage's base client. */
  serverClients: number[];
  /** The stored log as loaded, for compaction (PersistenceQueue.noteLoaded). */
  log: { seq: number; updateCount: number; logBytes: number; snapshotBytes: number };
  /** Sizes and timings, for the room's "loaded" log line. */
  summary: { bytes: number; parts: number; loggedUpdates: number; lineage: number; earlySyncs: number; readMs: number; earlySyncMs: number; applyMs: number };
}

/** Where a room loads from. */
export interface LoadSource {
  store: DocumentStore;
  docName: string;
  /** Deadline of the read, ms. */
  timeoutMs: number;
}

/** The room being loaded, as the load sees it. */
export interface LoadingRoom {
  /** The connections waiting for the load, their frames buffered. */
  connections: Iterable<Connection>;
  /** False once the room stopped loading (destroyed): the load then gives up. */
  loading(): boolean;
  traffic: Traffic;
}

/**
 * Reads `source` into `doc` (applied with origin `load`). Connections waiting for the load whose
 * first frame is a sync step 1 with an EMPTY state vector (a client with nothing yet: the common
 * cold open) are answered straight from the stored parts (step 2 with the first part, then the
 * later parts as updates) before the room applies them, so that the client's apply and the
 * server's, which cost about the same, run side by side. Resolves undefined if the room stopped
 * loading meanwhile; rejects if the read fails or misses its deadline.
 */
export async function loadRoom(doc: Y.Doc, source: LoadSource, room: LoadingRoom): Promise<LoadedRoom | undefined> {
  const started = performance.now();
  const stored = await withDeadline(source.store.loadParts(source.docName), source.timeoutMs, `loading ${source.docName}`);
  if (!room.loading()) return undefined;
  const read = performance.now();
  const [base, ...tail] = stored.parts;
  const early = base ? takeFreshClients(room) : [];
  const written: Promise<void>[] = [];
  const sendEarly = (frame: Uint8Array) => {
    for (const conn of early) written.push(new Promise((resolve) => conn.send(frame, resolve)));
  };
  if (base && early.length > 0) sendEarly(encodeSync(SyncMessageType.Step2, base));
  // The log tail merged in runs (Y.mergeUpdates is superlinear in the number of updates).
  const tailRuns = mergeInRuns(tail, TAIL_RUN);
  if (early.length > 0) {
    for (const run of tailRuns) sendEarly(encodeSyncUpdate(run));
    await settleBy(written, Date.now() + EARLY_SYNC_WAIT_MS);
  }
  if (!room.loading()) return undefined;
  const served = performance.now();
  if (base) Y.applyUpdate(doc, base, ORIGIN.load);
  for (const run of tailRuns) Y.applyUpdate(doc, run, ORIGIN.load);
  const applied = performance.now();
  const { lineage } = stored;
  const bytes = stored.parts.reduce((n, p) => n + p.byteLength, 0);
  const snapshotBytes = stored.updateCount < stored.parts.length ? (base?.byteLength ?? 0) : 0;
  const ms = (a: number, b: number) => Math.round(b - a);
  return {
    lineage,
    clients: stored.clients,
    serverClients: [doc.clientID, ...[lineage.baseClient, ...lineage.ended.map((e) => e.baseClient)].filter((c): c is number => c !== null)],
    log: { seq: stored.seq, updateCount: stored.updateCount, logBytes: bytes - snapshotBytes, snapshotBytes },
    summary: { bytes, parts: stored.parts.length, loggedUpdates: stored.updateCount, lineage: lineage.current, earlySyncs: early.length, readMs: ms(started, read), earlySyncMs: ms(read, served), applyMs: ms(served, applied) },
  };
}

/**
 * Migrates a loaded model document to the current schema (lib/doc `migrateDoc`). `written`
 * receives the migration's update: the server's own write, persisted and broadcast like a
 * client's (SPEC.md rule 4). Throws if the migration fails: a room never serves a document it
 * could not migrate.
 */
export function migrateOnLoad(doc: Y.Doc, docName: string, log: Logger, written: (update: Uint8Array) => void): void {
  if (getMaps(doc).meta.size === 0) return;
  doc.on('update', written);
  try {
    const migrated = migrateDoc(doc);
    if (!migrated.ok) throw new Error(`migrating ${docName} failed: ${migrated.error.message}`);
    if (migrated.value.applied.length > 0) log.info({ migration: migrated.value }, 'migrated document on load');
  } finally {
    doc.off('update', written);
  }
}

/** Takes the waiting connections' empty sync step 1s out of their buffers (they are answered from storage). */
function takeFreshClients(room: LoadingRoom): Connection[] {
  const fresh = [...room.connections].filter((conn) => conn.takeEarlyStep1(isEmptyStep1));
  for (let i = 0; i < fresh.length; i++) countIn(room.traffic, 'sync-step1');
  return fresh;
}

/** True if `frame` is a sync step 1 whose state vector is empty (the client has nothing). */
function isEmptyStep1(frame: Uint8Array): boolean {
  const decoded = decodeFrame(frame);
  if (!decoded.ok || decoded.value.type !== 'sync-step1') return false;
  try {
    return Y.decodeStateVector(decoded.value.stateVector).size === 0;
  } catch {
    return false;
  }
}

/** Log updates merged per run when a room loads (merging is superlinear in the run's length). */
const TAIL_RUN = 500;
/** Longest wait for early first syncs to leave (the apply then blocks the process) before the room applies its parts. */
const EARLY_SYNC_WAIT_MS = 1_000;
