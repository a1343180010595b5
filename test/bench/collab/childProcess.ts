/**
 * Server and client child processes: each is ONE node process (`node --import tsx entry.ts`, or
 * `node entry.mjs` for built JavaScript; no wrapper), so its pid's /proc counters are exactly its own.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (three levels up from test/bench/collab). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where child logs go. */
export const LOG_DIR = path.join(ROOT, 'test/bench/results/logs');
/** Where the servers' event-loop delay figures go (servers/loopDelay.mjs). */
const LOOP_DELAY_DIR = path.join(LOG_DIR, 'loop-delay');

/** A server's event-loop delay over a window, ms beyond a 10 ms timer's due time. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/** A running server under test. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Resolves when it answers HTTP on `readyPath`. */
  ready: Promise<void>;
  /**
   * The event-loop delay since the previous call (the first call starts the window), or
   * undefined if the process did not answer within 2 s.
   */
  loopDelay(): Promise<LoopDelay | undefined>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` (a TypeScript entry) or `node <entry>` (JavaScript) with `env`
 * added, logging stdout+stderr to a file. Ready when it answers HTTP on `readyPath`, or
 * (`readyPath` null) accepts a TCP connection.
 */
export function startServerProcess(name: string, entry: string, env: Record<string, string>, port: number, readyPath: string | null = '/', cwd: string = ROOT): ServerProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}-${port}.log`);
  const log = createWriteStream(logFile);
  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of every server process there (chrome://inspect).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  // BENCH_NODE_ARGS="--trace-gc ...": extra node flags for every server process.
  const extra = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(/\s+/).filter(Boolean) : [];
  mkdirSync(LOOP_DELAY_DIR, { recursive: true });
  const loopDelayPreload = path.join(ROOT, 'test/bench/collab/servers/loopDelay.mjs');
  const loader = /\.tsx?$/.test(entry) ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...profile, ...extra, '--import', loopDelayPreload, ...loader, path.resolve(cwd, entry)], {
    cwd,
    env: { ...process.env, ...env, BENCH_LOOP_DELAY_DIR: LOOP_DELAY_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = waitForHttp(port, readyPath, child, 30_000, logFile);
  let loopDelayReads = 0;
  return {
    child,
    pid: child.pid!,
    logFile,
    ready,
    async loopDelay() {
      const file = path.join(LOOP_DELAY_DIR, `${child.pid}-${loopDelayReads++}.json`);
      if (child.exitCode !== null || !child.kill('SIGUSR2')) return undefined;
      for (const deadline = Date.now() + 2_000; Date.now() < deadline; ) {
        if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LoopDelay;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return undefined;
    },
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Forks a tsx child with an IPC channel (the client process). BENCH_CLIENT_CPU_PROF=<dir>: write a
 * V8 CPU profile of every client process there.
 */
export function forkTsx(entry: string, env: Record<string, string> = {}): ChildProcess {
  const dir = process.env.BENCH_CLIENT_CPU_PROF;
  const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [];
  return fork(path.resolve(ROOT, entry), [], {
    cwd: ROOT,
    execArgv: [...profile, '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function waitForHttp(port: number, urlPath: string | null, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${why}; see ${logFile}`));
    child.once('exit', (code, signal) => fail(`server exited before it was ready (code ${code}, signal ${signal})`));
    const attempt = () => {
      if (urlPath === null) {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', retry);
        return;
      }
      const request = get({ host: '127.0.0.1', port, path: urlPath, timeout: 1_000 }, (res) => {
        res.resume();
        if (res.statusCode !== undefined && res.statusCode < 500) resolve();
        else retry();
      });
      request.on('error', retry);
      request.on('timeout', () => request.destroy());
    };
    const retry = () => {
      if (Date.now() > deadline) fail(`server did not answer on 127.0.0.1:${port}${urlPath ?? ''} within ${timeoutMs} ms`);
      else setTimeout(attempt, 100);
    };
    attempt();
  });
}
