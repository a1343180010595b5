/** The versions bench's printed tables, the collab bench's latest figures beside them, and the JSON file. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { median } from '../collab/stats';

/** Where every bench writes its results. */
export const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

/** One row of the table: a label and its runs (ms), or a figure given as text (printed after the label). */
export type Row = { label: string; runs: readonly number[] } | { label: string; text: string };

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A plain text table: first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The rows as a table of median, min-max and the runs in order. */
export function formatRows(rows: readonly Row[]): string {
  return table(
    ['measurement', 'median ms', 'min-max ms', 'runs ms (in order)'],
    rows.map((row) =>
      'text' in row
        ? [`${row.label}: ${row.text}`, '', '', '']
        : [row.label, ms(median(row.runs)), `${ms(Math.min(...row.runs))}-${ms(Math.max(...row.runs))}`, row.runs.map((v) => v.toFixed(0)).join(' ')],
    ),
  );
}

/** Megabytes with one decimal. */
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

interface CollabJson {
  date: string;
  config: { db: string; quick: boolean; coldLoad: { elements: number; enabled: boolean } };
  workloads: { target: string; workload: string; ok: boolean; client?: { latency: { p50: number; p99: number } }; serverCpuPer1kUpdates?: number }[];
  coldLoads: { target: string; elements: number; history: number; ok: boolean; medianLoadedMs?: number; medianReceivedMs?: number }[];
}

function collabFiles(): string[] {
  if (!existsSync(RESULTS_DIR)) return [];
  return readdirSync(RESULTS_DIR).filter((f) => /^collab-.*\.json$/.test(f)).sort();
}

function readCollab(file: string): CollabJson | undefined {
  try {
    return JSON.parse(readFileSync(path.join(RESULTS_DIR, file), 'utf8')) as CollabJson;
  } catch {
    return undefined;
  }
}

/**
 * The collaboration bench's figures for our server from its latest results file (workload
 * latencies, cold loads), and the cold load of a building of `elements` elements from the latest
 * file that has one (the figure to read ours against). Empty when there is none.
 */
export function collabFigures(elements: number): { text: string; files: string[] } {
  const files = collabFiles();
  const latestFile = files.at(-1);
  const latest = latestFile ? readCollab(latestFile) : undefined;
  if (!latestFile || !latest) return { text: 'Collaboration bench: no results file in test/bench/results (run `npm run bench:collab`).', files: [] };
  const out: string[] = [`Collaboration bench, latest results (${latestFile}, ${latest.config.db}${latest.config.quick ? ', quick' : ''}), server arxos:`];
  const rows: string[][] = [];
  const workloads = [...new Set(latest.workloads.map((w) => w.workload))];
  for (const workload of workloads) {
    const runs = latest.workloads.filter((w) => w.target === 'arxos' && w.workload === workload && w.ok && w.client);
    if (runs.length === 0) continue;
    rows.push([
      `${workload}${runs.length > 1 ? ` (median of ${runs.length})` : ''}`,
      `p50 ${median(runs.map((r) => r.client!.latency.p50)).toFixed(1)} ms, p99 ${median(runs.map((r) => r.client!.latency.p99)).toFixed(1)} ms`,
      `${median(runs.map((r) => r.serverCpuPer1kUpdates ?? NaN)).toFixed(3)} CPU s / 1k updates`,
    ]);
  }
  const coldRow = (c: CollabJson['coldLoads'][number], file: string) => [
    `cold load ${c.elements} elements, ${c.history} updates of history${file === latestFile ? '' : ` (${file})`}`,
    `${c.medianLoadedMs?.toFixed(0)} ms to all elements`,
    `${c.medianReceivedMs?.toFixed(0)} ms to state received`,
  ];
  const usedFiles = [latestFile];
  for (const c of latest.coldLoads.filter((c) => c.target === 'arxos' && c.ok)) rows.push(coldRow(c, latestFile));
  if (!latest.coldLoads.some((c) => c.target === 'arxos' && c.ok && c.elements === elements)) {
    // The latest file has no cold load of a building this size: the latest that does.
    for (const file of [...files].reverse()) {
      const found = readCollab(file)?.coldLoads.filter((c) => c.target === 'arxos' && c.ok && c.elements === elements && c.history === 0);
      if (found?.length) {
        rows.push(coldRow(found[0]!, file));
        usedFiles.push(file);
        break;
      }
    }
  }
  if (rows.length === 0) out.push('  (no arxos figures in it)');
  else out.push(table(['collab bench', 'latency / load', 'server'], rows));
  return { text: out.join('\n'), files: usedFiles };
}

/** Writes `data` to test/bench/results/versions-<time>.json; returns the path. */
export function writeJson(data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `versions-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
