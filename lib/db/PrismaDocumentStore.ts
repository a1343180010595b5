import * as Y from 'yjs';
import { Prisma, type PrismaClient } from './generated/client';
import {
  mergeParts,
  readMetaSchemaVersion,
  type CompactResult,
  type DocumentStore,
  type DocVersionInfo,
  type LoadedDocument,
  type LoadedParts,
  type SchemaVersionReader,
  type StoredDocVersion,
} from './documentStore';

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

/** Most updates one {@link PrismaDocumentStore.appendUpdates} call takes (bounds one statement's size). */
export const MAX_UPDATES_PER_APPEND = 5_000;
/**
 * Most bytes of updates one append takes, unless it is a single update (one statement parameter
 * holds them all, and Postgres refuses a value over 1 GB).
 */
export const MAX_BYTES_PER_APPEND = 64 * 1024 * 1024;

interface LogRow {
  /** 0 = snapshot, 1 = update. */
  part: number;
  seq: bigint;
  bytes: Uint8Array;
}

/**
 * {@link DocumentStore} on Prisma (Postgres or the embedded PGlite server).
 *
 * Concurrency without locks: seqs are `max + 1..n` computed inside the INSERT; two appenders
 * that pick the same seqs collide on the primary key and the loser retries, so seqs commit in
 * order. Load reads snapshot and log in ONE statement (one MVCC snapshot), so a concurrent
 * compaction can never make it miss updates. Compaction writes the snapshot only if the snapshot
 * it merged is still current, then deletes exactly the updates the current snapshot covers.
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
    const rows = await this.#readLog(docName);
    return {
      parts: rows.map((r) => r.bytes),
      seq: rows.length === 0 ? 0 : toSeq(rows[rows.length - 1]!.seq),
      updateCount: rows.filter((r) => r.part === 1).length,
    };
  }

  async appendUpdates(docName: string, updates: readonly Uint8Array[]): Promise<number[]> {
    const [seqs] = await this.appendMany([{ docName, updates }]);
    return seqs ?? [];
  }

  async appendMany(batches: readonly { docName: string; updates: readonly Uint8Array[] }[]): Promise<number[][]> {
    // One row per update, [docName, ord, offset, length], the bytes themselves concatenated into
    // one bytea: two parameters whatever the batch's size. (A bytea[] parameter costs the driver a
    // hex string per update and Prisma a conversion per element: ~1.3x the CPU per flush.)
    const rows: [string, number, number, number][] = [];
    const seen = new Set<string>();
    let total = 0;
    for (const { docName, updates } of batches) {
      if (seen.has(docName)) throw new Error(`appendMany: ${docName} appears twice; pass one batch per document`);
      seen.add(docName);
      updates.forEach((u, i) => {
        if (!(u instanceof Uint8Array) || u.length === 0) throw new Error(`appendUpdates(${docName}): update #${i} is empty or not a Uint8Array`);
        rows.push([docName, i + 1, total + 1, u.length]);
        total += u.length;
      });
    }
    if (rows.length > MAX_UPDATES_PER_APPEND) {
      throw new Error(`appendUpdates: ${rows.length} updates in one call; split into batches of at most ${MAX_UPDATES_PER_APPEND}`);
    }
    if (rows.length > 1 && total > MAX_BYTES_PER_APPEND) {
      throw new Error(`appendUpdates: ${total} bytes of updates in one call; split into batches of at most ${MAX_BYTES_PER_APPEND} bytes`);
    }
    if (rows.length === 0) return batches.map(() => []);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const { updates } of batches) {
      for (const u of updates) {
        bytes.set(u, offset);
        offset += u.length;
      }
    }
    const json = JSON.stringify(rows);
    const what = batches.length === 1 ? `appendUpdates(${batches[0]!.docName})` : `appendMany(${batches.length} documents)`;
    for (let attempt = 1; ; attempt++) {
      try {
        // One statement shape whatever the batch, so Prisma's query compiler and Postgres see the
        // same query every time. Each document's head is read once, from the statement's
        // snapshot: its rows get head + 1..n (so one document's seqs are contiguous).
        const heads = await this.#prisma.$queryRaw<{ doc_name: string; first: bigint; n: number }[]>`
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
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= this.#maxAppendAttempts) {
          throw new Error(`${what} failed after ${attempt} attempt(s)`, { cause: error });
        }
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
  }

  async compact(docName: string): Promise<CompactResult> {
    const rows = await this.#readLog(docName);
    const snapshot = rows[0]?.part === 0 ? rows[0] : undefined;
    const updates = rows.filter((r) => r.part === 1);
    if (updates.length === 0) return { compacted: false, seq: snapshot ? toSeq(snapshot.seq) : 0, mergedUpdates: 0 };

    const merged = Y.mergeUpdates(rows.map((r) => r.bytes));
    const seq = updates[updates.length - 1]!.seq;
    const schemaVersion = this.#schemaVersionOf(merged);
    const [written] = await this.#prisma.$transaction([
      // Only if the snapshot we merged is still the current one (else another compaction won).
      this.#prisma.$executeRaw`
        INSERT INTO "doc_snapshots" ("doc_name", "seq", "bytes", "schema_version")
        VALUES (${docName}, ${seq}, ${merged}, ${schemaVersion})
        ON CONFLICT ("doc_name") DO UPDATE
          SET "seq" = EXCLUDED."seq", "bytes" = EXCLUDED."bytes",
              "schema_version" = EXCLUDED."schema_version", "created_at" = CURRENT_TIMESTAMP
          WHERE "doc_snapshots"."seq" = ${snapshot?.seq ?? -1n}`,
      // Whoever won, delete exactly what the current snapshot covers.
      this.#prisma.$executeRaw`
        DELETE FROM "doc_updates"
        WHERE "doc_name" = ${docName}
          AND "seq" <= (SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName})`,
    ]);
    return written === 1
      ? { compacted: true, seq: toSeq(seq), mergedUpdates: updates.length }
      : { compacted: false, seq: toSeq(snapshot?.seq ?? 0n), mergedUpdates: 0 };
  }

  async compactFrom(docName: string, from: { state: Uint8Array; seq: number; schemaVersion: number }): Promise<CompactResult> {
    const { state, seq, schemaVersion } = from;
    if (!(state instanceof Uint8Array) || state.length === 0) throw new Error(`compactFrom(${docName}): empty state`);
    if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`compactFrom(${docName}): seq ${seq} is not a positive integer`);
    const [[head], written, deleted] = await this.#prisma.$transaction([
      this.#prisma.$queryRaw<{ logged: bigint | null; snapshot: bigint | null }[]>`
        SELECT (SELECT max("seq") FROM "doc_updates" WHERE "doc_name" = ${docName}) AS logged,
               (SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName}) AS snapshot`,
      // Only forward, and never past the log's end (a seq the log does not hold yet).
      this.#prisma.$executeRaw`
        INSERT INTO "doc_snapshots" ("doc_name", "seq", "bytes", "schema_version")
        SELECT ${docName}, ${seq}, ${state}, ${schemaVersion}
        WHERE ${seq} <= GREATEST(
          (SELECT max("seq") FROM "doc_updates" WHERE "doc_name" = ${docName}),
          (SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName}))
        ON CONFLICT ("doc_name") DO UPDATE
          SET "seq" = EXCLUDED."seq", "bytes" = EXCLUDED."bytes",
              "schema_version" = EXCLUDED."schema_version", "created_at" = CURRENT_TIMESTAMP
          WHERE "doc_snapshots"."seq" < EXCLUDED."seq"`,
      this.#prisma.$executeRaw`
        DELETE FROM "doc_updates"
        WHERE "doc_name" = ${docName}
          AND "seq" <= (SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName})`,
    ]);
    const snapshotSeq = toSeq(head?.snapshot ?? 0n);
    const end = Math.max(toSeq(head?.logged ?? 0n), snapshotSeq);
    if (seq > end) throw new Error(`compactFrom(${docName}): seq ${seq} is past the end of the log (${end})`);
    return written === 1 ? { compacted: true, seq, mergedUpdates: deleted } : { compacted: false, seq: snapshotSeq, mergedUpdates: 0 };
  }

  async saveVersion(docName: string, label: string, state: Uint8Array, createdBy: string): Promise<DocVersionInfo> {
    if (state.length === 0) throw new Error(`saveVersion(${docName}): empty state`);
    return this.#prisma.docVersion.create({
      data: { docName, label, bytes: new Uint8Array(state), schemaVersion: this.#schemaVersionOf(state), createdBy },
      select: VERSION_INFO,
    });
  }

  async listVersions(docName: string): Promise<DocVersionInfo[]> {
    return this.#prisma.docVersion.findMany({
      where: { docName },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: VERSION_INFO,
    });
  }

  async loadVersion(id: string): Promise<StoredDocVersion | null> {
    const row = await this.#prisma.docVersion.findUnique({ where: { id } });
    if (!row) return null;
    const { bytes, ...info } = row;
    return { ...info, state: bytes };
  }

  /** Snapshot (part 0) then the updates after it (part 1) in seq order, in one statement. */
  #readLog(docName: string): Promise<LogRow[]> {
    return this.#prisma.$queryRaw<LogRow[]>`
      SELECT 0 AS part, "seq", "bytes" FROM "doc_snapshots" WHERE "doc_name" = ${docName}
      UNION ALL
      SELECT 1 AS part, "seq", "bytes" FROM "doc_updates"
      WHERE "doc_name" = ${docName}
        AND "seq" > COALESCE((SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName}), 0)
      ORDER BY part, "seq"`;
  }
}

const VERSION_INFO = { id: true, docName: true, label: true, schemaVersion: true, createdBy: true, createdAt: true } as const;

function toSeq(seq: bigint | number): number {
  const n = Number(seq);
  if (!Number.isSafeInteger(n)) throw new Error(`seq ${seq} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
