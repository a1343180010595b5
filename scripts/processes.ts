import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process whose output is prefixed with its name, line by line. */
export interface NamedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (signals map to 128 + n, as shells do). */
  exited: Promise<number>;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Spawns `command args` with its stdout/stderr prefixed by `[name]`, in its own process group. */
export function spawnNamed(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, colour = 36): NamedProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = process.stdout.isTTY ? `\x1b[${colour}m[${name}]\x1b[0m ` : `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const out = stream === child.stderr ? process.stderr : process.stdout;
    createInterface({ input: stream }).on('line', (line) => out.write(prefix + line + '\n'));
  }
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`${prefix}failed to start: ${error.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 1)));
  });
  return { name, child, exited };
}

/** Sends `signal` to the child's whole process group (it was spawned detached), ignoring the already-gone. */
export function signalGroup(proc: NamedProcess, signal: NodeJS.Signals): void {
  // The group may outlive its leader (grandchildren), so signal it even after the leader exited.
  if (proc.child.pid === undefined) return;
  try {
    process.kill(-proc.child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Stops a child: SIGTERM to its group, SIGKILL after `graceMs`. Resolves with its exit code. */
export async function stopProcess(proc: NamedProcess, graceMs = 10_000): Promise<number> {
  signalGroup(proc, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), graceMs);
  const code = await proc.exited;
  clearTimeout(timer);
  signalGroup(proc, 'SIGKILL'); // whatever of the group is left once the leader is gone
  return code;
}

/** Polls `url` until it answers 2xx, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`gave up waiting for ${url}: the process exited`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms (${lastError})`);
}
