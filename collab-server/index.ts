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
 *
 * SIGTERM / SIGINT: graceful stop, every accepted update written, then exit 0 (1 on failure).
 */
import pino from 'pino';
import { authorizeCollabClaims } from '@/lib/auth/collabGrant';
import { createPrismaClient } from '@/lib/db/client';
import { resolveDatabaseConfig } from '@/lib/db/config';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { startCollabServer } from './server';

const logger = pino({ name: 'collab', level: process.env.LOG_LEVEL ?? 'info' });

async function main() {
  const database = resolveDatabaseConfig();
  const authSecret = process.env.AUTH_SECRET;
  if (!authSecret) throw new Error('AUTH_SECRET is not set (start the server through `npm start`, which provides one)');
  const prisma = createPrismaClient(database.url, {
    poolMax: database.kind === 'embedded' ? 4 : undefined,
    onPoolError: (error) => logger.error({ err: error }, 'database pool error'),
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
    persistence: { rebaseAfterDeleted: numberFromEnv('COLLAB_REBASE_AFTER_DELETED'), rebaseDeletedRatio: numberFromEnv('COLLAB_REBASE_DELETED_RATIO') },
    authorizeClaims: (claims) => authorizeCollabClaims(prisma, claims),
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => prisma.$disconnect())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** A numeric setting from the environment; unset or empty means the default. Checked by the server's options. */
function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'collaboration server failed to start');
  process.exit(1);
});
