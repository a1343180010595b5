/** The printed tables and the JSON file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './childProcess';
import type { ColdLoadResult } from './coldLoad';
import { median } from './stats';
import type { BenchConfig } from './config';
import type { WorkloadResult } from './runWorkload';

const fixed = (digits: number) => (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));

const METRICS: [string, (r: WorkloadResult) => string][] = [
  ['p50 latency ms', (r) => fixed(1)(r.client?.latency.p50)],
  ['p99 latency ms', (r) => fixed(1)(r.client?.latency.p99)],
  ['server CPU s / 1k updates', (r) => fixed(3)(r.serverCpuPer1kUpdates)],
  ['server loop delay p99 ms', (r) => fixed(1)(r.loopDelay?.p99)],
  ['server loop delay max ms', (r) => fixed(1)(r.loopDelay?.max)],
  ['peak RSS MB', (r) => fixed(0)(r.rssPeakMiB)],
  ['end RSS MB', (r) => fixed(0)(r.rssEndMiB)],
  ['DB CPU s / 1k updates', (r) => fixed(3)(r.dbCpuPer1kUpdates)],
  ['edits/s achieved', (r) => fixed(0)(r.editsPerSecond)],
  ['delivered %', (r) => fixed(2)(r.delivered === undefined ? undefined : r.delivered * 100)],
  ['client core use %', (r) => fixed(0)(r.clientCoreShare === undefined ? undefined : r.clientCoreShare * 100)],
  ['other load (cores)', (r) => fixed(2)(r.otherCores)],
  ['connect all clients s', (r) => fixed(1)(r.connectSeconds)],
  ['server CPU s while connecting', (r) => fixed(2)(r.connectServerCpuSeconds)],
];

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatWorkloads(config: BenchConfig, results: readonly WorkloadResult[]): string {
  const rows: string[][] = [];
  for (const workload of config.workloads) {
    const target = workload.docs * workload.clientsPerDoc * workload.rate;
    METRICS.forEach(([metric, read], i) => {
      rows.push([
        i === 0 ? `${workload.name} @${workload.rate}/s, ${workload.seconds}s (${target} edits/s)` : '',
        metric,
        ...config.targets.map((t) => {
          const r = results.find((x) => x.target === t && x.workload === workload.name);
          return !r ? 'n/a' : r.ok ? read(r) : 'FAILED';
        }),
      ]);
    });
  }
  const failures = results.filter((r) => !r.ok).map((r) => `  ${r.target} / ${r.workload}: ${r.error}`);
  return table(['workload', 'metric', ...config.targets], rows) + (failures.length ? `\n\nfailed:\n${failures.join('\n')}` : '');
}

export function formatColdLoads(config: BenchConfig, results: readonly ColdLoadResult[]): string {
  const targets = config.targets.filter((t) => results.some((r) => r.target === t));
  const rows = config.coldLoad.histories.map((h) => {
    const applies = results.filter((r) => r.history === h && r.ok).flatMap((r) => r.clientApplyMs ?? []);
    return [
      `${config.coldLoad.elements} elements, ${fixed(1)((results.find((r) => r.history === h)?.stateBytes ?? NaN) / 1e6)} MB`,
      `${h} updates`,
      ...targets.map((t) => {
        const r = results.find((x) => x.target === t && x.history === h);
        return !r ? 'n/a' : r.ok ? `${fixed(0)(r.medianLoadedMs)} ms (${fixed(0)(r.medianReceivedMs)})` : 'FAILED';
      }),
      applies.length ? `${fixed(0)(median(applies))} ms` : 'n/a',
    ];
  });
  const failures = results.filter((r) => !r.ok).map((r) => `  ${r.target} / ${r.history}: ${r.error}`);
  return (
    table(['cold load: connect -> all elements (-> state received)', 'history', ...targets, 'Yjs apply in client'], rows) +
    `\n(median of ${config.coldLoad.repetitions}, fresh server process each; in brackets: connect -> the message completing the` +
    `\nelements arrived at the client, before the client applied it (the server's share); last column: stock Yjs applying` +
    `\nthe same state again in the warmed-up client process (the client's share, the same whichever server); n/a = not run)` +
    (failures.length ? `\n\nfailed:\n${failures.join('\n')}` : '')
  );
}

export function writeJson(data: unknown): string {
  const dir = path.join(ROOT, 'test/bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `collab-${new Date().toISOString().replace(/:/g, '-').slice(0, 19)}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
