/**
 * The collaboration server as a real child process: `node --import tsx collab-server/index.ts`,
 * the entry `npm start` bundles and runs (the bundle itself is run by
 * test/integration/launcher/buildCollabServer.test.ts), configured through its environment only. Tests stop it (SIGTERM),
 * kill it (SIGKILL) and start it again on the same port, and read its /metrics, /healthz and
 * /proc/<pid>/status from outside, as an operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SECRET } from '../collab/harness';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = path.join(ROOT, 'collab-server/index.ts');
/** Log lines kept per process for failure messages. */
const LOG_TAIL = 60;
/** Bounds start-up and exit waits (a failing test, not a measurement). */
const PROCESS_TIMEOUT_MS = 60_000;

/** Where the server process finds its database, as the launcher would tell it. */
export interface ServerDatabase {
  url: string;
  /** true: the embedded PGlite socket server (`ARXOS_EMBEDDED_DATABASE_URL`); false: Postgres (`DATABASE_URL`). */
  embedded: boolean;
}

/** Options of {@link startServerProcess}. */
export interface ServerProcessOptions {
  database: ServerDatabase;
  /** COLLAB_PORT; default 0 (any free port, read back from the "listening" log line). */
  port?: number;
  /**
   * LOG_LEVEL; default `info`. The port is read from an info line; above info (e.g. `error`, to
   * spare a flood test 3 log lines per connection) pass `port`, and readiness is polled on /healthz.
   */
  logLevel?: string;
  /** Extra `node` flags, before the entry (e.g. `--expose-gc`). */
  nodeFlags?: string[];
  /** More environment (e.g. `DATABASE_TIMEOUT_MS`). */
  env?: Record<string, string>;
}

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running collaboration server process. */
export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  /** `ws://127.0.0.1:<port>`: the WebsocketProvider's serverUrl. */
  readonly url: string;
  readonly httpUrl: string;
  readonly exited: Promise<Exit>;
  /**
   * Graceful stop: SIGTERM, then resolves with the exit (SIGKILL and a rejection if it does not
   * exit within `withinMs`, default 60 s).
   */
  stop(withinMs?: number): Promise<Exit>;
  /** Hard crash: SIGKILL; resolves once the process is gone. */
  kill(): Promise<Exit>;
  /** Sends `signal` and resolves with the first later log line that passes `match`. */
  signalAndWait(signal: NodeJS.Signals, match: (line: LogLine) => boolean): Promise<LogLine>;
  /** The /metrics text, parsed: `name{labels}` (as printed) -> value. */
  metrics(): Promise<Map<string, number>>;
  /** HTTP status of `path` (e.g. `/healthz`). */
  status(path: string): Promise<number>;
  /** VmRSS of the process, in MiB. */
  rssMiB(): number;
  /** CPU time (user + system) the process used so far, in seconds. */
  cpuSeconds(): number;
  /** The last log lines (for failure messages). */
  logTail(): string;
}

/** One parsed pino line (or `{ msg: <raw> }` for a line that is not JSON). */
export type LogLine = Record<string, unknown> & { msg?: string };

const running = new Set<ChildProcess>();

/** Starts the server and resolves once it listens. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const quiet = options.logLevel !== undefined && !['trace', 'debug', 'info'].includes(options.logLevel);
  if (quiet && !options.port) throw new Error('a server logging above info does not log its port: pass a port (test/helpers/ports.ts freePort)');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.ARXOS_EMBEDDED_DATABASE_URL;
  Object.assign(env, {
    [options.database.embedded ? 'ARXOS_EMBEDDED_DATABASE_URL' : 'DATABASE_URL']: options.database.url,
    AUTH_SECRET: SECRET,
    COLLAB_PORT: String(options.port ?? 0),
    COLLAB_HOST: '127.0.0.1',
    LOG_LEVEL: options.logLevel ?? 'info',
    ...options.env,
  });
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  const tail: string[] = [];
  const watchers = new Set<(line: LogLine) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (raw) => {
      tail.push(raw);
      if (tail.length > LOG_TAIL) tail.shift();
      const line = parseLine(raw);
      for (const watch of watchers) watch(line);
    });
  }
  const logTail = () => tail.join('\n');
  const nextLine = (match: (line: LogLine) => boolean, what: string) =>
    new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no log line for ${what} within ${PROCESS_TIMEOUT_MS} ms`)), PROCESS_TIMEOUT_MS);
      const watch = (line: LogLine) => match(line) && done(line);
      const onExit = ({ code, signal }: Exit) => done(new Error(`server exited (code ${code}, signal ${signal}) before ${what}`));
      function done(result: LogLine | Error) {
        clearTimeout(timer);
        watchers.delete(watch);
        if (result instanceof Error) reject(new Error(`${result.message}; log:\n${logTail()}`));
        else resolve(result);
      }
      watchers.add(watch);
      void exited.then(onExit);
    });

  let port: number;
  if (quiet) {
    port = options.port!;
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, exited, logTail);
  } else {
    const listening = await nextLine((line) => line.msg === 'collaboration server listening' && typeof line.port === 'number', 'listening');
    port = listening.port as number;
  }
  const httpUrl = `http://127.0.0.1:${port}`;

  const waitExit = async (withinMs = PROCESS_TIMEOUT_MS): Promise<Exit> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not exit within ${withinMs} ms; log:\n${logTail()}`));
      }, withinMs);
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    pid: child.pid!,
    port,
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    exited,
    stop(withinMs) {
      child.kill('SIGTERM');
      return waitExit(withinMs);
    },
    kill() {
      child.kill('SIGKILL');
      return waitExit();
    },
    signalAndWait(signal, match) {
      const line = nextLine(match, `the answer to ${signal}`);
      child.kill(signal);
      return line;
    },
    async metrics() {
      const response = await fetch(`${httpUrl}/metrics`);
      if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
      return parseMetrics(await response.text());
    },
    async status(urlPath) {
      const response = await fetch(`${httpUrl}${urlPath}`);
      await response.arrayBuffer();
      return response.status;
    },
    rssMiB: () => vmRssMiB(child.pid!),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    logTail,
  };
}

/** SIGKILLs every server process still running (afterEach / afterAll safety net). */
export async function killServerProcesses(): Promise<void> {
  const gone = [...running].map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(gone);
}

/** Prometheus text -> `name{labels}` (as printed) -> value. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** VmRSS of `pid` from /proc/<pid>/status, in MiB. */
export function vmRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) / 1024;
}

async function waitForHealth(url: string, exited: Promise<Exit>, logTail: () => string): Promise<void> {
  let exit: Exit | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + PROCESS_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`server exited (code ${exit.code}, signal ${exit.signal}) before it was ready; log:\n${logTail()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer within ${PROCESS_TIMEOUT_MS} ms; log:\n${logTail()}`);
}

/** utime + stime of `pid` from /proc/<pid>/stat (clock ticks of 1/100 s, the Linux default). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function parseLine(raw: string): LogLine {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') return parsed as LogLine;
  } catch {
    // not JSON (e.g. a Node warning on stderr)
  }
  return { msg: raw };
}
