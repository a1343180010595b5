import { randomBytes } from 'node:crypto';
import { withClient } from '@/test/helpers/pgClient';
import { startEmbeddedPostgres } from '@/lib/db/embedded';

/** A fresh, empty database for one test file. */
export interface TestDatabase {
  url: string;
  /** Drops / stops it. */
  teardown(): Promise<void>;
}

/** A kind of database the integration tests run against. */
export interface TestDatabaseKind {
  name: string;
  create(): Promise<TestDatabase>;
}

/** In-memory PGlite behind the embedded socket server: the real multi-process code path. */
export const pgliteKind: TestDatabaseKind = {
  name: 'PGlite (embedded socket server)',
  async create() {
    // A connection that holds the session silently (a half-open client) is dropped after 5 s.
    const server = await startEmbeddedPostgres({ dataDir: 'memory://', idleOwnerTimeoutMs: 5_000 });
    return { url: server.url, teardown: () => server.stop() };
  },
};

/** A new `arxos_test_<random>` database on the server of DATABASE_URL. */
export const postgresKind = (serverUrl: string): TestDatabaseKind => ({
  name: 'Postgres',
  async create() {
    const name = `arxos_test_${randomBytes(6).toString('hex')}`;
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      teardown: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
    };
  },
});

/** PGlite always; Postgres too when DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? [pgliteKind, postgresKind(serverUrl)] : [pgliteKind];
}

export { withClient };
