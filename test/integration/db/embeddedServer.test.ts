import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { withClient } from './testDatabases';

const run = promisify(execFile);
const writer = path.join(import.meta.dirname, 'embeddedWriter.mjs');
const TRANSACTIONS_PER_PROCESS = 60;

describe('the embedded PGlite server', () => {
  let dataDir: string;
  let server: EmbeddedPostgres;
  beforeAll(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'arxos-pglite-')), 'pglite');
    server = await startEmbeddedPostgres({ dataDir });
    await withClient(server.url, (c) => c.query('CREATE TABLE ledger (id serial PRIMARY KEY, who text NOT NULL, seen int NOT NULL)'));
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('serves two processes writing concurrently: every row lands and transactions are serialised', async () => {
    const outputs = await Promise.all(
      ['A', 'B'].map((who) => run(process.execPath, [writer, server.url, who, String(TRANSACTIONS_PER_PROCESS)], { timeout: 60_000 })),
    );
    for (const { stdout } of outputs) expect(JSON.parse(stdout)).toMatchObject({ crossTalk: 0, errors: [] });

    const { rows } = await withClient(server.url, (c) => c.query<{ who: string; seen: number }>('SELECT who, seen FROM ledger ORDER BY id'));
    expect(rows).toHaveLength(2 * TRANSACTIONS_PER_PROCESS);
    // Each transaction counted exactly the rows committed before it: no two ever overlapped.
    expect(rows.map((r) => r.seen)).toEqual(rows.map((_, i) => i));
    // And the two processes really were interleaved, not run one after the other.
    const switches = rows.filter((r, i) => i > 0 && r.who !== rows[i - 1]!.who).length;
    expect(switches).toBeGreaterThan(1);
  });

  it('rolls back the open transaction of a connection that vanishes, and keeps serving the others', async () => {
    const quitter = new pg.Client({ connectionString: server.url });
    quitter.on('error', () => {}); // the socket is destroyed on purpose below
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query(`INSERT INTO ledger (who, seen) VALUES ('ghost', -1)`);
    const waiting = withClient(server.url, (c) => c.query(`SELECT count(*)::int AS n FROM ledger WHERE who = 'ghost'`));
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].n).toBe(0);
  });

  it('disconnects a connection that holds the session silently while others wait (a half-open client), and serves the others', async () => {
    const quick = await startEmbeddedPostgres({ dataDir: 'memory://', idleOwnerTimeoutMs: 300 });
    const silent = new pg.Client({ connectionString: quick.url });
    let silentError: Error | undefined;
    silent.on('error', (error) => (silentError = error));
    try {
      await silent.connect();
      await silent.query('BEGIN');
      await silent.query('CREATE TABLE held (id int)');
      // It now owns PGlite's only session and sends nothing more, like a client behind a dead path.
      const { rows } = await withClient(quick.url, (c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'held'`));
      expect(rows[0]!.n).toBe(0); // its transaction was rolled back, not committed
      await expect.poll(() => silentError?.message).toMatch(/terminated|ECONNRESET|closed/i);
    } finally {
      await silent.end().catch(() => {});
      await quick.stop();
    }
  });

  it('refuses connections beyond maxConnections with SQLSTATE 53300', async () => {
    const small = await startEmbeddedPostgres({ dataDir: 'memory://', maxConnections: 1 });
    try {
      await withClient(small.url, async () => {
        await expect(withClient(small.url, async () => {})).rejects.toMatchObject({ code: '53300' });
      });
    } finally {
      await small.stop();
    }
  });

  it('refuses to open a data directory that is already open', async () => {
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already open in this process/);
  });

  it('keeps the data on disk across a restart', async () => {
    await server.stop();
    server = await startEmbeddedPostgres({ dataDir });
    const { rows } = await withClient(server.url, (c) => c.query('SELECT count(*)::int AS n FROM ledger'));
    expect(rows[0].n).toBe(2 * TRANSACTIONS_PER_PROCESS);
  });
});
