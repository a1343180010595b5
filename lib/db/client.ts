import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { resolveDatabaseConfig } from './config';

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
}

/**
 * Creates a Prisma client on the `@prisma/adapter-pg` driver adapter, for real Postgres and the
 * embedded PGlite server alike. The caller owns it: call `$disconnect()` when done.
 */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  // The message and code say it all; the error object also carries the whole pg client.
  const logPoolError = (error: Error & { code?: string }) =>
    console.error(`[db] pooled connection error: ${error.code ?? ''} ${error.message}`.replace('  ', ' '));
  const adapter = new PrismaPg(
    { connectionString: url, max: options.poolMax ?? 10 },
    { onPoolError: options.onPoolError ?? logPoolError, onConnectionError: options.onPoolError ?? logPoolError },
  );
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
