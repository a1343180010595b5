/**
 * The page side of `npm run bench:ifc:browser` (see browser.ts): bundled with esbuild for the
 * browser and exposed as `window.bench`. One page imports one file once, in one of two ways:
 *  - `worker`: what ArxOS does, components/ifc/importIfc.ts `readIfcInWorker` (a module worker
 *    running components/ifc/ifc.worker.ts; the page only receives progress and the result);
 *  - `main`: what a naive app does, lib/ifc/read.ts `readIfc` awaited on the page's own thread.
 * Both load web-ifc's wasm from `WEB_IFC_WASM_PATH` as the app does, and both drive the same
 * progress bar. While the import runs the page watches its own main thread three ways: a
 * requestAnimationFrame loop (gaps between frames; it also moves a box, as an editor redraws),
 * a PerformanceObserver for 'longtask' entries, and a typing probe (an `input` event dispatched
 * to a text field every 50 ms from setTimeout; its delay is how late the timer ran, i.e. how long
 * a key press would have waited for the thread).
 */
import { readIfcInWorker } from '@/components/ifc/importIfc';
import { WEB_IFC_WASM_PATH } from '@/components/ifc/webIfcVersion';
import { readIfc } from '@/lib/ifc/read';
import type { IfcImport, ImportProgress } from '@/lib/ifc/types';

export type Mode = 'worker' | 'main';

/** Main-thread observations over one window of time. All times in ms. */
export interface Watch {
  /** The window's length. */
  readonly ms: number;
  /** Frames drawn (requestAnimationFrame callbacks) in the window. */
  readonly frames: number;
  /** Gaps between consecutive frames, the first one from the window's start, the last one to its end. */
  readonly gaps: readonly number[];
  /** 'longtask' entries (tasks over 50 ms on the page's thread) that started in the window. */
  readonly longTasks: readonly { readonly start: number; readonly ms: number }[];
  /** Typing probe: per synthetic key press (one every 50 ms), how late its handler ran. */
  readonly typing: readonly number[];
}

export interface RunResult {
  readonly mode: Mode;
  readonly fileBytes: number;
  /** From the file in hand (a Blob, as a file picker gives) to the import result in hand, ms. */
  readonly importMs: number;
  /** The first `geometry` progress report, ms after the start (web-ifc's parse and the semantic walk are done). */
  readonly geometryAtMs: number;
  /** Progress reports the page received. */
  readonly progressReports: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly elements: number;
  readonly assets: number;
  readonly warnings: number;
  /** Warnings by code, with the first message of each. */
  readonly warningCodes: Readonly<Record<string, { readonly count: number; readonly first: string }>>;
  /** The page idle for a second before the import (the reference). */
  readonly idle: Watch;
  /** During the import. */
  readonly during: Watch;
}

/** What browser.ts calls, as `window.bench` (not declared on Window: the scene bench's page declares its own). */
export interface BenchApi {
  run(mode: Mode, url: string): Promise<RunResult>;
  readonly longTaskSupported: boolean;
}

const TYPING_EVERY_MS = 50;
const IDLE_MS = 1000;

const box = document.getElementById('box')!;
const field = document.getElementById('field') as HTMLInputElement;
const bar = document.getElementById('bar') as HTMLProgressElement;
const echo = document.getElementById('echo')!;
// What a key press does here: the field's listener mirrors its value.
field.addEventListener('input', () => {
  echo.textContent = field.value;
});

const longTaskSupported = PerformanceObserver.supportedEntryTypes.includes('longtask');
const longTasks: { start: number; ms: number }[] = [];
if (longTaskSupported) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** Starts watching the main thread; `stop()` ends the window and returns what was seen. */
function watch(): { stop(): Promise<Watch> } {
  const start = performance.now();
  const frameTimes: number[] = [];
  const typing: number[] = [];
  let running = true;
  let raf = 0;
  const frame = () => {
    if (!running) return;
    const now = performance.now();
    frameTimes.push(now);
    box.style.transform = `translateX(${(frameTimes.length * 4) % 400}px)`;
    raf = requestAnimationFrame(frame);
  };
  raf = requestAnimationFrame(frame);
  // Key presses due every 50 ms from the start; one blocked for a while leaves a backlog that
  // then runs late, one after the other, as queued key presses would.
  let key = 0;
  let timer = 0;
  const press = () => {
    if (!running) return;
    const due = start + key * TYPING_EVERY_MS;
    field.value = field.value.length > 40 ? 'a' : `${field.value}a`;
    field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'a' }));
    typing.push(performance.now() - due);
    key++;
    timer = window.setTimeout(press, Math.max(0, start + key * TYPING_EVERY_MS - performance.now()));
  };
  key = 1;
  timer = window.setTimeout(press, TYPING_EVERY_MS);
  return {
    async stop() {
      const end = performance.now();
      running = false;
      cancelAnimationFrame(raf);
      clearTimeout(timer);
      // Long-task entries arrive after their task: give the observer a moment.
      await new Promise((done) => setTimeout(done, 100));
      const gaps: number[] = [];
      let last = start;
      for (const t of frameTimes) {
        if (t > end) break;
        gaps.push(t - last);
        last = t;
      }
      gaps.push(end - last);
      return {
        ms: end - start,
        frames: frameTimes.filter((t) => t <= end).length,
        gaps,
        longTasks: longTasks.filter((t) => t.start >= start && t.start < end),
        typing,
      };
    },
  };
}

async function importFile(mode: Mode, file: Blob, onProgress: (p: ImportProgress) => void): Promise<IfcImport> {
  if (mode === 'worker') return readIfcInWorker(file, onProgress).done;
  // A naive app: the same reader, awaited on the page's thread.
  return readIfc(new Uint8Array(await file.arrayBuffer()), { wasmPath: WEB_IFC_WASM_PATH, onProgress });
}

function byCode(imported: IfcImport): Record<string, { count: number; first: string }> {
  const out: Record<string, { count: number; first: string }> = {};
  for (const w of imported.warnings) (out[w.code] ??= { count: 0, first: w.message }).count++;
  return out;
}

const api: BenchApi = {
  longTaskSupported,
  async run(mode, url) {
    const file = await (await fetch(url)).blob();
    const idleWatch = watch();
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const idle = await idleWatch.stop();

    let reports = 0;
    let geometryAt = NaN;
    const during = watch();
    const t0 = performance.now();
    const imported = await importFile(mode, file, (p) => {
      reports++;
      if (p.phase === 'geometry' && Number.isNaN(geometryAt)) geometryAt = performance.now() - t0;
      bar.max = Math.max(1, p.total);
      bar.value = p.done;
    });
    const importMs = performance.now() - t0;
    const seen = await during.stop();
    return {
      mode,
      fileBytes: file.size,
      importMs,
      geometryAtMs: geometryAt,
      progressReports: reports,
      counts: imported.counts as Record<string, number>,
      elements: imported.elements.length,
      assets: imported.assets.size,
      warnings: imported.warnings.length,
      warningCodes: byCode(imported),
      idle,
      during: seen,
    };
  },
};
(window as unknown as { bench: BenchApi }).bench = api;
