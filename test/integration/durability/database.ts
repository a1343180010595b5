/**
 * One database per suite for the durability tests: PGlite behind the embedded socket server
 * (started in the test process, as the launcher does) always, and a fresh Postgres database too
 * when DATABASE_URL is set. The server runs as a separate process; the test reads what it wrote
 * DIRECTLY from the database, through its own PrismaDocumentStore.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import * as Y from 'yjs';
import { createPrismaClient, type PrismaClient } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { docNames } from '@/lib/protocol';
import { pgliteKind, testDatabaseKinds, withClient, type TestDatabase, type TestDatabaseKind } from '../db/testDatabases';
import { destroyClients, EDITOR_USER_IDS } from './clients';
import { startStallingProxy, type StallingProxy } from '@/test/helpers/stallingProxy';
import { killServerProcesses, type ServerDatabase } from './serverProcess';

/** What a durability test gets for its suite's database. */
export interface DurabilityDatabase {
  /** What the server process is told (`ARXOS_EMBEDDED_DATABASE_URL` or `DATABASE_URL`). */
  server: ServerDatabase;
  store: PrismaDocumentStore;
  /** The stored document as a Y.Doc (snapshot + log merged, as the server loads it). */
  load(docName: string): Promise<Y.Doc>;
  /**
   * Creates `count` buildings (default 1) in the suite's organization, where the users of the
   * test tokens ({@link EDITOR_USER_IDS}) are admins: the server
   * checks that grant on every upgrade. Returns their model document names.
   */
  modelDocs(count?: number): Promise<string[]>;
  /** Runs one SQL query on a separate connection. */
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

/**
 * Declares `title` once per database kind; `body` gets a getter for the suite's database. Clients
 * still open after a test are destroyed; server processes still running after the suite are
 * killed (a failing test leaves none behind).
 */
export function describeDurability(
  title: string,
  describeFn: (name: string, fn: () => void) => void,
  body: (db: () => DurabilityDatabase) => void,
): void {
  for (const kind of testDatabaseKinds()) describeFn(`${title} (${kind.name})`, () => body(useDatabase(kind)));
}

function useDatabase(kind: TestDatabaseKind): () => DurabilityDatabase {
  let database: TestDatabase | undefined;
  let prisma: PrismaClient | undefined;
  let ctx: DurabilityDatabase | undefined;

  beforeAll(async () => {
    database = await kind.create();
    await migrate(database.url);
    prisma = createPrismaClient(database.url, { poolMax: 2 });
    const store = new PrismaDocumentStore(prisma);
    const url = database.url;
    const orgId = `org-${randomBytes(4).toString('hex')}`;
    await prisma.user.createMany({ data: EDITOR_USER_IDS.map((id, i) => ({ id, email: `${id}@example.test`, name: `Durability editor ${i + 1}` })) });
    await prisma.organization.create({ data: { id: orgId, name: 'Durability', slug: orgId } });
    await prisma.membership.createMany({ data: EDITOR_USER_IDS.map((userId) => ({ userId, orgId, role: 'admin' as const })) });
    const client = prisma;
    ctx = {
      server: { url, embedded: kind === pgliteKind },
      store,
      async load(docName) {
        const doc = new Y.Doc();
        const { state } = await store.load(docName);
        if (state) Y.applyUpdate(doc, state);
        return doc;
      },
      async modelDocs(count = 1) {
        const ids = Array.from({ length: count }, () => `b${randomBytes(6).toString('hex')}`);
        await client.building.createMany({ data: ids.map((id) => ({ id, orgId, name: id })) });
        return ids.map((id) => docNames.model(id));
      },
      query: (sql, params) => withClient(url, async (c) => (await c.query(sql, params)).rows),
    };
  });
  afterEach(() => destroyClients());
  afterAll(async () => {
    destroyClients();
    await killServerProcesses();
    await prisma?.$disconnect();
    await database?.teardown();
  });

  return () => {
    if (!ctx) throw new Error('the durability database exists only inside a test');
    return ctx;
  };
}

/**
 * A {@link StallingProxy} in front of the suite's database for every test (closed after it, with
 * the test's clients): `server()` is what to tell a server process so that it reaches the
 * database through the proxy.
 */
export function useProxiedDatabase(db: () => DurabilityDatabase): { proxy(): StallingProxy; server(): ServerDatabase } {
  let proxy: StallingProxy | undefined;
  beforeEach(async () => {
    const target = new URL(db().server.url);
    proxy = await startStallingProxy({ host: target.hostname, port: Number(target.port) });
  });
  afterEach(async () => {
    destroyClients();
    await proxy?.close();
    proxy = undefined;
  });
  const current = () => {
    if (!proxy) throw new Error('the proxy exists only inside a test');
    return proxy;
  };
  return { proxy: current, server: () => ({ ...db().server, url: current().urlFor(db().server.url) }) };
}
