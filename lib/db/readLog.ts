/**
 * The reads of the Prisma document store: the document tables (`doc_snapshots`, `doc_updates`,
 * `doc_lineages`, `doc_clients`) read and decoded into the contract's values.
 */
import type { PrismaClient } from './generated/client';
import type { DocClient, EndedLineage, LineageInfo, LoadedParts } from './documentStore';

/** What `$queryRaw` runs on: the client, or an interactive transaction. */
export type Sql = Pick<PrismaClient, '$queryRaw' | '$executeRaw'>;

/** A row of {@link readLog}. */
export interface LogRow {
  /** 0 = snapshot, 1 = update. */
  part: number;
  seq: bigint;
  bytes: Uint8Array;
  /** The snapshot's lineage (null on update rows). */
  lineage: number | null;
  /** On the snapshot row: every lineage row of the document, [lineage, base client, final state vector (base64)]. */
  lineages: [number, number | null, string | null][] | null;
}

/**
 * Snapshot (part 0, with the document's lineages) then the updates after it (part 1) in seq
 * order, in one statement (one MVCC snapshot).
 */
export function readLog(sql: Sql, docName: string): Promise<LogRow[]> {
  return sql.$queryRaw<LogRow[]>`
    SELECT 0 AS part, s."seq", s."bytes", s."lineage",
           (SELECT json_agg(json_build_array(l."lineage", l."base_client", encode(l."final_state_vector", 'base64')) ORDER BY l."lineage")
              FROM "doc_lineages" l WHERE l."doc_name" = s."doc_name") AS lineages
    FROM "doc_snapshots" s WHERE s."doc_name" = ${docName}
    UNION ALL
    SELECT 1 AS part, u."seq", u."bytes", NULL, NULL FROM "doc_updates" u
    WHERE u."doc_name" = ${docName}
      AND u."seq" > COALESCE((SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName}), 0)
    ORDER BY part, "seq"`;
}

/** Where a document's log stands, without its bytes. */
export interface LogHead {
  /** Seq of the last update, logged or in the snapshot (0 if none). */
  end: number;
  /** Seq of the snapshot (0 if none). */
  snapshotSeq: number;
  /** The current lineage (0 until the first rebase). */
  lineage: number;
}

/** The document's {@link LogHead}, in one statement. */
export async function readHead(sql: Sql, docName: string): Promise<LogHead> {
  const [head] = await sql.$queryRaw<{ logged: bigint | null; snapshot: bigint | null; lineage: number | null }[]>`
    SELECT (SELECT max("seq") FROM "doc_updates" WHERE "doc_name" = ${docName}) AS logged,
           (SELECT "seq" FROM "doc_snapshots" WHERE "doc_name" = ${docName}) AS snapshot,
           (SELECT "lineage" FROM "doc_snapshots" WHERE "doc_name" = ${docName}) AS lineage`;
  const snapshotSeq = toSeq(head?.snapshot ?? 0n);
  return { end: Math.max(toSeq(head?.logged ?? 0n), snapshotSeq), snapshotSeq, lineage: head?.lineage ?? 0 };
}

/** The document's client ids and owners (SPEC.md rule 22). */
export async function readClients(sql: Sql, docName: string): Promise<DocClient[]> {
  const rows = await sql.$queryRaw<{ client_id: bigint; user_id: string; lineage: number; clock: bigint }[]>`
    SELECT "client_id", "user_id", "lineage", "clock" FROM "doc_clients" WHERE "doc_name" = ${docName}`;
  return rows.map((r) => ({ clientId: Number(r.client_id), userId: r.user_id, lineage: r.lineage, clock: toSeq(r.clock) }));
}

/** {@link LoadedParts} (but the clients) of the rows of {@link readLog}. */
export function partsOf(rows: readonly LogRow[]): Omit<LoadedParts, 'clients'> {
  return {
    parts: rows.map((r) => r.bytes),
    seq: rows.length === 0 ? 0 : toSeq(rows[rows.length - 1]!.seq),
    updateCount: rows.filter((r) => r.part === 1).length,
    lineage: lineageOf(rows[0]?.part === 0 ? rows[0] : undefined),
  };
}

function lineageOf(snapshot: LogRow | undefined): LineageInfo {
  const current = snapshot?.lineage ?? 0;
  const rows = snapshot?.lineages ?? [];
  const ended: EndedLineage[] = [];
  let baseClient: number | null = null;
  for (const [lineage, base, finalStateVector] of rows) {
    if (lineage === current) baseClient = base;
    else if (lineage < current && finalStateVector !== null) ended.push({ lineage, baseClient: base, finalStateVector: new Uint8Array(Buffer.from(finalStateVector, 'base64')) });
  }
  return { current, baseClient, ended };
}

/** A seq (an int8 column) as a number; throws past `Number.MAX_SAFE_INTEGER`. */
export function toSeq(seq: bigint | number): number {
  const n = Number(seq);
  if (!Number.isSafeInteger(n)) throw new Error(`seq ${seq} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}
