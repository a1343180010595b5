/**
 * The ArxOS collaboration server: the standard y-websocket protocol over `ws`, with auth on
 * upgrade, load-before-sync rooms, read-only enforcement, validated merges, batched persistence,
 * limits, health and metrics. The contract is collab-server/SPEC.md.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Registry } from 'prom-client';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { COLLAB_TOKEN_TTL_SECONDS, type CollabClaims } from '@/lib/auth/collabToken';
import type { Revocation } from '@/lib/auth/revocation';
import { CloseCode } from '@/lib/protocol';
import { authorizeUpgrade, type UpgradeGrant } from './authorizeUpgrade';
import { ClientClaims } from './ClientClaims';
import type { CollabServerEvents } from './CollabServerEvents';
import { CollabSocket } from './CollabSocket';
import { Connection } from './Connection';
import { ConnectionLimiter } from './ConnectionLimiter';
import { ChangeRecorder } from './ChangeRecorder';
import { DailyVersions } from './DailyVersions';
import { handleServerEdit } from './editEndpoint';
import { createHttpHandler, refuseUpgrade } from './httpRoutes';
import { createMetrics, type CollabMetrics } from './metrics';
import { resolveOptions, type CollabServerOptions } from './options';
import { matchesRevocation } from './revokeEndpoint';
import { PersistenceQueue } from './PersistenceQueue';
import { RoomRegistry } from './RoomRegistry';
import { settleBy, withDeadline } from './time';

export type { CollabServerEvents } from './CollabServerEvents';
export type { CollabLimits, CollabServerOptions, PersistenceOptions } from './options';

/** A running collaboration server. */
export interface CollabServer {
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /** `ws://host:port`, the WebsocketProvider's `serverUrl`. */
  readonly url: string;
  /** This server's Prometheus registry (also served on /metrics). */
  readonly metrics: Registry;
  readonly events: EventEmitter<CollabServerEvents>;
  /** Writes every accepted update to the store now; rejects if some could not be written in time. */
  flush(): Promise<void>;
  /**
   * Graceful stop (SIGTERM/SIGINT): stops accepting, closes connections (1001), writes every
   * accepted update, unloads rooms, all within `shutdownTimeoutMs` whatever the store does.
   * Resolves with the accepted updates it could not write (0: everything is written). Does not
   * close the store.
   */
  close(): Promise<{ unwritten: number }>;
  /** Live counts, for tests and diagnostics. */
  stats(): { connections: number; rooms: number; pendingUpdates: number };
  /** Closes (4401) the connections a revocation covers, as `POST /internal/revoke` does; returns how many. */
  revoke(revocation: Revocation): number;
  /** Whether `docName` is loaded. */
  hasRoom(docName: string): boolean;
  /**
   * Encoded `Y.snapshot` (state vector and delete set) of a loaded document, null if not loaded:
   * lets tests wait until the server has caught up, deletions included (they move no state vector).
   */
  snapshot(docName: string): Uint8Array | null;
}

/** Starts the collaboration server and resolves once it listens. */
export async function startCollabServer(input: CollabServerOptions): Promise<CollabServer> {
  const options = resolveOptions(input);
  const { logger, limits } = options;
  const events = new EventEmitter<CollabServerEvents>();
  let closing = false;

  // The gauges read the queue and the connections when scraped, so the metrics come first.
  const metrics: CollabMetrics = createMetrics(
    {
      pendingUpdates: () => persistence.totalPending(),
      lagSeconds: () => persistence.lagSeconds(),
      persistenceHealthy: () => persistence.status().ok,
      maxLagSeconds: options.persistence.maxLagMs / 1000,
      sendQueues: () => {
        let bufferedBytes = 0;
        let behind = 0;
        for (const conn of connections) {
          bufferedBytes += conn.ws.bufferedAmount;
          if (conn.backlog) behind++;
        }
        return { bufferedBytes, behind };
      },
    },
    options.processMetrics,
  );
  const persistence = new PersistenceQueue(options.store, options.persistence, logger, metrics);
  const claims = new ClientClaims(options.store, options.persistence, logger, metrics);
  const connections = new Set<Connection>();
  const changes = new ChangeRecorder(options.store, logger.child({ part: 'changes' }));
  const daily = new DailyVersions(options.store, logger.child({ part: 'versions' }), options.dailyVersionMs, () => changes.flush());
  const rooms = new RoomRegistry(
    {
      store: options.store,
      persistence,
      metrics,
      logger,
      limits,
      loadTimeoutMs: options.loadTimeoutMs,
      broadcastWindowMs: options.broadcastWindowMs,
      events,
      rebase: options.persistence,
      claims,
      changes,
      daily,
      ownership: { maxClientClock: limits.maxClientClock, maxClockRangePerUpdate: limits.maxClockRangePerUpdate, claimHeadroom: limits.clientClaimHeadroom },
    },
    options.roomUnloadGraceMs,
  );
  const limiter = new ConnectionLimiter(limits.maxConnectionsPerIp, limits.maxConnectionsPerDoc);

  const httpServer = createServer(
    createHttpHandler({
      store: options.store,
      registry: metrics.registry,
      logger,
      persistence: () => persistence.status(),
      closing: () => closing,
      authSecret: options.authSecret,
      revoke,
      edit: (req, res) =>
        handleServerEdit(req, res, {
          authSecret: options.authSecret,
          logger: logger.child({ route: '/internal/edit' }),
          counter: metrics.serverEdits,
          events,
          closing: () => closing,
          rooms,
          maxBytes: limits.maxServerEditBytes,
          // The persistence lag at which /readyz gives up on this server (SPEC.md rule 13).
          persistWaitMs: options.persistence.maxLagMs,
          versions: options.store,
          flushChanges: () => changes.flush(),
        }),
    }),
  );
  // maxPayload: ws refuses bigger frames from the header, before buffering them (-> 4413 via CollabSocket).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, WebSocket: CollabSocket, perMessageDeflate: false });

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.debug({ err: error }, 'socket error during upgrade'));
    void upgrade(request, socket, head).catch((error: unknown) => {
      logger.error({ err: error, url: request.url?.split('?')[0] }, 'upgrade failed');
      refuseUpgrade(socket, 500);
    });
  });

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (closing) return refuseUpgrade(socket, 503);
    const address = options.clientAddress(request);
    const auth = await authorizeUpgrade(request, options.authSecret);
    if (!auth.ok) {
      metrics.rejected.inc({ reason: auth.error.status === 401 ? 'unauthorized' : 'forbidden' });
      logger.info({ status: auth.error.status, reason: auth.error.reason, address, path: request.url?.split('?')[0] }, 'upgrade refused');
      return refuseUpgrade(socket, auth.error.status);
    }
    // The grant re-check costs a database query: a connection the limits will refuse anyway (a
    // flood from one address) skips it and is closed with 4429 in accept().
    const overLimit = !limiter.wouldAdmit(address, auth.value.docName);
    const stillGranted = options.authorizeClaims && !overLimit ? await checkGrant(auth.value.claims) : ({ ok: true } as const);
    if (socket.destroyed || closing) return refuseUpgrade(socket, 503);
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, auth.value, address, stillGranted));
  }

  /**
   * The grant re-check (SPEC.md rule 1), with a deadline: a check that fails or does not answer in
   * time (the database is unreachable) is `unavailable`, answered with 4503, never a hang.
   */
  async function checkGrant(claims: CollabClaims): Promise<GrantCheck> {
    try {
      const result = await withDeadline(options.authorizeClaims!(claims), options.authorizeTimeoutMs, 'the grant check');
      return result.ok ? { ok: true } : { ok: false, unavailable: false, message: result.error.message };
    } catch (error) {
      logger.warn({ err: error, user: claims.sub, building: claims.building }, 'grant check failed; the connection gets 4503');
      return { ok: false, unavailable: true, message: (error as Error).message };
    }
  }

  function accept(ws: WebSocket, grant: UpgradeGrant, address: string, stillGranted: GrantCheck): void {
    const conn = new Connection(ws, grant.docName, grant.part, grant.claims, grant.canWrite, address, logger, limits, metrics);
    ws.on('error', (error) => conn.log.warn({ err: error }, 'socket error'));
    if (!stillGranted.ok) {
      // Upgraded first, then closed with a named code: 4503 (retry later) when the check could not
      // be made, 4401 (fetch a fresh token: new role, or refused) when the grant no longer holds.
      if (stillGranted.unavailable) return conn.close(CloseCode.Unavailable, { detail: stillGranted.message, reject: 'unavailable' });
      return conn.close(CloseCode.Unauthorized, { detail: stillGranted.message, reject: 'unauthorized', reason: 'access changed' });
    }
    // Upgraded first, then closed: the client sees the named code 4429 (SPEC.md rule 10).
    const admitted = limiter.admit(address, grant.docName);
    if (!admitted.ok) return conn.close(CloseCode.RateLimited, { detail: admitted.error, reject: 'connection_limit' });
    connections.add(conn);
    metrics.connections.inc();
    conn.onClosed(() => {
      connections.delete(conn);
      limiter.release(address, grant.docName);
      metrics.connections.dec();
      conn.log.info('connection closed');
    });
    conn.log.info({ user: grant.claims.sub, role: grant.claims.role, canWrite: grant.canWrite, address }, 'connection opened');
    startGrantRechecks(conn);
    const room = rooms.join(conn);
    ws.on('message', (data, isBinary) => {
      if (conn.closed) return;
      conn.alive = true;
      const frame = toBytes(data);
      metrics.traffic.bytesIn += frame.byteLength;
      if (!isBinary) return conn.close(CloseCode.BadMessage, { detail: 'text frames are not part of the protocol' });
      if (frame.byteLength > limits.maxMessageBytes) return conn.close(CloseCode.TooLarge, { detail: `${frame.byteLength} bytes` });
      if (!conn.bucket.take()) return conn.close(CloseCode.RateLimited, { detail: `over ${limits.messagesPerSecond} messages/s` });
      try {
        room.receive(conn, frame);
      } catch (error) {
        // A broken invariant, not bad input (that is handled as values): log it, drop this client, stay up.
        conn.log.error({ err: error }, 'processing a message failed');
        conn.close(CloseCode.ServerError, { detail: 'internal error' });
      }
    });
  }

  /**
   * SPEC.md rule 1: when the connection's token expires (and every token lifetime after), the
   * grant is checked again as on upgrade. Still granted: the connection goes on. No longer:
   * closed with 4401 (`access changed`; the client fetches a fresh token, with the new role or
   * refused). The check cannot be made (database unreachable): retried every few seconds, and
   * the connection closed with 4503 once its grant has gone unconfirmed for a token lifetime.
   * Without a grant check the token alone decides: closed with 4401 (`token expired`).
   */
  function startGrantRechecks(conn: Connection): void {
    const lifetimeMs = Math.max(MIN_RECHECK_MS, (conn.claims.exp - (conn.claims.iat ?? conn.claims.exp - COLLAB_TOKEN_TTL_SECONDS)) * 1000);
    let timer: NodeJS.Timeout | undefined;
    conn.onClosed(() => clearTimeout(timer));
    const schedule = (at: number, confirmedAt: number) => {
      timer = setTimeout(() => void recheck(confirmedAt), Math.max(0, at - Date.now()));
    };
    const recheck = async (confirmedAt: number): Promise<void> => {
      if (conn.closed || closing) return;
      if (!options.authorizeClaims) {
        conn.close(CloseCode.Unauthorized, { detail: 'collab token expired', reject: 'token_expired', reason: 'token expired' });
        return;
      }
      const result = await checkGrant(conn.claims);
      if (conn.closed || closing) return;
      if (result.ok) {
        conn.log.debug('token expired; grant re-checked and still held');
        schedule(Date.now() + lifetimeMs, Date.now());
      } else if (!result.unavailable) {
        conn.close(CloseCode.Unauthorized, { detail: `token expired and ${result.message}`, reject: 'token_expired', reason: 'access changed' });
      } else if (Date.now() - confirmedAt >= lifetimeMs) {
        conn.close(CloseCode.Unavailable, { detail: `grant unconfirmed since ${new Date(confirmedAt).toISOString()}: ${result.message}`, reject: 'unavailable' });
      } else {
        schedule(Date.now() + Math.min(GRANT_RETRY_MS, lifetimeMs), confirmedAt);
      }
    };
    schedule(conn.claims.exp * 1000, Date.now());
  }

  function revoke(revocation: Revocation): number {
    let closed = 0;
    for (const conn of connections) {
      if (!matchesRevocation(conn.claims, revocation)) continue;
      conn.close(CloseCode.Unauthorized, { detail: `revoked: ${JSON.stringify(revocation)}`, reason: 'access revoked' });
      closed++;
    }
    return closed;
  }

  const pingTimer = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) conn.close(CloseCode.Timeout, { detail: `no pong within ${limits.pingIntervalMs} ms` });
      else {
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }, limits.pingIntervalMs);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  httpServer.on('error', (error) => logger.error({ err: error }, 'http server error'));
  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  logger.info({ port, host: options.host }, 'collaboration server listening');

  let closed: Promise<{ unwritten: number }> | undefined;
  return {
    port,
    url: `ws://${host}:${port}`,
    metrics: metrics.registry,
    events,
    async flush() {
      const deadline = Date.now() + options.persistence.shutdownTimeoutMs;
      await claims.flush(deadline); // releases the updates held for their client-id bounds
      const left = await persistence.flushAll(deadline);
      for (const [doc, held] of rooms.held()) left.set(doc, (left.get(doc) ?? 0) + held);
      await changes.flush();
      if (left.size > 0) throw new Error(`updates not written: ${[...left].map(([doc, n]) => `${doc} (${n})`).join(', ')}`);
    },
    close() {
      closed ??= (async () => {
        // Everything below is bounded by one deadline, whatever the store does (SPEC.md rule 16).
        const deadline = Date.now() + options.persistence.shutdownTimeoutMs;
        closing = true;
        clearInterval(pingTimer);
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        rooms.flushBroadcasts(); // what was merged reaches every client before its close frame
        for (const conn of connections) conn.close(1001);
        await settleBy([rooms.settleLoads(), rooms.settleRebases()], deadline);
        // Client-id bounds first: updates held for them are then persisted too (SPEC.md rule 22).
        await claims.flush(deadline);
        const left = await persistence.flushAll(deadline);
        for (const [doc, held] of rooms.held()) left.set(doc, (left.get(doc) ?? 0) + held);
        const unwritten = [...left.values()].reduce((a, b) => a + b, 0);
        if (unwritten > 0) {
          logger.error(
            { unwrittenUpdates: unwritten, docs: Object.fromEntries(left) },
            `shutdown: ${unwritten} accepted update(s) could not be written within ${options.persistence.shutdownTimeoutMs} ms (their clients re-send them on reconnect)`,
          );
        } else logger.info('shutdown: every accepted update is written');
        // Nothing beyond what the documents have reached anyone: bounds down to it.
        rooms.tightenClaims();
        await claims.flush(deadline);
        claims.close();
        await persistence.close(deadline);
        await changes.close(deadline);
        await Promise.race([daily.idle(), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
        rooms.destroyAll();
        await terminateStragglers(wss, 1_000);
        wss.close();
        httpServer.closeAllConnections();
        await stopped;
        return { unwritten };
      })();
      return closed;
    },
    stats: () => ({ connections: connections.size, rooms: rooms.size, pendingUpdates: persistence.totalPending() + [...rooms.held().values()].reduce((a, b) => a + b, 0) }),
    revoke,
    hasRoom: (docName) => rooms.has(docName),
    snapshot(docName) {
      const room = rooms.get(docName);
      return room?.state === 'ready' ? Y.encodeSnapshot(Y.snapshot(room.doc)) : null;
    },
  };
}

/** Retry interval of a grant re-check that could not be made (SPEC.md rule 1). */
const GRANT_RETRY_MS = 10_000;
/** Shortest interval between two grant re-checks of one connection. */
const MIN_RECHECK_MS = 1_000;

/** The grant re-check's answer: still granted, refused (4401), or not answerable now (4503). */
type GrantCheck = { ok: true } | { ok: false; unavailable: boolean; message: string };

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** Gives sockets `ms` to finish their closing handshake, then drops the rest. */
async function terminateStragglers(wss: WebSocketServer, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const ws of wss.clients) ws.terminate();
}
