import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { resolveDatabaseConfig } from './config';
import type { AssetStore } from './assetStore';
import type { DocumentStore } from './documentStore';
import { DeadlinePool, deadlinesFromEnv, type DatabaseDeadlines } from './pool';
import { PrismaAssetStore } from './PrismaAssetStore';
import { PrismaDocumentStore } from './PrismaDocumentStore';

export { PrismaClient };

/** Options of {@link createPrismaClient}. */
export interface PrismaClientOptions {
  /**
   * Size of the `pg` pool. Default 10 (pg's default). Against the embedded PGlite server all
   * connections share one backend, so a small pool (4) is enough; {@link getPrisma} uses 4 there.
   */
  poolMax?: number;
  /** Errors of idle pooled connections (e.g. the server restarted); default logs to stderr. */
  onPoolError?: (error: Error) => void;
  /**
   * Deadlines of every database call (lib/db/pool.ts): a query without an answer fails, and a
   * connection that stopped answering is replaced. Default: `DATABASE_TIMEOUT_MS`, else 15 s.
   */
  deadlines?: Partial<DatabaseDeadlines>;
}

/**
 * Creates a Prisma client on the `@prisma/adapter-pg` driver adapter over a {@link DeadlinePool},
 * for real Postgres and the embedded PGlite server alike. The caller owns it: call
 * `$disconnect()` when done.
 */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  // The message and code say it all; the error object also carries the whole pg client.
  const logPoolError = (error: Error & { code?: string }) =>
    console.error(`[db] pooled connection error: ${error.code ?? ''} ${error.message}`.replace('  ', ' '));
  const pool = new DeadlinePool({ connectionString: url, max: options.poolMax ?? 10, deadlines: { ...deadlinesFromEnv(), ...options.deadlines } });
  const adapter = new PrismaPg(pool, {
    onPoolError: options.onPoolError ?? logPoolError,
    onConnectionError: options.onPoolError ?? logPoolError,
    disposeExternalPool: true,
  });
  return new PrismaClient({ adapter });
}

// On globalThis so that Next.js dev-mode module reloads reuse one pool instead of leaking pools.
const cache = globalThis as typeof globalThis & { __arxosPrisma?: PrismaClient };

/**
 * The process-wide Prisma client for the configured database (`DATABASE_URL`, else the embedded
 * server; see lib/db/config.ts). Created on first use; throws if no database is configured.
 */
export function getPrisma(): PrismaClient {
  if (!cache.__arxosPrisma) {
    const config = resolveDatabaseConfig();
    cache.__arxosPrisma = createPrismaClient(config.url, { poolMax: config.kind === 'embedded' ? 4 : undefined });
  }
  return cache.__arxosPrisma;
}

/** One store per client: a test that replaces the process-wide client gets a store on the new one. */
const documentStores = new WeakMap<PrismaClient, DocumentStore>();

/** The web app's {@link DocumentStore}: the Prisma store on {@link getPrisma}'s client. */
export function getDocumentStore(): DocumentStore {
  const prisma = getPrisma();
  let store = documentStores.get(prisma);
  if (!store) {
    store = new PrismaDocumentStore(prisma);
    documentStores.set(prisma, store);
  }
  return store;
}

/** One asset store per client, like {@link getDocumentStore}. */
const assetStores = new WeakMap<PrismaClient, AssetStore>();

/** The web app's {@link AssetStore}: the Prisma store on {@link getPrisma}'s client. */
export function getAssetStore(): AssetStore {
  const prisma = getPrisma();
  let store = assetStores.get(prisma);
  if (!store) {
    store = new PrismaAssetStore(prisma);
    assetStores.set(prisma, store);
  }
  return store;
}
