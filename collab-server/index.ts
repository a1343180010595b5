/**
 * Entry point of the collaboration server process (started by `npm start` / `npm run dev`, or
 * directly: `node --import tsx collab-server/index.ts`). Its environment variables, their defaults
 * and meanings are listed once, in `env.ts` (README.md's configuration table is generated from it).
 *
 * SIGTERM / SIGINT: graceful stop within COLLAB_SHUTDOWN_TIMEOUT_MS whatever the database does;
 * exit 0 when every accepted update was written, 1 otherwise (the log says how many were not).
 */
import pino from 'pino';
import { authorizeCollabClaims } from '@/lib/auth/collabGrant';
import { createPrismaClient } from '@/lib/db/client';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { logLevelFromEnv, readCollabEnv } from './env';
import { startCollabServer } from './server';
import { settleBy } from './time';

const logger = pino({ name: 'collab', level: logLevelFromEnv() });

async function main() {
  const env = readCollabEnv();
  const { database, deadlines, shutdownTimeoutMs } = env;
  const prisma = createPrismaClient(database.url, {
    poolMax: database.kind === 'embedded' ? 4 : undefined,
    onPoolError: (error) => logger.error({ err: error }, 'database pool error'),
    deadlines,
  });
  const server = await startCollabServer({
    port: env.port,
    host: env.host,
    store: new PrismaDocumentStore(prisma),
    authSecret: env.authSecret,
    logger,
    processMetrics: true,
    broadcastWindowMs: env.broadcastWindowMs,
    dailyVersionMs: env.dailyVersionMs,
    limits: { pingIntervalMs: env.pingIntervalMs, maxServerEditBytes: env.maxServerEditBytes },
    persistence: {
      rebaseAfterDeleted: env.rebaseAfterDeleted,
      rebaseDeletedRatio: env.rebaseDeletedRatio,
      // The pool's query deadline replaces a silent connection; the write's own deadline is the net under it.
      writeTimeoutMs: deadlines.queryTimeoutMs + 1_000,
      maxLagMs: env.maxLagMs,
      shutdownTimeoutMs,
    },
    loadTimeoutMs: deadlines.queryTimeoutMs + 1_000,
    authorizeTimeoutMs: Math.min(5_000, deadlines.queryTimeoutMs),
    authorizeClaims: (claims) => authorizeCollabClaims(prisma, claims),
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: shutdownTimeoutMs }, 'shutting down');
    // The server bounds its own shutdown; this is the net under it (a bug must not keep the process).
    setTimeout(() => {
      logger.fatal({ graceMs: shutdownTimeoutMs }, 'shutdown did not finish within its grace period; exiting');
      process.exit(1);
    }, shutdownTimeoutMs + SHUTDOWN_BACKSTOP_MS).unref();
    server
      .close()
      .then(async ({ unwritten }) => {
        // Ending the pool waits for connections in use; a silent one must not hold the exit.
        await settleBy([prisma.$disconnect()], Date.now() + DISCONNECT_WAIT_MS);
        logger.info({ unwrittenUpdates: unwritten }, 'stopped');
        process.exit(unwritten > 0 ? 1 : 0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Extra time after the grace period before the process exits regardless. */
const SHUTDOWN_BACKSTOP_MS = 5_000;
/** Longest wait for the database pool to close on shutdown. */
const DISCONNECT_WAIT_MS = 2_000;

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'collaboration server failed to start');
  process.exit(1);
});
