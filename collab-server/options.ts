/**
 * Options of the collaboration server, their defaults, and the threat or cost each one guards
 * against. {@link resolveOptions} fills in defaults and rejects nonsense values at start-up.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { CollabClaims } from '@/lib/auth/collabToken';
import type { DocumentStore } from '@/lib/db/documentStore';
import {
  DEFAULT_MAX_CLIENT_CLOCK,
  DEFAULT_MAX_CLOCK_RANGE_PER_UPDATE,
  DEFAULT_MAX_CONNECTIONS_PER_DOC,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_SEND_BUFFER_BYTES,
  DEFAULT_MESSAGE_BURST,
  DEFAULT_MESSAGES_PER_SECOND,
  DEFAULT_PENDING_UPDATE_BYTES,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_PRELOAD_BUFFER_BYTES,
} from '@/lib/protocol';

/** Per-connection and per-server limits (SPEC.md rules 7-11). Every field is optional. */
export interface CollabLimits {
  /**
   * Largest binary frame accepted, in bytes. Default 8 MiB. Larger -> close 4413 (checked on the
   * frame header, before the payload is buffered). Guards memory against one huge frame.
   */
  maxMessageBytes: number;
  /**
   * Sustained messages per second per connection (token bucket refill). Default 200 (a user
   * dragging a wall sends ~60 updates and ~60 awareness changes per second). Excess -> 4429.
   * Guards CPU against a flooding client.
   */
  messagesPerSecond: number;
  /** Token bucket size: messages a connection may send at once. Default 400. */
  messageBurst: number;
  /**
   * Bytes a connection may send while its document is still loading from the store (they are
   * buffered, then processed in order). Default 1 MiB. Excess -> 4413. Auth happens on the HTTP
   * upgrade, so this is the only buffer that exists before a client is fully served.
   */
  preloadBufferBytes: number;
  /**
   * Bytes of updates held per connection while they wait for missing dependencies (Yjs
   * "pending structs"; SPEC.md rule 6). Default 8 MiB. Excess -> 4413. Guards memory against a
   * client that sends updates which can never be integrated.
   */
  pendingUpdateBytes: number;
  /**
   * Bytes queued for one connection that its client has not taken yet. Default 64 MiB (well
   * above the first sync of a large building). Beyond it the connection is dropped (no close
   * frame: the client is not reading) and counted as `slow_client`; the stock client
   * reconnects and re-syncs, so nothing is lost. Guards memory against a client that stops
   * reading while its room keeps broadcasting to it.
   */
  maxSendBufferBytes: number;
  /**
   * Bytes waiting for one connection beyond which it is *behind* (SPEC.md rule 10): broadcasts
   * are no longer queued for it; once its backlog has left, it gets one update with everything it
   * missed, from the live document. Default 1 MiB. Without it every broadcast frame would wait in
   * memory for each slow reader (and cost a socket write each) until `maxSendBufferBytes`.
   */
  broadcastHighWaterBytes: number;
  /** Live connections per document. Default 500. Excess -> upgraded, then closed with 4429. */
  maxConnectionsPerDoc: number;
  /**
   * Live connections per client address (see {@link CollabServerOptions.clientAddress}).
   * Default 100. Excess -> upgraded, then closed with 4429. Guards sockets and memory against
   * one host opening thousands of connections.
   */
  maxConnectionsPerIp: number;
  /**
   * Highest clock a Yjs client id may reach (exclusive). Default 2^32. An update with a struct
   * range ending beyond it (e.g. one GC struct of length 2^53, a few bytes on the wire) is refused
   * with 4400: no real client writes four billion structs from one copy, and clocks near 2^53 are
   * no longer exact numbers, so such a range would corrupt the document for everyone, forever.
   */
  maxClientClock: number;
  /** Most new clocks of one client one update may add. Default 2^24. Beyond -> 4400 (as above). */
  maxClockRangePerUpdate: number;
  /**
   * Clocks reserved ahead when a client id's bound is raised (SPEC.md rule 22), so its bound is
   * written once per that many structs, not per update. Default 10 000. After a crash, users
   * other than the owner may write up to the bound (to re-deliver what the server broadcast and
   * lost); the headroom widens that window by at most this many clocks for clients that were
   * writing at the crash, until their owner writes again. 0: the bound is exact (each update that
   * goes past it waits for a write of it before anyone else sees it).
   */
  clientClaimHeadroom: number;
  /**
   * Largest body of `POST /internal/edit` (SPEC.md rule 23), in bytes. Default 64 MiB (the edits
   * of a large IFC import, as JSON). Larger -> 413 before it is buffered. Only holders of an
   * internal token (the web app) reach it; the bound guards the server's memory against a runaway
   * request all the same: the body, its parse and the gate's mirror copy are held at once.
   */
  maxServerEditBytes: number;
  /**
   * Interval of WebSocket pings, in ms. Default 30 000. A connection that has not answered the
   * previous ping (nor sent anything) by the next one is closed with 4408: dead peers would
   * otherwise hold rooms, awareness states and sockets forever.
   */
  pingIntervalMs: number;
}

/** Persistence batching and housekeeping (SPEC.md rules 12-16). Every field is optional. */
export interface PersistenceOptions {
  /**
   * Longest time an accepted update waits before it is written, in ms. Default 100, at most 100
   * (ARCHITECTURE.md section 4). It bounds what a hard crash can lose at the server (clients
   * re-send it on reconnect) against the cost of one INSERT per update.
   */
  flushIntervalMs: number;
  /** Updates per document that trigger a write at once, without waiting for the timer. Default 200. */
  maxBatch: number;
  /**
   * Compaction policy (SPEC.md rule 14). A load costs the snapshot plus the log after it, so the
   * log is folded into the snapshot once it holds at least `compactAfterUpdates` updates (default
   * 500) AND `compactSnapshotRatio` of the snapshot's size in bytes (default 0.1: a load then
   * costs at most ~1.1x the snapshot alone), or `compactMaxUpdates` updates (default 2 000)
   * whatever their size. Big documents are compacted less often (compaction re-encodes the whole
   * document); small ones every `compactAfterUpdates`.
   */
  compactAfterUpdates: number;
  /** See {@link compactAfterUpdates}. */
  compactSnapshotRatio: number;
  /** See {@link compactAfterUpdates}. */
  compactMaxUpdates: number;
  /** Compact once this many bytes were appended since the last compaction. Default 4 MiB. */
  compactAfterBytes: number;
  /**
   * Shortest time between two compactions of one document by the `compactAfterUpdates` rule, in
   * ms (the `compactMaxUpdates` / `compactAfterBytes` limits do not wait). Default 10 000; 0
   * disables. A small document edited at 500 updates/s would otherwise be re-encoded and
   * rewritten every second.
   */
  compactMinIntervalMs: number;
  /**
   * Compactions running at once, server-wide. Default 1: rooms edited at the same rate reach
   * their thresholds together, and their encodes and snapshot writes all at once would stall
   * every room's traffic; the others wait their turn (their logs only get a little longer).
   */
  maxConcurrentCompactions: number;
  /**
   * Rebase policy (SPEC.md rule 20): a model document whose room goes idle is re-created without
   * its history under a new lineage when it holds at least `rebaseAfterDeleted` deleted structs
   * (default 10 000) AND `rebaseDeletedRatio` of its live structs (default 0.1). Yjs keeps one
   * struct per overwritten value forever, and every client pays for each of them on every cold
   * load; with this policy a load costs at most ~1.1x the document without history, however long
   * its history. A client still holding an ended lineage (an offline copy) has its edits carried
   * over and is told to reload (4409), so rebases are kept rare.
   */
  rebaseAfterDeleted: number;
  /** See {@link rebaseAfterDeleted}. */
  rebaseDeletedRatio: number;
  /**
   * Deadline of one write (and a quarter of a compaction's), in ms. Default 15 000. A write the
   * store has not answered by then (a database connection that went silent: half-open) counts as
   * failed and is retried, so one stuck connection never stops a document from being written.
   * Keep it above the database pool's query deadline (lib/db/pool.ts), which is what replaces
   * the stuck connection.
   */
  writeTimeoutMs: number;
  /**
   * Persistence lag (age of the oldest accepted update not yet written) beyond which `/readyz`
   * answers 503 and `collab_persistence_healthy` is 0, in ms. Default 10 000. A load balancer or
   * orchestrator then stops sending new clients to a server that cannot save their edits.
   */
  maxLagMs: number;
  /** First retry delay after a failed write, in ms; doubled per attempt. Default 100. */
  retryBaseMs: number;
  /** Longest retry delay, in ms. Default 5 000. */
  retryMaxMs: number;
  /**
   * The grace period of `close()` (SIGTERM), in ms. Default 10 000. Within it the server waits
   * for loads and rebases in progress and retries writing pending updates, whatever the database
   * does; what is still unwritten then is logged with its count and doc ids (the clients still
   * hold those edits and re-send them on reconnect) and the process exits.
   */
  shutdownTimeoutMs: number;
}

/** Options of {@link startCollabServer}. */
export interface CollabServerOptions {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind. Default `127.0.0.1`; use `0.0.0.0` behind a load balancer. */
  host?: string;
  /** Where documents are loaded from and updates appended to. The caller owns (and closes) it. */
  store: DocumentStore;
  /** AUTH_SECRET: the HS256 key of collab tokens (lib/auth/collabToken.ts). */
  authSecret: string;
  /** Structured JSON logs; every line about a connection carries `doc` and `socketId`. */
  logger: Logger;
  limits?: Partial<CollabLimits>;
  persistence?: Partial<PersistenceOptions>;
  /**
   * How long a room with no connections stays loaded before it is flushed and unloaded, in ms.
   * Default 10 000. Short: memory (the usual bottleneck of Yjs servers). Long: a reconnect storm
   * reloads every document.
   */
  roomUnloadGraceMs?: number;
  /**
   * Automatic versions of a changed model document at most this often, in ms (SPEC.md rule 24;
   * DailyVersions.ts). Default 0: off (the process turns it on: `COLLAB_DAILY_VERSION_MS`, a day).
   */
  dailyVersionMs?: number;
  /**
   * How long a room may take to load (including waiting for an earlier room's writes of the same
   * document), in ms. Default 15 000; then its connections are closed with 4500.
   */
  loadTimeoutMs?: number;
  /**
   * Shortest time between two broadcasts of one room, in ms (SPEC.md rule 4). Default 10. A
   * change to a quiet room goes out at once (the next event-loop turn); while changes keep
   * coming, the room sends at most one merged update per connection per window. Every frame
   * costs a socket write per connection, so this caps the write rate of a busy room at
   * connections / window; 0 sends once per event-loop turn.
   */
  broadcastWindowMs?: number;
  /**
   * The address per-IP limits count. Default: the socket's remote address. Behind a reverse
   * proxy, derive it from a header the proxy sets (and clients cannot).
   */
  clientAddress?: (request: IncomingMessage) => string;
  /** Also export Node process metrics (RSS, heap, event loop lag) on /metrics. Default false. */
  processMetrics?: boolean;
  /**
   * Second check on upgrade, after the token's signature and expiry: does the grant it records
   * still hold (lib/auth/collabGrant.ts `authorizeCollabClaims`)? Closes the window in which a
   * revoked share link or a downgraded member replays a token minted before the change. Refused
   * -> upgraded, then closed with 4401 so the client fetches a fresh token (SPEC.md rule 1).
   * Default: none (the token alone decides).
   */
  authorizeClaims?: (claims: CollabClaims) => Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>;
  /**
   * Deadline of one `authorizeClaims` check, in ms. Default 5 000. A check that fails or takes
   * longer (the database is unreachable) is answered with close code 4503 (`database
   * unavailable`, retry later) instead of leaving the client hanging.
   */
  authorizeTimeoutMs?: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  store: DocumentStore;
  authSecret: string;
  logger: Logger;
  limits: CollabLimits;
  persistence: PersistenceOptions;
  roomUnloadGraceMs: number;
  dailyVersionMs: number;
  loadTimeoutMs: number;
  broadcastWindowMs: number;
  clientAddress: (request: IncomingMessage) => string;
  processMetrics: boolean;
  authorizeClaims: CollabServerOptions['authorizeClaims'];
  authorizeTimeoutMs: number;
}

/** Default {@link CollabLimits}. */
export const DEFAULT_LIMITS: Readonly<CollabLimits> = Object.freeze({
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  maxSendBufferBytes: DEFAULT_MAX_SEND_BUFFER_BYTES,
  broadcastHighWaterBytes: 1024 * 1024,
  messagesPerSecond: DEFAULT_MESSAGES_PER_SECOND,
  messageBurst: DEFAULT_MESSAGE_BURST,
  preloadBufferBytes: DEFAULT_PRELOAD_BUFFER_BYTES,
  pendingUpdateBytes: DEFAULT_PENDING_UPDATE_BYTES,
  maxConnectionsPerDoc: DEFAULT_MAX_CONNECTIONS_PER_DOC,
  maxConnectionsPerIp: DEFAULT_MAX_CONNECTIONS_PER_IP,
  pingIntervalMs: DEFAULT_PING_INTERVAL_MS,
  maxClientClock: DEFAULT_MAX_CLIENT_CLOCK,
  maxClockRangePerUpdate: DEFAULT_MAX_CLOCK_RANGE_PER_UPDATE,
  clientClaimHeadroom: 10_000,
  maxServerEditBytes: 64 * 1024 * 1024,
});

/** Default {@link PersistenceOptions}. */
export const DEFAULT_PERSISTENCE: Readonly<PersistenceOptions> = Object.freeze({
  flushIntervalMs: 100,
  maxBatch: 200,
  compactAfterUpdates: 500,
  compactSnapshotRatio: 0.1,
  compactMaxUpdates: 2_000,
  compactAfterBytes: 4 * 1024 * 1024,
  compactMinIntervalMs: 10_000,
  maxConcurrentCompactions: 1,
  rebaseAfterDeleted: 10_000,
  rebaseDeletedRatio: 0.1,
  writeTimeoutMs: 15_000,
  maxLagMs: 10_000,
  retryBaseMs: 100,
  retryMaxMs: 5_000,
  shutdownTimeoutMs: 10_000,
});

/** Fills in defaults; throws on values that cannot be meant (a configuration error at start-up). */
export function resolveOptions(options: CollabServerOptions): ResolvedOptions {
  const limits: CollabLimits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits) };
  const persistence: PersistenceOptions = { ...DEFAULT_PERSISTENCE, ...definedOnly(options.persistence) };
  for (const [name, value] of Object.entries({ ...limits, ...persistence })) {
    if (name === 'compactMinIntervalMs' || name === 'clientClaimHeadroom') nonNegative(name, value);
    else if (!Number.isFinite(value) || value <= 0) throw new Error(`collab server option ${name} must be a positive number, got ${value}`);
  }
  if (persistence.flushIntervalMs > 100) {
    throw new Error(`collab server option flushIntervalMs must be at most 100 ms (ARCHITECTURE.md section 4), got ${persistence.flushIntervalMs}`);
  }
  if (!options.authSecret) throw new Error('collab server: authSecret is required');
  return {
    port: options.port,
    host: options.host ?? '127.0.0.1',
    store: options.store,
    authSecret: options.authSecret,
    logger: options.logger,
    limits,
    persistence,
    roomUnloadGraceMs: options.roomUnloadGraceMs ?? 10_000,
    dailyVersionMs: nonNegative('dailyVersionMs', options.dailyVersionMs ?? 0),
    loadTimeoutMs: options.loadTimeoutMs ?? 15_000,
    broadcastWindowMs: nonNegative('broadcastWindowMs', options.broadcastWindowMs ?? 10),
    clientAddress: options.clientAddress ?? ((request) => request.socket.remoteAddress ?? 'unknown'),
    processMetrics: options.processMetrics ?? false,
    authorizeClaims: options.authorizeClaims,
    authorizeTimeoutMs: positive('authorizeTimeoutMs', options.authorizeTimeoutMs ?? 5_000),
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`collab server option ${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`collab server option ${name} must be a number >= 0, got ${value}`);
  return value;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
