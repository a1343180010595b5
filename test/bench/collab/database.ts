/**
 * The ONE database every server under test uses: a fresh `arxos_bench_<time>` database on the
 * Postgres server (default), or the embedded PGlite socket server in its own child process.
 * Migrated with our schema (for ArxOS) plus one table per peer's persistence.
 */
import { withClient } from '@/test/helpers/pgClient';
import { migrate } from '@/lib/db/migrate';
import { startServerProcess, type ServerProcess } from './childProcess';
import { pidsNamed } from './procStats';
import { freePort } from '@/test/helpers/ports';

export interface BenchDatabase {
  url: string;
  kind: 'postgres' | 'pglite';
  /** Processes whose CPU counts as the database's. */
  pids(): number[];
  drop(): Promise<void>;
}

/** Tables of the peers' persistence adapters (test/bench/collab/servers). */
const PEER_TABLES = `
  CREATE TABLE IF NOT EXISTS yws_updates (
    id BIGSERIAL PRIMARY KEY,
    doc_name TEXT NOT NULL,
    bytes BYTEA NOT NULL
  );
  CREATE INDEX IF NOT EXISTS yws_updates_doc_name_id_idx ON yws_updates (doc_name, id);
  CREATE TABLE IF NOT EXISTS hocuspocus_documents (
    name TEXT PRIMARY KEY,
    data BYTEA NOT NULL
  );`;

/** Creates and migrates the bench database. */
export async function createBenchDatabase(kind: 'postgres' | 'pglite', serverUrl: string, keep: boolean): Promise<BenchDatabase> {
  const db = kind === 'pglite' ? await startPglite() : await createPostgresDatabase(serverUrl, keep);
  await migrate(db.url);
  await withClient(db.url, (c) => c.query(PEER_TABLES));
  return db;
}

async function createPostgresDatabase(serverUrl: string, keep: boolean): Promise<BenchDatabase> {
  const name = `arxos_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    pids: () => pidsNamed('postgres'),
    async drop() {
      if (keep) return console.log(`kept database ${url}`);
      await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function startPglite(): Promise<BenchDatabase> {
  const port = await freePort();
  const server: ServerProcess = startServerProcess('pglite', 'test/bench/collab/servers/pgliteServer.ts', { PGLITE_PORT: String(port) }, port, null);
  await server.ready;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kind: 'pglite',
    pids: () => [server.pid],
    drop: () => server.stop(),
  };
}

export { withClient };
