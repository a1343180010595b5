/**
 * Plain HTTP of the collaboration server: `/healthz` (liveness), `/readyz` (the store answers
 * and writes are succeeding), `/metrics` (Prometheus text), `/internal/revoke` (the web app
 * closes connections whose access was taken away), `/internal/edit` (the web app writes a change
 * onto a live document), and HTTP refusals of upgrades.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Revocation } from '@/lib/auth/revocation';
import type { DocumentStore } from '@/lib/db/documentStore';
import { handleRevoke } from './revokeEndpoint';

/** What the routes read from the server. */
export interface HttpRouteContext {
  store: DocumentStore;
  registry: Registry;
  logger: Logger;
  /** Whether persistence keeps up: writes succeed and the lag is within its bound (PersistenceQueue.status). */
  persistence(): { ok: true } | { ok: false; reason: 'failing' | 'lagging'; lagSeconds: number };
  closing(): boolean;
  /** AUTH_SECRET, which signs the internal tokens of `/internal/revoke`. */
  authSecret: string;
  /** Closes the connections a revocation covers; returns how many. */
  revoke(revocation: Revocation): number;
  /** `POST /internal/edit` (editEndpoint.ts). */
  edit(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** A document name no real document can have (see lib/protocol parseDocName): the readiness probe reads it. */
const PROBE_DOC = '__readyz__';
const PROBE_TIMEOUT_MS = 2_000;

/** Creates the request handler. */
export function createHttpHandler(ctx: HttpRouteContext): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://collab.invalid').pathname;
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (path === '/readyz') {
      if (ctx.closing()) return sendJson(res, 503, { ok: false, error: 'shutting down' });
      const lagging = ctx.persistence();
      if (!lagging.ok && lagging.reason === 'lagging') return sendJson(res, 503, { ok: false, persistence: 'lagging', lagSeconds: lagging.lagSeconds });
      const probe = await probeStore(ctx.store);
      if (!probe.ok) {
        ctx.logger.warn({ err: probe.error }, 'readiness check: store unreachable');
        return sendJson(res, 503, { ok: false, store: 'unreachable', error: probe.error.message });
      }
      const persistence = ctx.persistence();
      if (!persistence.ok) return sendJson(res, 503, { ok: false, store: 'reachable', persistence: persistence.reason, lagSeconds: persistence.lagSeconds });
      return sendJson(res, 200, { ok: true, store: 'reachable', persistence: 'ok' });
    }
    if (path === '/internal/revoke') return handleRevoke(req, res, ctx.authSecret, ctx.revoke, ctx.logger);
    if (path === '/internal/edit') return ctx.edit(req, res);
    if (path === '/metrics') {
      const text = await ctx.registry.metrics();
      res.writeHead(200, { 'content-type': ctx.registry.contentType, 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    return sendJson(res, 404, { ok: false, error: 'not found' });
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      ctx.logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'server error' });
      else res.destroy();
    });
  };
}

/**
 * Answers an upgrade request with a plain HTTP status and closes the socket (the WebSocket
 * handshake never completes, so the client sees e.g. `Unexpected server response: 401`).
 */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const body = STATUS_CODES[status] ?? 'error';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${body}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

async function probeStore(store: DocumentStore): Promise<{ ok: true } | { ok: false; error: Error }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.load(PROBE_DOC),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
