/**
 * Entry point of the collaboration server process (started by `npm start` / `npm run dev`).
 * Configuration comes from the environment: COLLAB_PORT (default 1234), COLLAB_HOST, DATABASE_URL.
 */
import pino from 'pino';
import { startCollabServer } from './server';

const logger = pino({ name: 'collab', level: process.env.LOG_LEVEL ?? 'info' });

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (start the server through `npm start`, which provides one)');
  const server = await startCollabServer({
    port: Number(process.env.COLLAB_PORT ?? 1234),
    host: process.env.COLLAB_HOST,
    databaseUrl,
    logger,
  });
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'collaboration server failed to start');
  process.exit(1);
});
