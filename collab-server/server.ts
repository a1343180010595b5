import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Logger } from 'pino';

/** Options of the collaboration server. */
export interface CollabServerOptions {
  /** TCP port; 0 picks a free one (tests). Default 1234 (COLLAB_PORT). */
  port: number;
  /** Host to bind. Default 127.0.0.1 in development. */
  host?: string;
  /** Postgres (or embedded PGlite socket) connection string; `/readyz` checks it. */
  databaseUrl: string;
  logger: Logger;
}

export interface CollabServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the collaboration server's HTTP side: `/healthz` (liveness) and `/readyz` (the store is
 * reachable). The y-websocket endpoint arrives with the collaboration-server issue (#3).
 */
export async function startCollabServer(options: CollabServerOptions): Promise<CollabServer> {
  const { logger } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  pool.on('error', (error) => logger.error({ err: error }, 'database pool error'));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
    if (url.pathname === '/readyz') {
      try {
        await pool.query('SELECT 1');
        return sendJson(res, 200, { ok: true, store: 'reachable' });
      } catch (error) {
        logger.warn({ err: error }, 'readiness check failed');
        return sendJson(res, 503, { ok: false, store: 'unreachable', error: (error as Error).message });
      }
    }
    return sendJson(res, 404, { ok: false, error: 'not found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'server error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'collaboration server listening');

  return {
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
