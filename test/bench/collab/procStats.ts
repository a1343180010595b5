/**
 * CPU and memory of other processes, read from /proc (Linux). CPU is utime + stime of
 * /proc/<pid>/stat in clock ticks; memory is VmRSS (now) and VmHWM (peak RSS over the process's
 * life) of /proc/<pid>/status.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK`, normally 100. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) used so far by `pid`, or undefined if it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** RSS now and peak RSS (VmHWM), in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Pids whose command name (`/proc/<pid>/comm`) is `name`, e.g. every `postgres` process. */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // The process exited between readdir and read.
    }
  }
  return pids;
}

/**
 * CPU of a set of processes over a window, counting processes that start during it and those
 * present at both ends. (A process that exits inside the window loses its share: a lower bound.)
 */
export class CpuWindow {
  readonly #start = new Map<number, number>();
  readonly #pids: () => number[];

  constructor(pids: () => number[]) {
    this.#pids = pids;
    for (const pid of pids()) {
      const cpu = cpuSeconds(pid);
      if (cpu !== undefined) this.#start.set(pid, cpu);
    }
  }

  /** CPU seconds used by the processes since the window opened. */
  elapsed(): number {
    let total = 0;
    for (const pid of this.#pids()) total += (cpuSeconds(pid) ?? 0) - (this.#start.get(pid) ?? 0);
    return total;
  }
}

/** CPU seconds all cores of the machine spent busy (not idle or iowait) since boot, from /proc/stat. */
export function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - fields[3]! - fields[4]!) / clockTicks();
}
