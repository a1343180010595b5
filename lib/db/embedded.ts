import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { WireSessionQueue } from './WireSessionQueue';

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /**
   * Where PGlite keeps its files. Default `.data/pglite` (relative to the working directory).
   * `memory://` keeps everything in memory (tests). A lock file `<dataDir>.lock` guards against
   * two servers opening the same directory, which would corrupt it.
   */
  dataDir?: string;
  /** TCP port; default 0 = any free port (read it back from the result). */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. Never expose PGlite beyond localhost: it has no auth. */
  host?: string;
  /**
   * Most client connections served at once (all processes together); default 64. Further
   * connections get a `53300 too_many_connections` error. Every connection shares one backend,
   * so more connections add queueing, not throughput: keep `pg` pools small (4 is plenty).
   */
  maxConnections?: number;
  /** Reports failures that belong to no client request; default `console.error`. */
  onError?: (error: Error) => void;
  /**
   * How long one connection may hold PGlite's single session (inside a transaction or a
   * half-sent query) without sending anything while other connections wait, in ms; then it is
   * disconnected and the session reset. Default 15 000. Guards every process against one
   * client that vanished without closing its socket (Postgres: `idle_in_transaction_session_timeout`).
   */
  idleOwnerTimeoutMs?: number;
}

/** A running embedded Postgres server. */
export interface EmbeddedPostgres {
  /** Connection string for `pg` / `@prisma/adapter-pg`, e.g. `postgres://postgres@127.0.0.1:5433/postgres`. */
  url: string;
  port: number;
  host: string;
  /** The PGlite instance. Do not query it directly while clients are connected (see README). */
  db: PGlite;
  /** Number of currently connected clients. */
  connectionCount(): number;
  /** Closes all client connections, stops listening and closes PGlite (flushing it to disk). */
  stop(): Promise<void>;
}

/**
 * Starts PGlite (Postgres in WASM) behind a Postgres wire-protocol TCP server, so that several
 * processes (web app, collab server, CLI) connect to the same database with `pg`, exactly as to
 * real Postgres.
 *
 * Connections are multiplexed onto PGlite's single session by {@link WireSessionQueue}: each
 * query, extended-protocol exchange and transaction runs without interleaving, and transactions
 * of different connections are serialised (never concurrent). Consequences, unlike Postgres:
 * session state (SET, prepared statement names, temp tables, advisory locks) is shared by all
 * connections; a connection idle inside a transaction blocks every other connection until it
 * commits. See lib/db/README.md.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir ?? '.data/pglite';
  const host = options.host ?? '127.0.0.1';
  const maxConnections = options.maxConnections ?? 64;
  const onError = options.onError ?? ((error: Error) => console.error('[embedded-postgres]', error));
  const inMemory = dataDir.startsWith('memory://');

  const releaseLock = inMemory ? async () => {} : await acquireDirLock(dataDir);
  let db: PGlite;
  try {
    if (!inMemory) await mkdir(dataDir, { recursive: true });
    db = await PGlite.create(inMemory ? dataDir : path.resolve(dataDir));
  } catch (error) {
    await releaseLock();
    throw new Error(`embedded postgres: cannot open PGlite data directory ${dataDir}`, { cause: error });
  }

  const handlers = new Set<PGLiteSocketHandler>();
  const socketOf = new Map<number, Socket>();
  const queue = new WireSessionQueue(db, onError, {
    timeoutMs: options.idleOwnerTimeoutMs ?? 15_000,
    evict: (handlerId) => socketOf.get(handlerId)?.destroy(),
  });
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    attach(socket);
  });

  function attach(socket: Socket): void {
    if (handlers.size >= maxConnections) {
      socket.end(tooManyConnections(maxConnections), () => socket.destroy());
      return;
    }
    const handler = new PGLiteSocketHandler({
      // The handler only calls the methods WireSessionQueue implements (see its TSDoc).
      queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'],
      closeOnDetach: true,
    });
    handlers.add(handler);
    socketOf.set(handler.handlerId, socket);
    socket.once('close', () => socketOf.delete(handler.handlerId));
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', (event) => {
      handlers.delete(handler);
      const error = (event as CustomEvent<Error>).detail;
      // A client resetting its connection is routine; anything else is worth a log line.
      if (!String(error?.message).includes('ECONNRESET')) {
        onError(new Error(`embedded postgres: connection #${handler.handlerId} failed`, { cause: error }));
      }
    });
    handler.attach(socket).catch((error: unknown) => {
      handlers.delete(handler);
      socket.destroy();
      onError(new Error('embedded postgres: cannot attach connection', { cause: error }));
    });
  }

  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host);
  } catch (error) {
    await db.close();
    await releaseLock();
    throw new Error(`embedded postgres: cannot listen on ${host}:${options.port ?? 0}`, { cause: error });
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${host.includes(':') ? `[${host}]` : host}:${port}/postgres`,
    port,
    host,
    db,
    connectionCount: () => handlers.size,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([...handlers].map((handler) => handler.detach(true)));
        handlers.clear();
        for (const socket of sockets) socket.destroy();
        await closed;
        await queue.whenIdle();
        await db.close();
        await releaseLock();
      })();
      return stopping;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('unexpected server address'));
      else resolve(address.port);
    });
  });
}

/** A FATAL ErrorResponse with SQLSTATE 53300, as Postgres sends when it is full. */
function tooManyConnections(max: number): Buffer {
  const fields = [`SFATAL`, `VFATAL`, `C53300`, `Mtoo many connections to the embedded database (max ${max})`];
  const body = Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * Creates `<dataDir>.lock` holding our pid; fails if another live process holds it. A lock left
 * by a dead process (crash, SIGKILL) is taken over.
 */
async function acquireDirLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(lockPath, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`embedded postgres: ${dataDir} is in use by process ${pid} (lock file ${lockPath})`);
      }
      if (pid === process.pid) {
        throw new Error(`embedded postgres: ${dataDir} is already open in this process`);
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`embedded postgres: cannot acquire lock file ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
