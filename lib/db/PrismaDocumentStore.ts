import { setTimeout } from 'node:timers/promises';
import * as Y from 'yjs';
import { Prisma, type PrismaClient } from './generated/client';
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
  type DocClientRow,
  type DocumentStore,
  type DocVersionInfo,
  type VersionExtra,
  type VersionSummary,
  type LoadedDocument,
  type LoadedParts,
  type RebaseInput,
  type RebaseResult,
  type SchemaVersionReader,
  type StoredDocVersion,
} from './documentStore';
import { partsOf, readClients, readHead, readLog, toSeq, type Sql } from './readLog';

/** Options of {@link PrismaDocumentStore}. */
export interface PrismaDocumentStoreOptions {
  /** Reads the schema version recorded with snapshots and versions; default `meta.schemaVersion`. */
  schemaVersionOf?: SchemaVersionReader;
  /**
   * Attempts of {@link PrismaDocumentStore.appendUpdates} when concurrent appenders to the same
   * document pick the same seqs; default 50. Guards against livelock under extreme contention.
   */
  maxAppendAttempts?: number;
}

/** Interactive transactions of this store hold locks while they read and write whole states. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;

/**
 * {@link DocumentStore} on Prisma (Postgres or the embedded PGlite server).
 *
 * Appends without locks: seqs are `max + 1..n` computed inside the INSERT; two appenders
 * that pick the same seqs collide on the primary key and the loser retries, so seqs commit in
 * order. Load reads snapshot and log in ONE statement (one MVCC snapshot), so a concurrent
 * compaction can never make it miss updates. Compaction writes the snapshot only if the snapshot
 * it merged is still current, then deletes exactly the updates the current snapshot covers.
 *
 * Lineages: a rebase holds the document's advisory lock exclusively; `edit` (checking the lineage
 * it computed on) and `compactFrom` hold it shared while they write, so none of them writes what
 * it read on a lineage a rebase ended meanwhile; `compact` writes only over the snapshot it
 * merged, lineage included. Plain appends take no lock: the collaboration server appends only for
 * documents it holds loaded and rebases only documents it holds with nothing left to write
 * (collab-server/SPEC.md rule 20).
 */
export class PrismaDocumentStore implements DocumentStore {
  readonly #prisma: PrismaClient;
  readonly #schemaVersionOf: SchemaVersionReader;
  readonly #maxAppendAttempts: number;

  constructor(prisma: PrismaClient, options: PrismaDocumentStoreOptions = {}) {
    this.#prisma = prisma;
    this.#schemaVersionOf = options.schemaVersionOf ?? readMetaSchemaVersion;
    this.#maxAppendAttempts = options.maxAppendAttempts ?? 50;
  }

  async load(docName: string): Promise<LoadedDocument> {
    return mergeParts(await this.loadParts(docName));
  }

  async loadParts(docName: string): Promise<LoadedParts> {
    const [log, clients] = await Promise.all([readLog(this.#prisma, docName), readClients(this.#prisma, docName)]);
    return { ...partsOf(log), clients };
  }

  async writeClients(rows: readonly DocClientRow[]): Promise<void> {
    // One row per client id (the last given wins): a statement may not upsert a row twice.
    const unique = uniqueClientRows(rows);
    if (unique.length === 0) return;
    const json = JSON.stringify(unique.map((r) => [r.docName, r.clientId, r.userId, r.lineage, r.clock]));
    await this.#prisma.$executeRaw`
      INSERT INTO "doc_clients" ("doc_name", "client_id", "user_id", "lineage", "clock")
      SELECT e->>0, (e->>1)::int8, e->>2, (e->>3)::int4, (e->>4)::int8 FROM json_array_elements(${json}::json) AS t(e)
      ON CONFLICT ("doc_name", "client_id") DO UPDATE
        SET "clock" = EXCLUDED."clock", "lineage" = EXCLUDED."lineage", "updated_at" = CURRENT_TIMESTAMP
        WHERE "doc_clients"."user_id" = EXCLUDED."user_id"`;
  }

  async appendUpdates(docName: string, updates: readonly Uint8Array[]): Promise<number[]> {
    const [seqs] = await this.appendMany([{ docName, updates }]);
    return seqs ?? [];
  }

  async appendMany(batches: readonly AppendBatch[]): Promise<number[][]> {
    const packed = packBatches(batches);
    if (!packed) return batches.map(() => []);
    const what = batches.length === 1 ? `appendUpdates(${batches[0]!.docName})` : `appendMany(${batches.length} documents)`;
    return this.#retryingSeqCollisions(what, () => appendPacked(this.#prisma, batches, packed));
  }

  async edit(docName: string, change: (current: LoadedDocument) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>): Promise<number[]> {
    // Optimistic: the change is computed outside any transaction (a whole building can take a
    // while, and on the embedded server an open transaction stalls every other connection), then
    // appended in a short one that holds the document's lock shared and checks that no rebase
    // ended the lineage it was computed on; if one did, it is computed again on the new lineage.
    // Appends by others meanwhile need no check: updates of one lineage merge.
    for (let attempt = 1; ; attempt++) {
      const current = mergeParts(partsOf(await readLog(this.#prisma, docName)));
      const updates = await change(current);
      const batches = [{ docName, updates }];
      const packed = packBatches(batches);
      if (!packed) return [];
      const seqs = await this.#retryingSeqCollisions(`edit(${docName})`, () =>
        this.#withDocumentLock(docName, 'shared', async (tx) => {
          if ((await readHead(tx, docName)).lineage !== current.lineage) return null;
          return (await appendPacked(tx, batches, packed))[0] ?? [];
        }),
      );
      if (seqs) return seqs;
      if (attempt >= this.#maxAppendAttempts) throw new Error(`edit(${docName}): the document was rebased ${attempt} times while the change was computed`);
    }
  }

  /**
   * Runs `attempt` again while it fails because a concurrent appender took the same seqs (the
   * primary key refuses the loser), after a short random wait.
   */
  async #retryingSeqCollisions<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        // Our own checks and the caller's change fail as they are; database errors say what failed.
        if (!isPrismaError(error)) throw error;
        if (!isUniqueViolation(error) || n >= this.#maxAppendAttempts) {
          throw new Error(`${what} failed after ${n} attempt(s)`, { cause: error });
        }
        await setTimeout(Math.random() * Math.min(50, 2 ** n));
      }
    }
  }

  async compact(docName: string): Promise<CompactResult> {
    const rows = await readLog(this.#prisma, docName);
    const snapshot = rows[0]?.part === 0 ? rows[0] : undefined;
    const updates = rows.filter((r) => r.part === 1);
    if (updates.length === 0) return { compacted: false, seq: snapshot ? toSeq(snapshot.seq) : 0, mergedUpdates: 0 };

    const merged = mergeStateParts(rows.map((r) => r.bytes));
    const seq = updates[updates.length - 1]!.seq;
    const schemaVersion = this.#schemaVersionOf(merged);
    const lineage = snapshot?.lineage ?? 0;
    const written = await this.#prisma.$transaction(async (tx) => {
      // Only if the snapshot we merged is still the current one (else another compaction, or a
      // rebase, won): ON CONFLICT ... WHERE sees the row as committed last, not as we read it.
      const inserted = await tx.$executeRaw`
        INSERT INTO "doc_snapshots" ("doc_name", "seq", "bytes", "schema_version", "lineage")
        VALUES (${docName}, ${seq}, ${merged}, ${schemaVersion}, ${lineage})
        ON CONFLICT ("doc_name") DO UPDATE
          SET "seq" = EXCLUDED."seq", "bytes" = EXCLUDED."bytes",
              "schema_version" = EXCLUDED."schema_version", "created_at" = CURRENT_TIMESTAMP
          WHERE "doc_snapshots"."seq" = ${snapshot?.seq ?? -1n} AND "doc_snapshots"."lineage" = ${lineage}`;
      // Whoever won, delete exactly what the current snapshot covers.
      await deleteCoveredUpdates(tx, docName);
      return inserted;
    }, TRANSACTION_OPTIONS);
    return written === 1
      ? { compacted: true, seq: toSeq(seq), mergedUpdates: updates.length }
      : { compacted: false, seq: toSeq(snapshot?.seq ?? 0n), mergedUpdates: 0 };
  }

  async compactFrom(docName: string, from: { state: Uint8Array; seq: number; schemaVersion: number; lineage: number }): Promise<CompactResult> {
    checkCompactFrom(docName, from);
    const { state, seq, schemaVersion, lineage } = from;
    return this.#withDocumentLock(docName, 'shared', async (tx): Promise<CompactResult> => {
      // Under the shared lock no rebase changes the lineage, and the log's end only grows.
      const head = await readHead(tx, docName);
      if (seq > head.end) throw new Error(`compactFrom(${docName}): seq ${seq} is past the end of the log (${head.end})`);
      if (lineage !== head.lineage) throw new Error(`compactFrom(${docName}): the state is of lineage ${lineage}, the document is on lineage ${head.lineage}`);
      // Only forward: a compaction (which takes no lock) may have moved the snapshot meanwhile.
      const written = await tx.$executeRaw`
        INSERT INTO "doc_snapshots" ("doc_name", "seq", "bytes", "schema_version", "lineage")
        VALUES (${docName}, ${seq}, ${state}, ${schemaVersion}, ${lineage})
        ON CONFLICT ("doc_name") DO UPDATE
          SET "seq" = EXCLUDED."seq", "bytes" = EXCLUDED."bytes",
              "schema_version" = EXCLUDED."schema_version", "created_at" = CURRENT_TIMESTAMP
          WHERE "doc_snapshots"."seq" < EXCLUDED."seq" AND "doc_snapshots"."lineage" = EXCLUDED."lineage"`;
      const deleted = await deleteCoveredUpdates(tx, docName);
      return written === 1 ? { compacted: true, seq, mergedUpdates: deleted } : { compacted: false, seq: head.snapshotSeq, mergedUpdates: 0 };
    }, TRANSACTION_OPTIONS);
  }

  async rebase(docName: string, input: RebaseInput): Promise<RebaseResult> {
    checkRebase(docName, input);
    const { expect, finalState, newState, baseClient, schemaVersion } = input;
    const finalStateVector = Y.encodeStateVectorFromUpdate(finalState);
    return this.#withDocumentLock(docName, 'exclusive', async (tx): Promise<RebaseResult> => {
      const { lineage, end } = await readHead(tx, docName);
      if (lineage !== expect.lineage) return { rebased: false, reason: 'lineage-changed' };
      if (end !== expect.seq) return { rebased: false, reason: 'log-moved' };
      const next = lineage + 1;
      await tx.$executeRaw`
        INSERT INTO "doc_lineages" ("doc_name", "lineage", "final_state", "final_state_vector", "final_seq", "ended_at")
        VALUES (${docName}, ${lineage}, ${finalState}, ${finalStateVector}, ${expect.seq}, CURRENT_TIMESTAMP)
        ON CONFLICT ("doc_name", "lineage") DO UPDATE
          SET "final_state" = EXCLUDED."final_state", "final_state_vector" = EXCLUDED."final_state_vector",
              "final_seq" = EXCLUDED."final_seq", "ended_at" = EXCLUDED."ended_at"`;
      await tx.$executeRaw`
        INSERT INTO "doc_lineages" ("doc_name", "lineage", "base_client") VALUES (${docName}, ${next}, ${BigInt(baseClient)})`;
      await tx.$executeRaw`
        INSERT INTO "doc_snapshots" ("doc_name", "seq", "bytes", "schema_version", "lineage")
        VALUES (${docName}, ${expect.seq}, ${newState}, ${schemaVersion}, ${next})
        ON CONFLICT ("doc_name") DO UPDATE
          SET "seq" = EXCLUDED."seq", "bytes" = EXCLUDED."bytes", "schema_version" = EXCLUDED."schema_version",
              "lineage" = EXCLUDED."lineage", "created_at" = CURRENT_TIMESTAMP`;
      await deleteCoveredUpdates(tx, docName);
      return { rebased: true, lineage: next, seq: expect.seq };
    }, TRANSACTION_OPTIONS);
  }

  async loadLineageState(docName: string, lineage: number): Promise<Uint8Array | null> {
    const [row] = await this.#prisma.$queryRaw<{ final_state: Uint8Array | null }[]>`
      SELECT "final_state" FROM "doc_lineages" WHERE "doc_name" = ${docName} AND "lineage" = ${lineage}`;
    return row?.final_state ?? null;
  }

  async saveVersion(docName: string, label: string, state: Uint8Array, createdBy: string, extra: VersionExtra = {}): Promise<DocVersionInfo> {
    if (state.length === 0) throw new Error(`saveVersion(${docName}): empty state`);
    const row = await this.#prisma.docVersion.create({
      data: { docName, label, bytes: new Uint8Array(state), schemaVersion: this.#schemaVersionOf(state), createdBy, kind: extra.kind ?? 'named', ...(extra.summary ? { summary: { ...extra.summary } } : {}) },
      select: VERSION_INFO,
    });
    return versionInfo(row);
  }

  async listVersions(docName: string): Promise<DocVersionInfo[]> {
    const rows = await this.#prisma.docVersion.findMany({
      where: { docName },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: VERSION_INFO,
    });
    return rows.map(versionInfo);
  }

  async loadVersion(id: string): Promise<StoredDocVersion | null> {
    const row = await this.#prisma.docVersion.findUnique({ where: { id } });
    if (!row) return null;
    const { bytes, ...info } = row;
    return { ...versionInfo(info), state: bytes };
  }

  async appendChanges(rows: readonly DocChangeRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#prisma.docChange.createMany({ data: rows.map((r) => ({ ...r, fields: [...r.fields] })) });
  }

  async listChanges(docName: string, query: ChangeQuery = {}): Promise<DocChange[]> {
    const rows = await this.#prisma.docChange.findMany({
      where: {
        docName,
        ...(query.recordId === undefined ? {} : { recordId: query.recordId }),
        ...(query.beforeId === undefined ? {} : { id: { lt: BigInt(query.beforeId) } }),
      },
      orderBy: { id: 'desc' },
      take: changeLimit(query.limit),
    });
    return rows.map((r) => ({ ...r, id: r.id.toString(), action: r.action as DocChange['action'] }));
  }

  /**
   * Runs `work` in one interactive transaction that first takes the document's advisory lock
   * (shared, or exclusive for a rebase), held until the transaction ends.
   */
  #withDocumentLock<T>(docName: string, mode: 'shared' | 'exclusive', work: (tx: Sql) => Promise<T>, options?: typeof TRANSACTION_OPTIONS): Promise<T> {
    const key = `arxos:doc:${docName}`;
    return this.#prisma.$transaction(async (tx) => {
      if (mode === 'shared') await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))::text AS locked`;
      else await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))::text AS locked`;
      return work(tx);
    }, options);
  }
}

const VERSION_INFO = { id: true, docName: true, label: true, schemaVersion: true, createdBy: true, createdAt: true, kind: true, summary: true } as const;

function versionInfo(row: { id: string; docName: string; label: string; schemaVersion: number; createdBy: string; createdAt: Date; kind: string; summary: unknown }): DocVersionInfo {
  const { id, docName, label, schemaVersion, createdBy, createdAt } = row;
  return { id, docName, label, schemaVersion, createdBy, createdAt, kind: row.kind === 'auto' ? 'auto' : 'named', summary: (row.summary as VersionSummary | null) ?? null };
}

/** Deletes the logged updates the current snapshot covers. */
function deleteCoveredUpdates(sql: Sql, docName: string): Promise<number> {
  return sql.$executeRaw`
    DELETE FROM "doc_updates"
    WHERE "doc_name" = ${docName}
      AND "seq" <= (SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName})`;
}

/** Updates of several documents packed for one INSERT; null when there are none. */
interface PackedBatches {
  /** [docName, ord, offset (1-based), length] per update. */
  json: string;
  bytes: Uint8Array;
}

/**
 * Checks and packs batches for {@link appendPacked}: one row per update, [docName, ord, offset,
 * length], the bytes themselves concatenated into one bytea: two parameters whatever the batch's
 * size. (A bytea[] parameter costs the driver a hex string per update and Prisma a conversion per
 * element: ~1.3x the CPU per flush.)
 */
function packBatches(batches: readonly AppendBatch[]): PackedBatches | null {
  const { count, bytes: total } = checkAppendBatches(batches);
  if (count === 0) return null;
  const rows: [string, number, number, number][] = [];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const { docName, updates } of batches) {
    updates.forEach((u, i) => {
      rows.push([docName, i + 1, offset + 1, u.length]);
      bytes.set(u, offset);
      offset += u.length;
    });
  }
  return { json: JSON.stringify(rows), bytes };
}

/**
 * One attempt at appending packed batches: one statement shape whatever the batch, so Prisma's
 * query compiler and Postgres see the same query every time. Each document's head is read once,
 * from the statement's snapshot: its rows get head + 1..n (so one document's seqs are
 * contiguous). Fails with a unique violation when a concurrent appender took the same seqs.
 */
async function appendPacked(sql: Sql, batches: readonly { docName: string }[], { json, bytes }: PackedBatches): Promise<number[][]> {
  const heads = await sql.$queryRaw<{ doc_name: string; first: bigint; n: number }[]>`
    WITH v AS (
      SELECT e->>0 AS doc_name, (e->>1)::int8 AS ord, (e->>2)::int4 AS "offset", (e->>3)::int4 AS len
      FROM json_array_elements(${json}::json) AS t(e)
    ), written AS (
      INSERT INTO "doc_updates" ("doc_name", "seq", "bytes")
      SELECT v.doc_name, head.seq + v.ord, substring(${bytes}::bytea FROM v."offset" FOR v.len)
      FROM v
      CROSS JOIN LATERAL (SELECT GREATEST(
              COALESCE((SELECT max(u."seq") FROM "doc_updates" u WHERE u."doc_name" = v.doc_name), 0),
              COALESCE((SELECT s."seq" FROM "doc_snapshots" s WHERE s."doc_name" = v.doc_name), 0)) AS seq) AS head
      ORDER BY v.doc_name, v.ord
      RETURNING "doc_name", "seq")
    SELECT doc_name, min(seq) AS first, count(*)::int4 AS n FROM written GROUP BY doc_name`;
  const byDoc = new Map(heads.map((h) => [h.doc_name, h]));
  return batches.map(({ docName }) => {
    const head = byDoc.get(docName);
    if (!head) return [];
    const first = toSeq(head.first);
    return Array.from({ length: Number(head.n) }, (_, i) => first + i);
  });
}

/**
 * Postgres 23505 as reported through Prisma: P2002 for model queries; for raw queries P2010 with
 * `meta.driverAdapterError.cause` `{ kind: 'UniqueConstraintViolation', originalCode: '23505' }`.
 */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === 'P2002') return true;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } | undefined)
    ?.driverAdapterError?.cause;
  return cause?.kind === 'UniqueConstraintViolation' || cause?.originalCode === '23505';
}

function isPrismaError(error: unknown): boolean {
  return error instanceof Error && error.name.startsWith('PrismaClient');
}
