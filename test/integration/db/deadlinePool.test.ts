/**
 * lib/db/pool.ts against a real database behind a proxy that goes silent (half-open: no FIN, no
 * RST): no query waits past its deadline, a connection that stopped answering is never used
 * again, and once the path works again the next query runs on a fresh connection.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeadlinePool, isConnectionFailure, resolveDeadlines } from '@/lib/db/pool';
import { startStallingProxy, type StallingProxy } from '@/test/helpers/stallingProxy';
import { testDatabaseKinds, type TestDatabase } from './testDatabases';

const DEADLINE_MS = 400;

for (const kind of testDatabaseKinds()) {
  describe(`DeadlinePool (${kind.name})`, () => {
    let database: TestDatabase;
    let proxy: StallingProxy;
    let pool: DeadlinePool;
    beforeAll(async () => {
      database = await kind.create();
    });
    afterAll(async () => {
      await database?.teardown();
    });
    beforeEach(async () => {
      const target = new URL(database.url);
      proxy = await startStallingProxy({ host: target.hostname, port: Number(target.port) });
      pool = new DeadlinePool({ connectionString: proxy.urlFor(database.url), max: 3, deadlines: { queryTimeoutMs: DEADLINE_MS } });
      pool.on('error', () => {});
    });
    afterEach(async () => {
      await proxy.close();
      await pool.end().catch(() => {});
    });

    it('fails a query on a silent connection at its deadline, then runs the next one on a fresh connection', async () => {
      // Three pooled connections, all idle on the path that is about to go silent.
      await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.05)')));
      expect(pool.totalCount).toBe(3);
      proxy.stall();
      await expect(pool.query('SELECT 1 AS one')).rejects.toThrow(/Query read timeout/);
      expect(pool.failures.connectionFailures).toBeGreaterThan(0);
      proxy.resume(); // new connections pass; the three old ones stay silent forever
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]!.one).toBe(1);
      // The idle connections opened before the failure were retired, not tried one by one.
      expect(pool.failures.retired).toBe(2);
    });

    it('destroys a connection handed back while its timed-out query still runs (inside a transaction)', async () => {
      const client = await pool.connect();
      await client.query('BEGIN');
      proxy.stall();
      await expect(client.query('SELECT 1')).rejects.toThrow(/Query read timeout/);
      client.release(); // as a transaction wrapper does after a failed ROLLBACK: no error given
      expect(pool.failures.busyReleases).toBe(1);
      expect(pool.totalCount).toBe(0);
      proxy.resume();
      // On PGlite the silent transaction holds the one session until the server drops its owner
      // (idleOwnerTimeoutMs, 5 s in tests); on Postgres the next query runs at once.
      const one = async () => (await pool.query<{ one: number }>('SELECT 1 AS one').catch(() => undefined))?.rows[0]?.one;
      await expect.poll(one, { timeout: 15_000, interval: 100 }).toBe(1);
    });

    it('gives up opening a connection through a silent path at its deadline', async () => {
      proxy.stall();
      await expect(pool.query('SELECT 1')).rejects.toThrow(/timeout/i);
    });

    it('keeps a connection after an error the database answered with', async () => {
      await expect(pool.query('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01' });
      expect(pool.failures.connectionFailures).toBe(0);
      await pool.query('SELECT 1');
      expect(pool.failures.retired).toBe(0);
    });
  });
}

describe('database deadlines', () => {
  it('follow the query deadline unless given, and refuse nonsense', () => {
    expect(resolveDeadlines({ queryTimeoutMs: 2_000 })).toEqual({
      queryTimeoutMs: 2_000,
      statementTimeoutMs: 2_000,
      idleInTransactionTimeoutMs: 4_000,
      connectTimeoutMs: 2_000,
      keepAliveInitialDelayMs: 10_000,
    });
    expect(() => resolveDeadlines({ queryTimeoutMs: 0 })).toThrow(/positive/);
    expect(isConnectionFailure(new Error('Query read timeout'))).toBe(true);
  });
});
