/** The printed tables and the JSON file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PERSISTENCE } from '@/collab-server/options';
import { ROOT } from './childProcess';
import type { ColdLoadResult } from './coldLoad';
import { median } from './stats';
import type { BenchConfig } from './config';
import type { WorkloadResult } from './runWorkload';

const fixed = (digits: number) => (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));

/** Rows of the workload table: label, the figure of one run, decimals. */
const METRICS: [string, (r: WorkloadResult) => number | undefined, number][] = [
  ['p50 latency ms', (r) => r.client?.latency.p50, 1],
  ['p99 latency ms', (r) => r.client?.latency.p99, 1],
  ['server CPU s / 1k updates', (r) => r.serverCpuPer1kUpdates, 3],
  ['server loop delay p99 ms', (r) => r.loopDelay?.p99, 1],
  ['server loop delay max ms', (r) => r.loopDelay?.max, 1],
  ['idle RSS MB', (r) => r.rssIdleMiB, 0],
  ['peak RSS MB', (r) => r.rssPeakMiB, 0],
  ['end RSS MB', (r) => r.rssEndMiB, 0],
  ['DB CPU s / 1k updates', (r) => r.dbCpuPer1kUpdates, 3],
  ['edits/s achieved', (r) => r.editsPerSecond, 0],
  ['delivered %', (r) => (r.delivered === undefined ? undefined : r.delivered * 100), 2],
  ['client core use %', (r) => (r.clientCoreShare === undefined ? undefined : r.clientCoreShare * 100), 0],
  ['other load (cores)', (r) => r.otherCores, 2],
  ['connect all clients s', (r) => r.connectSeconds, 1],
  ['server CPU s while connecting', (r) => r.connectServerCpuSeconds, 2],
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
    METRICS.forEach(([metric, read, digits], i) => {
      rows.push([
        i === 0 ? `${workload.name} @${workload.rate}/s, ${workload.seconds}s (${target} edits/s)` : '',
        metric,
        ...config.targets.map((t) => {
          const runs = results.filter((x) => x.target === t && x.workload === workload.name);
          if (runs.length === 0) return 'n/a';
          if (runs.some((r) => !r.ok)) return 'FAILED';
          // Several runs (--workload-runs): the median of each figure.
          const values = runs.map(read).filter((v): v is number => v !== undefined && !Number.isNaN(v));
          return values.length ? fixed(digits)(median(values)) : '-';
        }),
      ]);
    });
  }
  const runs = Math.max(...config.targets.map((t) => results.filter((x) => x.target === t).length / Math.max(1, config.workloads.length)));
  const note = runs > 1 ? `\n(median of ${runs} runs per target, the targets taking turns)` : '';
  const failures = results.filter((r) => !r.ok).map((r) => `  ${r.target} / ${r.workload}: ${r.error}`);
  return table(['workload', 'metric', ...config.targets], rows) + note + (failures.length ? `\n\nfailed:\n${failures.join('\n')}` : '');
}

export function formatColdLoads(config: BenchConfig, results: readonly ColdLoadResult[]): string {
  const targets = config.targets.filter((t) => results.some((r) => r.target === t));
  const find = (t: string, h: number) => results.find((x) => x.target === t && x.history === h);
  const loads = config.coldLoad.histories.map((h) => [
    `${config.coldLoad.elements} elements`,
    `${h} updates`,
    ...targets.map((t) => {
      const r = find(t, h);
      return !r ? 'n/a' : r.ok ? `${fixed(0)(r.medianLoadedMs)} ms (${fixed(0)(r.medianReceivedMs)})` : 'FAILED';
    }),
  ]);
  const states = config.coldLoad.histories.map((h) => [
    `${h} updates`,
    ...targets.map((t) => {
      const r = find(t, h);
      if (!r?.ok) return 'n/a';
      const lineage = r.lineage === undefined ? '' : `, lineage ${r.lineage}`;
      return `${fixed(1)((r.stateBytes ?? NaN) / 1e6)} MB, ${fixed(0)((r.deletedStructs ?? NaN) / 1000)}k deleted${lineage}; ${fixed(0)(median(r.clientApplyMs ?? []))} ms`;
    }),
  ]);
  const failures = results.filter((r) => !r.ok).map((r) => `  ${r.target} / ${r.history}: ${r.error}`);
  return (
    table(['cold load: connect -> all elements (-> state received)', 'history', ...targets], loads) +
    `\n(median of ${config.coldLoad.repetitions}, fresh server process each; in brackets: connect -> the message completing the` +
    `\nelements arrived at the client, before the client applied it: the server's share)\n\n` +
    table(['state the client receives: size, deleted structs; Yjs apply in client', ...targets], states) +
    `\n(the document as each server stores it after that history: the peers keep every overwritten value as a deleted struct;` +
    `\nArxOS rebases an idle document whose deleted structs pass ${DEFAULT_PERSISTENCE.rebaseAfterDeleted} and ${DEFAULT_PERSISTENCE.rebaseDeletedRatio * 100}% of its live ones (collab-server SPEC 20).` +
    `\nLast figure: stock Yjs applying that state again in the warmed-up client process, the client's share)` +
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
