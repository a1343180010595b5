/**
 * `npm run bench:plan`: the plan editor with 5,000 elements, in system Chromium (software
 * rendered when headless). Starts the real launcher on a fresh embedded database, seeds 5,000
 * elements into the demo building from a Node y-websocket client (the "remote user"), then
 * measures in the browser with the Performance API:
 *  - time to first render: navigation start → all 5,000 elements drawn on the plan;
 *  - frame time while panning (the camera moves every frame for 3 s);
 *  - frame time while the remote user moves 50 elements per second (5 s);
 *  - frame time while panning zoomed in (40 px/m), where viewport culling draws only the
 *    elements near the view (the drawn count is printed).
 * Prints a table. With BENCH_PLAN_BASELINE=<dir of another checkout> (e.g. a `git worktree` of the
 * commit before a change, with node_modules linked) the same run measures that checkout first and
 * prints both side by side ("before" and "after", one run, same machine). Results are also written
 * to test/bench/results/plan-<time>.json.
 * Env: BENCH_PORT (default 3617; the collaboration server uses +1; the baseline +10),
 * BENCH_ELEMENTS (default 5000), CHROMIUM_PATH, BENCH_PROFILE=1 (top functions of the remote-moves
 * phase), BENCH_TRACE=1 (main-thread totals of a DevTools trace of the panning phase: paint,
 * layerize, script), BENCH_PLAN_SETUP (a script run in the page before measuring, for experiments).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { LocalOrigin, listStoreys, moveElements, transact } from '@/lib/doc';
import { createElement, planPoint, planVector, worldPoint, type Element } from '@/lib/model';
import { DEFAULT_DEMO_PASSWORD, DEMO_EMAIL } from '../../../scripts/demoAccount';

const ROOT = resolve(import.meta.dirname, '../../..');
const PORT = Number(process.env.BENCH_PORT || 3617);
const COUNT = Number(process.env.BENCH_ELEMENTS || 5000);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/** One checkout to measure: its root directory and the port its app listens on. */
interface Target {
  readonly name: string;
  readonly root: string;
  readonly port: number;
}

async function startApp(target: Target): Promise<ChildProcess> {
  const BASE = `http://127.0.0.1:${target.port}`;
  rmSync(resolve(target.root, '.data/bench-plan'), { recursive: true, force: true });
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
    cwd: target.root,
    env: { ...process.env, PORT: String(target.port), COLLAB_PORT: String(target.port + 1), DATABASE_URL: '', ARXOS_DATA_DIR: '.data/bench-plan', ARXOS_PGLITE_PORT: '0', ARXOS_NEXT_DIST_DIR: '.next-test', NEXT_TELEMETRY_DISABLED: '1', ARXOS_DEV_TOOLS: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: stopping the app stops the launcher's children (next, collab) too.
    detached: true,
  });
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ok = await fetch(`${BASE}/api/healthz`).then((r) => r.ok, () => false);
    if (ok) return child;
    if (Date.now() > deadline) throw new Error('the app did not start within 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A grid of rooms with walls and equipment: `count` elements on the first storey. */
function seedElements(storeyId: string, count: number): Element[] {
  const out: Element[] = [];
  const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  for (let i = 0; out.length < count; i++) {
    const x = (i % 40) * 5;
    const y = Math.floor(i / 40) * 5;
    out.push(ok(createElement('space', { storeyId, name: `Room ${i}`, polygon: [planPoint(x, y), planPoint(x + 4.5, y), planPoint(x + 4.5, y + 4.5), planPoint(x, y + 4.5)] })));
    if (out.length < count) out.push(ok(createElement('wall', { storeyId, name: 'Wall', a: planPoint(x, y - 0.25), b: planPoint(x + 4.5, y - 0.25) })));
    if (out.length < count) out.push(ok(createElement('equipment', { storeyId, name: 'Outlet', system: 'electrical', type: 'outlet', position: worldPoint(x + 1, y + 1, 0.3) })));
  }
  return out;
}

interface TraceEvent { name: string; ph: string; dur?: number; tid: number; pid: number; cat: string }

/** BENCH_TRACE=1: records a DevTools timeline trace (what the renderer spends frames on) until the returned function is called. */
async function traceStart(cdp: import('@playwright/test').CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'benchmark'] } } as never);
  return async () => {
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/** Total duration per event name on the renderer's main thread, ms, top 15. */
function printTrace(events: TraceEvent[]) {
  const main = events.find((e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'CrRendererMain');
  const totals = new Map<string, { ms: number; n: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || (main && (e.tid !== main.tid || e.pid !== main.pid))) continue;
    const t = totals.get(e.name) ?? { ms: 0, n: 0 };
    t.ms += e.dur / 1000;
    t.n++;
    totals.set(e.name, t);
  }
  console.log('trace of the panning phase, main thread, total ms (count):');
  for (const [name, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(`  ${t.ms.toFixed(0).padStart(6)}  ${name} (${t.n})`);
}

/** BENCH_PROFILE=1: top self-time functions of a CPU profile. */
function printProfile(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number }[]; samples?: number[]; timeDeltas?: number[] }) {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const key = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}:${node.callFrame.columnNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0) / 1000);
  }
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${name}`);
}

function stats(deltas: number[]) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  const mean = deltas.reduce((s, d) => s + d, 0) / (deltas.length || 1);
  return { frames: deltas.length, mean, p50: pct(50), p95: pct(95), max: sorted.at(-1) ?? NaN, over50: deltas.filter((d) => d > 50).length };
}

type Stats = ReturnType<typeof stats>;
interface Measured {
  target: string;
  total: number;
  chromium: string;
  ttfr: number;
  idle: Stats;
  panning: Stats;
  moving: Stats;
  moved: number;
  panningZoomed: Stats;
  drawnZoomed: number;
}

async function measure(target: Target): Promise<Measured> {
  const BASE = `http://127.0.0.1:${target.port}`;
  const app = await startApp(target);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  let remote: WebsocketProvider | undefined;
  try {
    // Sign in (next-auth CSRF + credentials) in a request context shared with the page.
    const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
    const api = context.request;
    const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
    await api.post('/api/auth/callback/credentials', { form: { csrfToken, email: DEMO_EMAIL, password: DEFAULT_DEMO_PASSWORD, json: 'true' }, maxRedirects: 0 });
    const token = (await (await api.get('/api/collab-token?building=demo')).json()) as { token: string; url: string; docs: { model: string } };

    // The remote user: a Node client on the same document.
    const doc = new Y.Doc();
    remote = new WebsocketProvider(token.url.replace('localhost', '127.0.0.1'), token.docs.model, doc, { params: { token: token.token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket });
    await new Promise<void>((r) => remote!.once('sync', () => r()));
    const storey = listStoreys(doc)[0]!;
    const origin = new LocalOrigin('bench-remote');
    const seeded = seedElements(storey.id, COUNT);
    for (let i = 0; i < seeded.length; i += 500) {
      const batch = seeded.slice(i, i + 500);
      const r = transact(doc, origin, (tx) => batch.forEach((e) => tx.addElement(e)));
      if (!r.ok) throw new Error(r.error.message);
    }
    await new Promise((r) => setTimeout(r, 2000));
    const total = [...doc.getMap('elements').values()].filter((e) => (e as Y.Map<unknown>).get('storeyId') === storey.id).length;

    // 1. Time to first render of the whole plan.
    const page = await context.newPage();
    await page.goto('/buildings/demo', { waitUntil: 'commit' });
    const firstRender = await page.waitForFunction(`(() => { const g = document.querySelector('[data-testid="plan-elements"]'); return g && g.childElementCount >= ${total} ? performance.now() : false; })()`, undefined, {
      timeout: 120_000,
      polling: 'raf',
    });
    const ttfr = (await firstRender.jsonValue()) as number;
    const timing = (await page.evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; return { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd }; })()`)) as { responseEnd: number; domContentLoaded: number };
    await page.getByTestId('plan').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const planBox = await page.getByTestId('plan').boundingBox();
    // BENCH_PLAN_SETUP: a script run in the page before measuring, for experiments (e.g. hide a
    // part of the page and see what it costs to draw).
    if (process.env.BENCH_PLAN_SETUP) {
      const said = await page.evaluate(process.env.BENCH_PLAN_SETUP);
      if (said !== undefined) console.log(`[${target.name}] BENCH_PLAN_SETUP: ${JSON.stringify(said)}`);
    }
    await page.waitForTimeout(1000);

    // Page-side code as a string: tsx would wrap named functions in a `__name` helper the page lacks.
    const measureFrames = (ms: number, pan: boolean) =>
      page.evaluate(`new Promise((done) => {
        const plan = window.__arxos.plan;
        const start = performance.now();
        const base = plan.camera();
        const deltas = [];
        let last = start;
        const tick = (t) => {
          deltas.push(t - last);
          last = t;
          if (${pan}) plan.setCamera({ ...base, x: base.x + Math.sin((t - start) / 400) * 20, y: base.y + Math.cos((t - start) / 500) * 10 });
          if (t - start < ${ms}) requestAnimationFrame(tick);
          else done(deltas.slice(1));
        };
        requestAnimationFrame(tick);
      })`) as Promise<number[]>;

    // 2. Panning.
    const tracing = process.env.BENCH_TRACE ? await traceStart(await context.newCDPSession(page)) : undefined;
    const panning = stats(await measureFrames(3000, true));
    if (tracing) printTrace(await tracing());

    // 3. The remote user moves 50 elements per second (one every 20 ms).
    const ids = seeded.filter((e) => e.kind === 'equipment').map((e) => e.id);
    let moved = 0;
    const mover = setInterval(() => {
      const r = moveElements(doc, [ids[moved % ids.length]!], planVector(0.1 * (moved % 2 === 0 ? 1 : -1), 0), origin);
      if (r.ok) moved++;
    }, 20);
    const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const moving = stats(await measureFrames(5000, false));
    clearInterval(mover);
    if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);

    // 4. Idle, for reference.
    const idle = stats(await measureFrames(2000, false));

    // 5. Panning zoomed in: only what is near the view is drawn (viewport culling).
    await page.evaluate(`(() => { const plan = window.__arxos.plan; plan.setCamera({ ...plan.camera(), zoom: 40 }); })()`);
    await page.waitForTimeout(1000);
    const drawnZoomed = (await page.evaluate(`window.__arxos.plan.drawn().length`)) as number;
    const panningZoomed = stats(await measureFrames(3000, true));

    console.log(`[${target.name}] time to first render ${ttfr.toFixed(0)} ms (server response done ${timing.responseEnd.toFixed(0)} ms, DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms); plan ${Math.round(planBox?.width ?? 0)} x ${Math.round(planBox?.height ?? 0)} px`);
    return { target: target.name, total, chromium: browser.version(), ttfr, idle, panning, moving, moved, panningZoomed, drawnZoomed };
  } finally {
    remote?.destroy();
    await browser.close();
    const exited = new Promise((r) => app.once('exit', r));
    process.kill(-app.pid!, 'SIGTERM');
    await exited;
    // Whatever of the group is still up after the launcher's shutdown is stopped for good.
    await new Promise((r) => setTimeout(r, 2000));
    try {
      process.kill(-app.pid!, 'SIGKILL');
    } catch {
      // the group is gone
    }
  }
}

function report(results: readonly Measured[]) {
  const first = results[0]!;
  const cell = (s: Stats) => `${s.mean.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.over50}`;
  const width = 24;
  console.log(`\nPlan editor benchmark — ${first.total} elements on one storey, Chromium ${first.chromium} (headless, --disable-gpu: software rendering)`);
  console.log('frame time per scenario, mean ms / p95 ms / frames over 50 ms\n');
  console.log(`| scenario                             | ${results.map((r) => r.target.padEnd(width)).join(' | ')} |`);
  console.log(`| ------------------------------------ | ${results.map(() => '-'.repeat(width)).join(' | ')} |`);
  const line = (name: string, pick: (r: Measured) => string) => console.log(`| ${name.padEnd(36)} | ${results.map((r) => pick(r).padEnd(width)).join(' | ')} |`);
  line('time to first render (ms)', (r) => r.ttfr.toFixed(0));
  line('idle (2 s)', (r) => cell(r.idle));
  line('panning (3 s, camera moves per frame)', (r) => cell(r.panning));
  line('remote moves 50 el/s (5 s)', (r) => `${cell(r.moving)} (${r.moved})`);
  line('panning zoomed in (40 px/m, 3 s)', (r) => cell(r.panningZoomed));
  line('drawn when zoomed in', (r) => `${r.drawnZoomed} of ${r.total}`);
  const dir = resolve(ROOT, 'test/bench/results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `plan-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten to ${file}`);
}

async function main() {
  const targets: Target[] = [];
  const baseline = process.env.BENCH_PLAN_BASELINE;
  if (baseline) targets.push({ name: 'before (baseline)', root: resolve(baseline), port: PORT + 10 });
  targets.push({ name: baseline ? 'after (this checkout)' : 'this checkout', root: ROOT, port: PORT });
  const results: Measured[] = [];
  for (const target of targets) results.push(await measure(target));
  report(results);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
