/**
 * Entry point of the collaboration server process (started by `npm start` / `npm run dev`, or
 * directly: `node --import tsx collab-server/index.ts`). Configuration from the environment:
 *
 * | env | default | meaning |
 * | --- | --- | --- |
 * | DATABASE_URL | the launcher's embedded server | Postgres / PGlite socket connection string |
 * | AUTH_SECRET | (required) | HS256 key of collab tokens |
 * | COLLAB_PORT | 1234 | port (0 = any free port; the chosen one is logged) |
 * | COLLAB_HOST | 127.0.0.1 | interface to bind |
 * | LOG_LEVEL | info | pino level |
 * | COLLAB_PING_INTERVAL_MS | 30000 | WebSocket ping interval; a connection that has not answered the previous ping is closed (SPEC.md rule 11) |
 * | COLLAB_BROADCAST_WINDOW_MS | 10 | shortest time between two broadcasts of a busy room (SPEC.md rule 4) |
 * | COLLAB_REBASE_AFTER_DELETED | 10000 | rebase an idle document holding at least this many deleted structs... (SPEC.md rule 20) |
 * | COLLAB_REBASE_DELETED_RATIO | 0.1 | ...and at least this share of its live structs |
 * | DATABASE_TIMEOUT_MS | 15000 | deadline of every database query (lib/db/pool.ts); writes get one second more (SPEC.md rule 13) |
 * | COLLAB_MAX_PERSISTENCE_LAG_MS | 10000 | persistence lag beyond which /readyz answers 503 (SPEC.md rule 13) |
 * | COLLAB_SHUTDOWN_TIMEOUT_MS | 10000 | grace period of SIGTERM / SIGINT (SPEC.md rule 16) |
 *
 * SIGTERM / SIGINT: graceful stop within COLLAB_SHUTDOWN_TIMEOUT_MS whatever the database does;
 * exit 0 when every accepted update was written, 1 otherwise (the log says how many were not).
 */
import pino from 'pino';
import { authorizeCollabClaims } from '@/lib/auth/collabGrant';
import { createPrismaClient } from '@/lib/db/client';
import { resolveDatabaseConfig } from '@/lib/db/config';
import { deadlinesFromEnv, resolveDeadlines } from '@/lib/db/pool';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { DEFAULT_PERSISTENCE } from './options';
import { startCollabServer } from './server';
import { settleBy } from './time';

const logger = pino({ name: 'collab', level: process.env.LOG_LEVEL ?? 'info' });

async function main() {
  const database = resolveDatabaseConfig();
  const authSecret = process.env.AUTH_SECRET;
  if (!authSecret) throw new Error('AUTH_SECRET is not set (start the server through `npm start`, which provides one)');
  const deadlines = resolveDeadlines(deadlinesFromEnv());
  const shutdownTimeoutMs = numberFromEnv('COLLAB_SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_PERSISTENCE.shutdownTimeoutMs;
  const prisma = createPrismaClient(database.url, {
    poolMax: database.kind === 'embedded' ? 4 : undefined,
    onPoolError: (error) => logger.error({ err: error }, 'database pool error'),
    deadlines,
  });
  const server = await startCollabServer({
    port: Number(process.env.COLLAB_PORT ?? 1234),
    host: process.env.COLLAB_HOST,
    store: new PrismaDocumentStore(prisma),
    authSecret,
    logger,
    processMetrics: true,
    broadcastWindowMs: numberFromEnv('COLLAB_BROADCAST_WINDOW_MS'),
    limits: { pingIntervalMs: numberFromEnv('COLLAB_PING_INTERVAL_MS') },
    persistence: {
      rebaseAfterDeleted: numberFromEnv('COLLAB_REBASE_AFTER_DELETED'),
      rebaseDeletedRatio: numberFromEnv('COLLAB_REBASE_DELETED_RATIO'),
      // The pool's query deadline replaces a silent connection; the write's own deadline is the net under it.
      writeTimeoutMs: deadlines.queryTimeoutMs + 1_000,
      maxLagMs: numberFromEnv('COLLAB_MAX_PERSISTENCE_LAG_MS'),
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

/** A numeric setting from the environment; unset or empty means the default. Checked by the server's options. */
function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'collaboration server failed to start');
  process.exit(1);
});
