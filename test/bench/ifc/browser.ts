/**
 * `npm run bench:ifc:browser` (issue #16.5, "the editor stays responsive during a 5 MB import"):
 * how long the page's main thread stalls while a ~5 MB IFC file is imported in real Chromium,
 * with the import in a module worker (what ArxOS does) beside the same import on the page's own
 * thread (what a naive app does), in the same run.
 *
 * The file: made at start in a temp dir (never committed). lib/ifc `readIfc` reads
 * ../shared/ifc/duplex.ifc in Node; its elements are written into a Y.Doc (lib/doc transact) as
 * they are plus copies shifted 40 m east per copy on the same storeys (fresh ids, hosts remapped,
 * `ifc` dropped so lib/ifc/write.ts derives new GlobalIds from the ids); readBuilding gives the
 * snapshot, and lib/ifc `writeIfc` (with the imported meshes as assets) makes the IFC4 bytes.
 * Copies are added until the file is at least BENCH_IFC_BROWSER_MB (default 5) MB. Node's
 * readIfc then reads the file back: the browser's imports must find the same elements, assets
 * and warnings, else the bench prints a NOTE (the browser import did less work than it should).
 *
 * The page (page.ts) and the worker (worker.ts, which is components/ifc/ifc.worker.ts) are
 * bundled and minified by esbuild (ESM, browser; web-ifc's ESM build has no imports), served
 * with the file and node_modules/web-ifc/web-ifc.wasm (application/wasm, at WEB_IFC_WASM_PATH as
 * the app serves it) by a node:http server on 127.0.0.1; nothing comes from the internet. The
 * page is not cross-origin isolated, as the app is not (so web-ifc runs single-threaded, as in
 * the app; performance.now() is then coarsened to 0.1 ms, plenty here).
 *
 * Per measurement, a fresh browser context (so each import pays web-ifc's wasm start, as the
 * app's worker, new per file, does): the page fetches the file as a Blob, watches itself idle
 * for 1 s (the reference), then imports it (`worker`: importIfc.ts `readIfcInWorker`; `main`:
 * `readIfc` awaited on the page) while it records
 *  - frame gaps: a requestAnimationFrame loop (moving a box) timestamps every frame; the longest
 *    gap is the longest time the page could not draw, THE figure: the longest main-thread stall;
 *  - long tasks: a PerformanceObserver for 'longtask' (tasks over 50 ms on the page's thread);
 *  - a typing probe: setTimeout dispatches an `input` event to a text field every 50 ms (a
 *    backlog after a stall runs late, as queued key presses would); its delay (how late it ran)
 *    is a proxy for input latency.
 * BENCH_IFC_BROWSER_RUNS (default 3) runs of each case, the cases taking turns going first;
 * medians, and the worst run for the stall. Chromium: CHROMIUM_PATH (default /usr/bin/chromium),
 * headless. Results: test/bench/results/ifc-browser-<time>.json.
 *
 * The runner also reads the generated file back in Node and prints a NOTE when the browser's
 * counts differ (it found lib/ifc/streamMeshes.ts's web-ifc browser binding bug).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from '@playwright/test';
import * as Y from 'yjs';
import { WEB_IFC_VERSION, WEB_IFC_WASM_PATH } from '@/components/ifc/webIfcVersion';
import { initBuildingDoc, ORIGIN, readBuilding, transact } from '@/lib/doc';
import { readIfc } from '@/lib/ifc/read';
import type { IfcImport } from '@/lib/ifc/types';
import { writeIfc } from '@/lib/ifc/write';
import { isOpening, planVector, translateElement, type Element } from '@/lib/model';
import type { Mode, RunResult } from './page';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCE = resolve(ROOT, '../shared/ifc/duplex.ifc');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = Number(process.env.BENCH_IFC_BROWSER_RUNS || 3);
const TARGET_MB = Number(process.env.BENCH_IFC_BROWSER_MB || 5);
/** Plan shift between copies of the building, m (the duplex is about 20 m across). */
const SHIFT_M = 40;
const MODES: readonly Mode[] = ['worker', 'main'];
const LABEL: Record<Mode, string> = { worker: 'worker (ArxOS)', main: 'main thread (naive)' };
const MB = 2 ** 20;

// ---- the ~5 MB file -------------------------------------------------------------------------

/** A UUID v4-shaped id derived from a key, so the file is the same on every run. */
function derivedId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Copy `n` (1, 2, ...) of the imported elements: fresh ids, hosts remapped, no IFC link, shifted east. */
function copyElements(elements: readonly Element[], n: number): Element[] {
  const ids = new Map(elements.map((e) => [e.id, derivedId(`copy-${n}/${e.id}`)]));
  return elements.map((e) => {
    const { ifc: _ifc, ...rest } = e;
    const moved = translateElement({ ...rest, id: ids.get(e.id)! } as Element, planVector(SHIFT_M * n, 0));
    return isOpening(moved) ? ({ ...moved, hostId: ids.get(moved.hostId) ?? moved.hostId } as Element) : moved;
  });
}

async function writeCopies(imported: IfcImport, copies: number): Promise<{ bytes: Uint8Array; elements: number }> {
  const doc = new Y.Doc();
  const init = initBuildingDoc(doc, { name: `${imported.project.building || 'Duplex'} x${copies}`, address: '', createdAt: '2026-01-01T00:00:00Z' }, ORIGIN.import);
  if (!init.ok) throw new Error(init.error.message);
  const written = transact(doc, ORIGIN.import, (tx) => {
    for (const s of imported.storeys) tx.addStorey(s);
    for (const e of imported.elements) tx.addElement(e);
    for (let n = 1; n < copies; n++) for (const e of copyElements(imported.elements, n)) tx.addElement(e);
  });
  if (!written.ok) throw new Error(`the copies were refused: ${written.error.message}`);
  const snapshot = readBuilding(doc);
  const bytes = await writeIfc(snapshot, { assets: (h) => imported.assets.get(h), now: new Date('2026-01-01T00:00:00Z') });
  return { bytes, elements: Object.keys(snapshot.elements).length };
}

/** The same file read by readIfc in Node: what the browser's import should also find. */
interface NodeRead {
  ms: number;
  elements: number;
  assets: number;
  warnings: number;
  counts: Record<string, number>;
}

interface Generated {
  node: NodeRead;
  path: string;
  bytes: number;
  copies: number;
  elementsWritten: number;
  sourceElements: number;
  ms: number;
}

async function generate(dir: string): Promise<Generated> {
  const t0 = performance.now();
  const imported = await readIfc(new Uint8Array(readFileSync(SOURCE)));
  let copies = 3;
  let out = await writeCopies(imported, copies);
  while (out.bytes.byteLength < TARGET_MB * MB) out = await writeCopies(imported, ++copies);
  const path = join(dir, 'model.ifc');
  writeFileSync(path, out.bytes);
  const generateMs = performance.now() - t0;
  const t1 = performance.now();
  const again = await readIfc(out.bytes);
  const node = { ms: performance.now() - t1, elements: again.elements.length, assets: again.assets.size, warnings: again.warnings.length, counts: again.counts as Record<string, number> };
  return { node, path, bytes: out.bytes.byteLength, copies, elementsWritten: out.elements, sourceElements: imported.elements.length, ms: generateMs };
}

// ---- page, worker, server -------------------------------------------------------------------

/** Where `new URL('./ifc.worker.ts', import.meta.url)` in importIfc.ts points once bundled into /page.js. */
const WORKER_PATH = '/ifc.worker.ts';

async function bundle(dir: string): Promise<void> {
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    tsconfig: resolve(ROOT, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  } as const;
  await build({ ...common, entryPoints: [resolve(import.meta.dirname, 'page.ts')], outfile: join(dir, 'page.js') });
  await build({ ...common, entryPoints: [resolve(import.meta.dirname, 'worker.ts')], outfile: join(dir, 'worker.js') });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>ifc import bench</title><link rel="icon" href="data:,">' +
      '<div id="box" style="width:40px;height:40px;background:#36c"></div><input id="field"><progress id="bar"></progress><p id="echo"></p>' +
      '<script type="module" src="page.js"></script>\n',
  );
}

function serve(dir: string, ifcPath: string, missing: string[]): Promise<{ server: Server; url: string }> {
  const files: Record<string, { file: string; type: string }> = {
    '/': { file: join(dir, 'index.html'), type: 'text/html' },
    '/page.js': { file: join(dir, 'page.js'), type: 'text/javascript' },
    [WORKER_PATH]: { file: join(dir, 'worker.js'), type: 'text/javascript' },
    [`${WEB_IFC_WASM_PATH}web-ifc.wasm`]: { file: resolve(ROOT, 'node_modules/web-ifc/web-ifc.wasm'), type: 'application/wasm' },
    '/model.ifc': { file: ifcPath, type: 'application/octet-stream' },
  };
  const cache = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const entry = files[path];
    if (!entry) {
      missing.push(path);
      res.writeHead(404).end();
      return;
    }
    let body = cache.get(entry.file);
    if (!body) cache.set(entry.file, (body = readFileSync(entry.file)));
    res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

async function measure(browser: Browser, url: string, mode: Mode, missing: string[]): Promise<RunResult & { consoleErrors: string[]; longTaskSupported: boolean }> {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(url);
    await page.waitForFunction('window.bench !== undefined', undefined, { timeout: 30_000 });
    const result = (await page.evaluate(`window.bench.run('${mode}', '/model.ifc')`).catch((error: unknown) => {
      throw new Error(`${mode}: ${String(error)}${missing.length ? ` (the page asked for ${missing.join(', ')}, which the bench does not serve)` : ''}`);
    })) as RunResult;
    if (errors.length) throw new Error(`page errors (${mode}): ${errors.join('; ')}`);
    return { ...result, consoleErrors, longTaskSupported: (await page.evaluate('window.bench.longTaskSupported')) as boolean };
  } finally {
    await context.close();
  }
}

// ---- statistics and the table ---------------------------------------------------------------

const median = (values: readonly number[]): number => {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
/** Nearest-rank percentile. */
const pct = (values: readonly number[], p: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const max = (values: readonly number[]) => (values.length ? Math.max(...values) : 0);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const fmt = (v: number, digits = 1) => (Number.isNaN(v) ? '-' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const int = (v: number) => fmt(v, 0);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The figures of one run, derived from the page's raw observations. */
function figures(r: RunResult) {
  const d = r.during;
  return {
    importMs: r.importMs,
    geometryAtMs: r.geometryAtMs,
    stallMs: max(d.gaps),
    p95GapMs: pct(d.gaps, 95),
    medianGapMs: median(d.gaps),
    fps: (d.frames / d.ms) * 1000,
    gapsOver50: d.gaps.filter((g) => g > 50).length,
    longTasks: d.longTasks.length,
    longTaskMs: sum(d.longTasks.map((t) => t.ms)),
    longestTaskMs: max(d.longTasks.map((t) => t.ms)),
    typingP95Ms: pct(d.typing, 95),
    typingMaxMs: max(d.typing),
    typingOver100: d.typing.filter((t) => t > 100).length,
    keys: d.typing.length,
    idleP95GapMs: pct(r.idle.gaps, 95),
    idleMaxGapMs: max(r.idle.gaps),
  };
}

async function main() {
  const started = Date.now();
  const dir = mkdtempSync(join(os.tmpdir(), 'arxos-bench-ifc-browser-'));
  const missing: string[] = [];
  let browser: Browser | undefined;
  let server: Server | undefined;
  try {
    console.log(`Generating a >= ${TARGET_MB} MB IFC file from ${SOURCE} ...`);
    const file = await generate(dir);
    console.log(`  ${fmt(file.bytes / MB, 2)} MB (${file.bytes.toLocaleString('en-US')} bytes): duplex x${file.copies}, ${file.elementsWritten} elements written (${file.sourceElements} per copy), in ${fmt(file.ms / 1000)} s`);
    console.log(`  read back by readIfc in Node (web-ifc warm): ${int(file.node.ms)} ms, ${file.node.elements} elements, ${file.node.assets} assets, ${file.node.warnings} warnings`);
    await bundle(dir);
    const served = await serve(dir, file.path, missing);
    server = served.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium: browser.version(), loadBefore: os.loadavg()[0] };
    console.log(`IFC import responsiveness: Chromium ${machine.chromium} headless, web-ifc ${WEB_IFC_VERSION} (single-threaded wasm), ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, load ${fmt(machine.loadBefore ?? NaN)}`);

    const runs: (RunResult & { run: number; consoleErrors: string[]; longTaskSupported: boolean })[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const mode of run % 2 === 0 ? MODES : [...MODES].reverse()) {
        const r = { ...(await measure(browser, served.url, mode, missing)), run };
        runs.push(r);
        const f = figures(r);
        console.log(`  run ${run + 1} ${LABEL[mode]}: import ${int(f.importMs)} ms, longest stall ${int(f.stallMs)} ms, ${f.longTasks} long tasks (${int(f.longTaskMs)} ms), typing max ${int(f.typingMaxMs)} ms`);
      }
    }
    const longTaskSupported = runs.every((r) => r.longTaskSupported);

    // ---- the table ----
    const by = (mode: Mode) => runs.filter((r) => r.mode === mode).map(figures);
    const cols = MODES.map((m) => ({ mode: m, f: by(m), raw: runs.filter((r) => r.mode === m) }));
    const med = (pick: (f: ReturnType<typeof figures>) => number, digits = 0) => cols.map((c) => fmt(median(c.f.map(pick)), digits));
    const range = (pick: (f: ReturnType<typeof figures>) => number) => cols.map((c) => `${int(Math.min(...c.f.map(pick)))}-${int(Math.max(...c.f.map(pick)))}`);
    const header = [`median of ${RUNS} runs (${fmt(file.bytes / MB, 2)} MB IFC4)`, ...MODES.map((m) => LABEL[m])];
    const rows: string[][] = [
      ['elements / assets read', ...cols.map((c) => `${c.raw[0]!.elements} / ${c.raw[0]!.assets}`)],
      ['import: file in hand to result, ms', ...med((f) => f.importMs)],
      ['  all runs, min-max ms', ...range((f) => f.importMs)],
      ['  geometry phase reached at, ms', ...med((f) => f.geometryAtMs)],
      ['LONGEST MAIN-THREAD STALL (frame gap), ms', ...med((f) => f.stallMs)],
      ['  worst run, ms', ...cols.map((c) => int(max(c.f.map((f) => f.stallMs))))],
      ['frame gap p95, ms', ...med((f) => f.p95GapMs, 1)],
      ['frame gap median, ms', ...med((f) => f.medianGapMs, 1)],
      ['frames per second during the import', ...med((f) => f.fps, 1)],
      ['frame gaps over 50 ms', ...med((f) => f.gapsOver50)],
      ['long tasks (> 50 ms), count', ...med((f) => f.longTasks)],
      ['long tasks, total ms', ...med((f) => f.longTaskMs)],
      ['longest long task, ms', ...med((f) => f.longestTaskMs)],
      ['typing probe: key presses', ...med((f) => f.keys)],
      ['typing probe: delay p95, ms', ...med((f) => f.typingP95Ms, 1)],
      ['typing probe: delay max, ms', ...med((f) => f.typingMaxMs)],
      ['typing probe: presses over 100 ms late', ...med((f) => f.typingOver100)],
      ['progress reports received', ...cols.map((c) => int(median(c.raw.map((r) => r.progressReports))))],
      ['idle page (1 s before): frame gap p95 / max, ms', ...cols.map((c) => `${fmt(median(c.f.map((f) => f.idleP95GapMs)), 1)} / ${fmt(median(c.f.map((f) => f.idleMaxGapMs)), 1)}`)],
    ];
    console.log(`\n${table(header, rows)}`);
    if (!longTaskSupported) console.log("\nNote: this Chromium does not report 'longtask' entries; the long-task rows are empty.");
    const counts = cols.map((c) => JSON.stringify(c.raw[0]!.counts));
    if (counts[0] !== counts[1]) console.log(`\nNote: the two cases read different counts: ${counts.join(' vs ')}`);
    const notes: string[] = [];
    for (const c of cols) {
      const r = c.raw[0]!;
      if (r.elements === file.node.elements && r.assets === file.node.assets && r.warnings === file.node.warnings) continue;
      const codes = Object.entries(r.warningCodes).sort((a, b) => b[1].count - a[1].count);
      const first = codes[0] ? `; the first ${codes[0][0]}: "${codes[0][1].first}"` : '';
      notes.push(
        `${LABEL[c.mode]} read ${r.elements} elements, ${r.assets} assets, ${r.warnings} warnings where Node reads ${file.node.elements}, ${file.node.assets}, ${file.node.warnings}: ` +
          `the browser import is not the same import (it did less work than it should). Its warnings: ${codes.map(([code, w]) => `${w.count} ${code}`).join(', ')}${first}`,
      );
    }
    for (const n of notes) console.log(`\nNOTE: ${n}`);
    const consoleErrors = [...new Set(runs.flatMap((r) => r.consoleErrors))];
    if (consoleErrors.length) console.log(`\nConsole errors on the page: ${consoleErrors.slice(0, 5).join(' | ')}`);

    const stall = (m: Mode) => cols.find((c) => c.mode === m)!.f.map((f) => f.stallMs);
    console.log(
      `\nLongest main-thread stall during a ${fmt(file.bytes / MB, 1)} MB import: worker ${int(median(stall('worker')))} ms (worst run ${int(max(stall('worker')))} ms)` +
        ` vs main thread ${int(median(stall('main')))} ms (worst run ${int(max(stall('main')))} ms).`,
    );
    const minutes = (Date.now() - started) / 60_000;
    console.log(`${runs.length} imports in ${fmt(minutes)} min; load average ${fmt(machine.loadBefore ?? NaN)} at start, ${fmt(os.loadavg()[0]!)} at end`);

    const out = resolve(ROOT, 'test/bench/results');
    mkdirSync(out, { recursive: true });
    const jsonPath = resolve(out, `ifc-browser-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
    const json = {
      machine: { ...machine, loadAfter: os.loadavg()[0] },
      notes,
      config: { runs: RUNS, targetMB: TARGET_MB, shiftM: SHIFT_M, args: ARGS, webIfc: WEB_IFC_VERSION, typingEveryMs: 50 },
      file: { source: 'duplex.ifc', bytes: file.bytes, copies: file.copies, elementsWritten: file.elementsWritten, generateMs: file.ms, nodeRead: file.node },
      table: { header, rows },
      summary: Object.fromEntries(MODES.map((m) => [m, { stallMsMedian: median(stall(m)), stallMsWorst: max(stall(m)), importMsMedian: median(by(m).map((f) => f.importMs)) }])),
      runs: runs.map((r) => ({ ...r, figures: figures(r) })),
    };
    writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`written to ${jsonPath}`);
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
