/**
 * Cold load: a document of N elements with H updates of history, stored as each server would
 * have stored it. Per load: a fresh server process, warmed up by one client loading a small other
 * document (so the figure is a cold DOCUMENT on a running server, not JIT warm-up of a new
 * process); then one real client (the target's provider, in a client process of its own:
 * clients/loadClient.ts) connects to the big one; we time connect -> synced and connect -> every
 * element present in the client's doc.
 */
import type { ChildProcess } from 'node:child_process';
import * as Y from 'yjs';
import { DEFAULT_PERSISTENCE } from '@/collab-server/options';
import { countStructs } from '@/lib/doc';
import { freePort } from '@/test/helpers/ports';
import { buildBuildingState, generateHistory } from './buildingDocs';
import { forkTsx } from './childProcess';
import type { LoadReply, LoadRequest } from './clients/loadClient';
import { ARXOS_MAX_TAIL } from './targets/arxos';
import type { BenchConfig } from './config';
import { memoryMiB } from './procStats';
import { median, wallMs } from './stats';
import type { BenchTarget, SeedDocument, TargetContext } from './targets/types';

export interface ColdLoadResult {
  target: string;
  elements: number;
  history: number;
  ok: boolean;
  error?: string;
  /** Encoded size of the doc after its history as this target stores it (what a client finally holds), bytes. */
  stateBytes?: number;
  /** Deleted structs (tombstones of overwritten values) in that state: what history costs a load. */
  deletedStructs?: number;
  /** ArxOS: the lineage the document is on after its history (the number of rebases). */
  lineage?: number;
  /** Seeding the store took, s. */
  seedSeconds?: number;
  /** Per repetition, ms: connect -> provider synced. */
  syncedMs?: number[];
  /** Per repetition, ms: connect -> all elements in the client's doc (the figure reported). */
  loadedMs?: number[];
  medianLoadedMs?: number;
  /**
   * Per repetition, ms: connect -> the message that completed the elements had fully arrived at
   * the client's socket, before the client library applied it (the server's share: auth, read,
   * encode, send).
   */
  receivedMs?: number[];
  medianReceivedMs?: number;
  /** Per repetition, ms: stock Yjs applying the loaded state again in the client process (warm; the client's share). */
  clientApplyMs?: number[];
  /** Server peak RSS after the load, MiB (last repetition). */
  rssPeakMiB?: number;
}

const LOAD_TIMEOUT_MS = 120_000;
const WARM_ELEMENTS = 200;

export async function runColdLoads(config: BenchConfig, targets: readonly BenchTarget[], ctx: TargetContext, log: (line: string) => void): Promise<ColdLoadResult[]> {
  const { elements, histories, peerMaxHistory, repetitions } = config.coldLoad;
  const maxHistory = Math.max(...histories);
  const state = buildBuildingState(elements, 'Cold-load building');
  const checkpoints = histories.flatMap((h) => [h, Math.max(0, h - ARXOS_MAX_TAIL)]);
  // The history as every server but ArxOS keeps it (up to the longest the peers load), and as
  // an ArxOS server leaves it: rebased when a session ends with enough tombstones (SPEC 20).
  const peers = targets.some((t) => t.coldLoad && t.name !== 'arxos');
  const plainMax = peers ? Math.max(0, ...histories.filter((h) => h <= peerMaxHistory)) : 0;
  log(`cold load: building a ${elements}-element doc${plainMax > 0 ? ` and ${plainMax} updates of history` : ''}`);
  const plain = generateHistory(state, plainMax, elements, { checkpoints, onProgress: (n) => n > 0 && log(`  history ${n}/${plainMax}`) });
  const arxos = targets.some((t) => t.name === 'arxos')
    ? generateHistory(state, maxHistory, elements, { checkpoints, rebase: DEFAULT_PERSISTENCE, onProgress: (n) => n > 0 && log(`  history as ArxOS keeps it ${n}/${maxHistory}`) })
    : undefined;
  log(`cold load: state ${(state.length / 1e6).toFixed(1)} MB, history ${(plain.updates.reduce((n, u) => n + u.length, 0) / 1e6).toFixed(1)} MB; ArxOS rebased it ${arxos?.rebases.length ?? 0} times`);
  /** What a target seeds for history `h`. */
  const seedFor = (target: BenchTarget, name: string, h: number): SeedDocument => {
    if (target.name !== 'arxos' || !arxos) {
      return { name, state, history: plain.updates.slice(0, h), stateAfter: (count) => (count === 0 ? state : plain.statesAt.get(count)) };
    }
    const rebases = arxos.rebases.filter((r) => r.at <= h);
    const from = rebases.at(-1)?.at ?? 0;
    return {
      name,
      state: rebases.at(-1)?.newState ?? state,
      history: arxos.updates.slice(from, h),
      stateAfter: (count) => (from + count === 0 ? state : arxos.statesAt.get(from + count)),
      rebases,
    };
  };
  /** Size and tombstones of the state a target's client receives for history `h`. */
  const loadedState = (target: BenchTarget, h: number) => {
    const bytes = target.name === 'arxos' && arxos ? (h === 0 ? state : arxos.statesAt.get(h)) : h === 0 ? state : plain.statesAt.get(h);
    if (!bytes) return {};
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes);
    const { deleted } = countStructs(doc);
    doc.destroy();
    return { stateBytes: bytes.length, deletedStructs: deleted };
  };

  const results: ColdLoadResult[] = [];
  const warmState = buildBuildingState(WARM_ELEMENTS, 'Warm-up building');
  for (const [t, target] of targets.entries()) {
    if (!target.coldLoad) continue;
    const warm = `building/warm-t${t}/model`;
    await target.seed(ctx, [{ name: warm, state: warmState }]);
    for (const h of histories) {
      const base = { target: target.name, elements, history: h };
      if (target.name !== 'arxos' && h > peerMaxHistory) continue;
      const docName = `building/cold-t${t}-h${h}/model`;
      log(`cold load: ${target.name}, ${h} updates: seeding`);
      try {
        const seedStart = wallMs();
        await target.seed(ctx, [seedFor(target, docName, h)]);
        const seedSeconds = (wallMs() - seedStart) / 1000;
        const syncedMs: number[] = [];
        const loadedMs: number[] = [];
        const receivedMs: number[] = [];
        const clientApplyMs: number[] = [];
        let rssPeakMiB: number | undefined;
        for (let r = 0; r < repetitions; r++) {
          const load = await loadOnce(target, ctx, warm, docName, elements);
          syncedMs.push(load.syncedMs);
          loadedMs.push(load.loadedMs);
          receivedMs.push(load.receivedMs);
          clientApplyMs.push(load.clientApplyMs);
          rssPeakMiB = load.rssPeakMiB;
        }
        log(`cold load: ${target.name}, ${h} updates: ${loadedMs.map((ms) => ms.toFixed(0)).join(', ')} ms (state received at ${receivedMs.map((ms) => ms.toFixed(0)).join(', ')} ms)`);
        results.push({
          ...base, ok: true, ...loadedState(target, h), lineage: target.name === 'arxos' ? (arxos?.rebases.filter((r) => r.at <= h).length ?? 0) : undefined, seedSeconds, syncedMs, loadedMs, medianLoadedMs: median(loadedMs),
          receivedMs, medianReceivedMs: median(receivedMs), clientApplyMs, rssPeakMiB,
        });
      } catch (error) {
        log(`cold load: ${target.name}, ${h} updates FAILED: ${(error as Error).message}`);
        results.push({ ...base, ok: false, error: (error as Error).message });
      }
    }
  }
  return results;
}

async function loadOnce(target: BenchTarget, ctx: TargetContext, warm: string, docName: string, elements: number) {
  const port = await freePort();
  const server = target.start(port, ctx);
  let client: ChildProcess | undefined;
  try {
    await server.ready;
    client = forkTsx('test/bench/collab/clients/loadClient.ts');
    const request: LoadRequest = { target: target.name, port, ctx, warm, warmElements: WARM_ELEMENTS, docName, elements };
    const replied = new Promise<LoadReply>((resolve, reject) => {
      client!.once('message', (message: LoadReply) => resolve(message));
      client!.once('exit', (code) => reject(new Error(`load client exited (code ${code})`)));
      setTimeout(() => reject(new Error(`no load within ${LOAD_TIMEOUT_MS / 1000} s (server log: ${server.logFile})`)), LOAD_TIMEOUT_MS).unref();
    });
    client.send(request);
    const reply = await replied;
    if (!reply.ok) throw new Error(`${reply.error} (server log: ${server.logFile})`);
    return { syncedMs: reply.syncedMs, loadedMs: reply.loadedMs, receivedMs: reply.receivedMs, clientApplyMs: reply.clientApplyMs, rssPeakMiB: memoryMiB(server.pid)?.peak };
  } finally {
    if (client && client.exitCode === null) client.kill('SIGKILL');
    await server.stop();
  }
}
