/**
 * The `pg` pool every ArxOS process reaches its database through: no database call waits
 * without a deadline, and a connection that stopped answering is never used again.
 *
 * A half-open connection (the database host or a proxy between stops forwarding without closing
 * the socket: no FIN, no RST) is the case that matters. TCP itself notices nothing while the far
 * kernel still acknowledges, so a query on such a socket would wait forever, and so would every
 * later query handed the same pooled connection. Here:
 * - every query has a client-side deadline (`query_timeout`): it fails with `Query read timeout`;
 * - a connection handed back while a query is still running on it (a timed-out query inside a
 *   transaction) is destroyed, not pooled;
 * - after any failure of a connection itself (a timeout, a reset, an unexpected end: not an error
 *   the database answered with), every connection opened before it is retired: the next query
 *   opens a fresh one instead of trying the idle sockets that share the broken path;
 * - opening a connection (or waiting for a free one) has its own deadline;
 * - TCP keepalive probes idle sockets, so a silently dead peer is noticed between queries too;
 * - on Postgres, `statement_timeout` and `idle_in_transaction_session_timeout` bound the server's
 *   side: a statement cannot run on after its client gave up, and a transaction whose client
 *   vanished releases its locks. (The embedded PGlite ignores both; its session queue has its
 *   own idle-owner deadline: lib/db/WireSessionQueue.ts.)
 */
import pg from 'pg';

/** Deadlines of {@link DeadlinePool}; each guards against a database that stops answering. */
export interface DatabaseDeadlines {
  /**
   * Client-side deadline of every query, in ms (pg `query_timeout`). Default 15 000. Beyond it
   * the query fails, its connection is destroyed and older connections are retired.
   */
  queryTimeoutMs: number;
  /** Postgres `statement_timeout`, in ms: the server cancels a statement running longer. Default: `queryTimeoutMs`. */
  statementTimeoutMs: number;
  /**
   * Postgres `idle_in_transaction_session_timeout`, in ms: the server ends a session that sits
   * inside a transaction this long (its client went away mid-transaction), releasing its locks.
   * Default 2 x `queryTimeoutMs`.
   */
  idleInTransactionTimeoutMs: number;
  /** Deadline to open a connection (TCP, startup, auth) or to wait for a free one, in ms. Default 10 000. */
  connectTimeoutMs: number;
  /** Idle time after which TCP keepalive probes start, in ms. Default 10 000. */
  keepAliveInitialDelayMs: number;
}

/** Default {@link DatabaseDeadlines} (`DATABASE_TIMEOUT_MS` sets `queryTimeoutMs` for the processes; see {@link deadlinesFromEnv}). */
export const DEFAULT_DEADLINES: Readonly<DatabaseDeadlines> = Object.freeze({
  queryTimeoutMs: 15_000,
  statementTimeoutMs: 15_000,
  idleInTransactionTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  keepAliveInitialDelayMs: 10_000,
});

/** Deadlines with defaults filled in: the others follow `queryTimeoutMs` unless given. */
export function resolveDeadlines(given: Partial<DatabaseDeadlines> = {}): DatabaseDeadlines {
  const queryTimeoutMs = given.queryTimeoutMs ?? DEFAULT_DEADLINES.queryTimeoutMs;
  const deadlines: DatabaseDeadlines = {
    queryTimeoutMs,
    statementTimeoutMs: given.statementTimeoutMs ?? queryTimeoutMs,
    idleInTransactionTimeoutMs: given.idleInTransactionTimeoutMs ?? 2 * queryTimeoutMs,
    connectTimeoutMs: given.connectTimeoutMs ?? Math.min(DEFAULT_DEADLINES.connectTimeoutMs, queryTimeoutMs),
    keepAliveInitialDelayMs: given.keepAliveInitialDelayMs ?? DEFAULT_DEADLINES.keepAliveInitialDelayMs,
  };
  for (const [name, value] of Object.entries(deadlines)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`database deadline ${name} must be a positive whole number of ms, got ${value}`);
  }
  return deadlines;
}

/**
 * `DATABASE_TIMEOUT_MS` (the query deadline; the others follow it), or nothing when unset.
 * Throws on a value that is not a positive number (a configuration error at start-up).
 */
export function deadlinesFromEnv(env: Record<string, string | undefined> = process.env): Partial<DatabaseDeadlines> {
  const raw = env.DATABASE_TIMEOUT_MS?.trim();
  if (!raw) return {};
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`DATABASE_TIMEOUT_MS must be a positive whole number of ms, got ${JSON.stringify(raw)}`);
  return { queryTimeoutMs: value };
}

/** Options of {@link DeadlinePool}. */
export interface DeadlinePoolOptions {
  connectionString: string;
  /** Most connections; default 10 (pg's default). */
  max?: number;
  deadlines?: Partial<DatabaseDeadlines>;
}

/** Connection failures seen by a pool (tests and metrics). */
export interface PoolFailureCounts {
  /** Failures of a connection itself (timeouts, resets), each retiring the connections opened before it. */
  connectionFailures: number;
  /** Connections destroyed because a query was still running on them when they were handed back. */
  busyReleases: number;
  /** Idle connections not reused because a failure retired them. */
  retired: number;
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** A `pg.Pool` with deadlines that never hands out a connection a failure has made suspect (see the module comment). */
export class DeadlinePool extends pg.Pool {
  readonly deadlines: DatabaseDeadlines;
  readonly failures: PoolFailureCounts = { connectionFailures: 0, busyReleases: 0, retired: 0 };
  /** Bumped by every connection failure; connections opened in an earlier generation are retired. */
  #generation = 0;
  readonly #bornIn = new WeakMap<pg.ClientBase, number>();

  constructor(options: DeadlinePoolOptions) {
    const deadlines = resolveDeadlines(options.deadlines);
    super({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      query_timeout: deadlines.queryTimeoutMs,
      statement_timeout: deadlines.statementTimeoutMs,
      idle_in_transaction_session_timeout: deadlines.idleInTransactionTimeoutMs,
      connectionTimeoutMillis: deadlines.connectTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: deadlines.keepAliveInitialDelayMs,
    });
    this.deadlines = deadlines;
    this.on('connect', (client) => this.#bornIn.set(client, this.#generation));
    this.on('release', (error: Error | undefined) => {
      if (error && isConnectionFailure(error)) this.#failed();
    });
    this.on('error', (error: Error) => {
      if (isConnectionFailure(error)) this.#failed();
    });
  }

  /** Retires every connection opened so far: the next query opens a fresh one. */
  retireConnections(): void {
    this.#failed();
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) {
      return new Promise((resolve, reject) => this.connect((error, client) => (error || !client ? reject(error ?? new Error('no client')) : resolve(client))));
    }
    super.connect((error, client, done) => {
      if (error || !client) return callback(error, client, done);
      if ((this.#bornIn.get(client) ?? -1) < this.#generation) {
        // Opened before a failure on the same path: do not trust it; open another instead.
        this.failures.retired++;
        client.release(new RetiredConnection());
        destroySocket(client);
        this.connect(callback);
        return;
      }
      const release = client.release.bind(client);
      client.release = (releaseError?: Error | boolean) => {
        if (!releaseError && isBusy(client)) {
          this.failures.busyReleases++;
          release(new Error('connection handed back with a query still running (it timed out): destroyed'));
          destroySocket(client);
          return;
        }
        return release(releaseError);
      };
      callback(undefined, client, (releaseError?: unknown) => client.release(releaseError as Error | undefined));
    });
  }

  #failed(): void {
    this.failures.connectionFailures++;
    this.#generation++;
  }
}

/** The error a retired connection is released with (it is destroyed, not reused). */
class RetiredConnection extends Error {
  constructor() {
    super('connection retired after a connection failure');
    this.name = 'RetiredConnection';
  }
}

/**
 * A failure of the connection itself, as opposed to an error the database answered with (those
 * arrive as `pg.DatabaseError`, with a SQLSTATE; the connection is fine).
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof RetiredConnection) return false;
  if (error instanceof pg.DatabaseError) return ['57P01', '57P02', '57P03'].includes(error.code ?? ''); // admin / crash shutdown, cannot connect now
  return true;
}

/**
 * Drops the socket of a connection the pool has let go (pg's `end()` closes a socket gracefully,
 * and a half-open peer never finishes that close).
 */
function destroySocket(client: pg.ClientBase): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/** Whether pg still runs (or has queued) a query on `client` (pg keeps no public flag for it). */
function isBusy(client: pg.ClientBase): boolean {
  const internal = client as unknown as { _getActiveQuery?: () => unknown; activeQuery?: unknown; _queryQueue?: unknown[] };
  const active = typeof internal._getActiveQuery === 'function' ? internal._getActiveQuery() : internal.activeQuery;
  return Boolean(active) || (internal._queryQueue?.length ?? 0) > 0;
}
