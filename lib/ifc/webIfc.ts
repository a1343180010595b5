/**
 * One initialised web-ifc per process or worker, and a way to hear what it says.
 *
 * web-ifc has no error callback: its C++ side prints `[WEB-IFC][error]…` through emscripten's
 * `out`, which the module binds to `console.log` once, when `Init` creates it, and its JS side
 * calls `console.error('ERROR: ', …)` at the time of the problem. So `Init` runs with `console.log`
 * and `console.error` swapped for forwarders that stay bound inside the module for its life;
 * they pass everything to the real console except while {@link captureWebIfcLogs} is running,
 * which collects the lines instead (synchronously, so nothing else's output is caught).
 */
import { IfcAPI } from 'web-ifc';
import { IfcImportError } from './types';

let apiPromise: Promise<IfcAPI> | undefined;
/** Lines collected by the innermost {@link captureWebIfcLogs}, if one is running. */
let sink: string[] | undefined;

type Channel = 'log' | 'error' | 'warn';
type Print = (...args: unknown[]) => void;

/** A console method that keeps web-ifc's lines while a capture runs and passes the rest to `passthrough`. */
function forwarder(channel: Channel, passthrough: Print): Print {
  return (...args) => {
    const text = args.map(String).join(' ');
    if (sink !== undefined && isWebIfcLine(channel, text)) sink.push(cleanLine(text));
    else passthrough(...args);
  };
}

function isWebIfcLine(channel: Channel, text: string): boolean {
  return text.startsWith('[WEB-IFC]') || (channel !== 'log' && /^(ERROR|WARN):/.test(text));
}

/** `[WEB-IFC][error][GetMesh()] Invalid …` → `GetMesh(): Invalid …`; `ERROR:  Invalid IFC Line:9` → `Invalid IFC Line:9`. */
function cleanLine(text: string): string {
  return text
    .replace(/^\[WEB-IFC\]\[\w+\]/, '')
    .replace(/^(ERROR|WARN):\s*/, '')
    .replace(/^\[([^\]]+)\]\s*/, '$1: ')
    .trim();
}

/**
 * The shared, initialised API. Node finds `web-ifc-node.wasm` next to the package; a browser
 * worker passes `wasmPath` (absolute, e.g. `/wasm/`). Always single-threaded: the multi-threaded
 * build can stall 10 s before falling back in a cross-origin-isolated page (notes/ifc.md 1.2).
 * A failed start is not cached, so the next import tries again.
 */
export function loadIfcApi(wasmPath?: string): Promise<IfcAPI> {
  apiPromise ??= startApi(wasmPath).catch((error: unknown) => {
    apiPromise = undefined;
    throw new IfcImportError('reader_unavailable', `The IFC reader could not start (${messageOf(error)}).`);
  });
  return apiPromise;
}

async function startApi(wasmPath: string | undefined): Promise<IfcAPI> {
  const api = new IfcAPI();
  if (wasmPath !== undefined) api.SetWasmPath(wasmPath, true);
  const saved = { log: console.log, error: console.error };
  // These stay bound inside the wasm module; outside a capture they print as the console did.
  console.log = forwarder('log', saved.log);
  console.error = forwarder('error', saved.error);
  let started: Promise<void>;
  try {
    // The wasm module binds its print functions in the synchronous part of this call.
    started = api.Init(undefined, true);
  } finally {
    console.log = saved.log;
    console.error = saved.error;
  }
  await started;
  return api;
}

/**
 * Runs `fn` and returns what web-ifc logged meanwhile (cleaned lines), instead of printing it.
 * Synchronous on purpose: the console is borrowed only while `fn` runs. An inner capture keeps
 * its lines to itself.
 */
export function captureWebIfcLogs<T>(fn: () => T): { value: T; logs: string[] } {
  const outer = sink;
  const logs: string[] = [];
  const saved = { error: console.error, warn: console.warn };
  sink = logs;
  console.error = forwarder('error', saved.error);
  console.warn = forwarder('warn', saved.warn);
  try {
    return { value: fn(), logs };
  } finally {
    console.error = saved.error;
    console.warn = saved.warn;
    sink = outer;
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
