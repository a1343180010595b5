/**
 * One workload on one server: seed its store, start it as its own process, run every client in
 * the client process, and measure the server's CPU and memory from /proc while clients edit.
 */
import type { ChildProcess } from 'node:child_process';
import { freePort } from '@/test/helpers/ports';
import { forkTsx, type LoopDelay } from './childProcess';
import type { ClientResult, ClientRunConfig, FromClient, ToClient } from './clients/protocol';
import type { Workload } from './config';
import { CpuWindow, machineBusySeconds, memoryMiB } from './procStats';
import type { BenchTarget, TargetContext } from './targets/types';

export interface WorkloadResult {
  target: string;
  workload: string;
  /** Which of the --workload-runs. */
  run: number;
  ok: boolean;
  error?: string;
  client?: ClientResult;
  /** Server CPU seconds over edit phase + drain + settle. */
  serverCpuSeconds?: number;
  /** Connecting and first-syncing all clients (20 at a time): wall seconds, and the server's CPU seconds meanwhile. */
  connectSeconds?: number;
  connectServerCpuSeconds?: number;
  /** The server's event-loop delay over edit phase + drain (servers/loopDelay.mjs), ms. */
  loopDelay?: LoopDelay;
  serverCpuPer1kUpdates?: number;
  /** Database CPU (all its processes) over the same window, per 1k updates. */
  dbCpuPer1kUpdates?: number;
  /**
   * CPU used by everything else on the machine (other sessions' tests, the OS) during the window,
   * in cores. Above ~0.2 the figures are disturbed: the machine has 2 cores.
   */
  otherCores?: number;
  /** Client process CPU over the edit phase as a share of one core (1 = saturated). */
  clientCoreShare?: number;
  /** Server RSS, MiB: idle (started, before any client connects; {@link IDLE_SETTLE_MS} after it answered). */
  rssIdleMiB?: number;
  /** Server RSS, MiB: after clients connected, peak over the process's life (VmHWM), at the end. */
  rssReadyMiB?: number;
  rssPeakMiB?: number;
  rssEndMiB?: number;
  /** Achieved edits per second (all clients). */
  editsPerSecond?: number;
  /** Receipts seen / expected. */
  delivered?: number;
}

export interface WorkloadRun {
  target: BenchTarget;
  targetIndex: number;
  workload: Workload;
  workloadIndex: number;
  /** Which of the --workload-runs this is (0-based; its documents are its own). */
  run: number;
  ctx: TargetContext;
  dbPids: () => number[];
  seedState: Uint8Array;
  elementIds: string[];
  settleSeconds: number;
}

const READY_TIMEOUT_MS = 180_000;
/** Time given a server that just answered its ready check to finish starting up before its idle RSS is read. */
export const IDLE_SETTLE_MS = 1_000;

export async function runWorkload(run: WorkloadRun): Promise<WorkloadResult> {
  const { target, workload } = run;
  const base = { target: target.name, workload: workload.name, run: run.run };
  const docNames = Array.from({ length: workload.docs }, (_, d) => `building/t${run.targetIndex}-w${run.workloadIndex}-r${run.run}-d${d}/model`);
  if (!target.stateless) await target.seed(run.ctx, docNames.map((name) => ({ name, state: run.seedState })));

  const port = await freePort();
  const server = target.start(port, run.ctx);
  let client: ChildProcess | undefined;
  try {
    await server.ready;
    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    const rssIdle = memoryMiB(server.pid)?.rss;
    client = forkTsx('test/bench/collab/clients/clientMain.ts');
    const channel = new ClientChannel(client);
    const config: ClientRunConfig = {
      target: target.name,
      port,
      ctx: run.ctx,
      docNames,
      clientsPerDoc: workload.clientsPerDoc,
      rate: workload.rate,
      seconds: workload.seconds,
      elementIds: run.elementIds,
      seedState: target.stateless ? Buffer.from(run.seedState).toString('base64') : undefined,
    };
    const connectCpu = new CpuWindow(() => [server.pid]);
    channel.send({ type: 'start', config });
    const { connectMs } = await channel.next('ready', READY_TIMEOUT_MS, `${target.name}: clients did not all connect and sync within ${READY_TIMEOUT_MS / 1000} s (server log: ${server.logFile})`);
    const connectServerCpuSeconds = connectCpu.elapsed();
    const rssReady = memoryMiB(server.pid)?.rss;

    const serverCpu = new CpuWindow(() => [server.pid]);
    const dbCpu = new CpuWindow(run.dbPids);
    const clientCpu = new CpuWindow(() => [client!.pid!]);
    const busyStart = machineBusySeconds();
    const windowStart = performance.now();
    await server.loopDelay(); // starts the window
    channel.send({ type: 'go' });
    const done = await channel.next('done', (workload.seconds + 90) * 1000, `${target.name}: the edit phase did not finish`);
    const clientSeconds = clientCpu.elapsed();
    const loopDelay = await server.loopDelay();
    await new Promise((resolve) => setTimeout(resolve, run.settleSeconds * 1000));
    const serverSeconds = serverCpu.elapsed();
    const dbSeconds = dbCpu.elapsed();
    const otherSeconds = machineBusySeconds() - busyStart - serverSeconds - dbSeconds - clientCpu.elapsed();
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const memory = memoryMiB(server.pid);
    channel.send({ type: 'stop' });

    const result = done.result;
    const perK = (seconds: number) => (result.edits > 0 ? seconds / (result.edits / 1000) : NaN);
    return {
      ...base,
      ok: true,
      client: result,
      serverCpuSeconds: serverSeconds,
      connectSeconds: connectMs / 1000,
      connectServerCpuSeconds,
      loopDelay,
      serverCpuPer1kUpdates: perK(serverSeconds),
      dbCpuPer1kUpdates: perK(dbSeconds),
      otherCores: Math.max(0, otherSeconds / windowSeconds),
      clientCoreShare: clientSeconds / ((result.editSeconds * 1000 + result.drainMs) / 1000),
      rssIdleMiB: rssIdle,
      rssReadyMiB: rssReady,
      rssPeakMiB: memory?.peak,
      rssEndMiB: memory?.rss,
      editsPerSecond: result.edits / result.editSeconds,
      delivered: result.expectedReceipts > 0 ? result.latency.count / result.expectedReceipts : NaN,
    };
  } catch (error) {
    return { ...base, ok: false, error: (error as Error).message };
  } finally {
    if (client && client.exitCode === null) {
      const exited = new Promise((resolve) => client!.once('exit', resolve));
      const timer = setTimeout(() => client!.kill('SIGKILL'), 10_000);
      if (!client.killed) client.send({ type: 'stop' } satisfies ToClient, () => {});
      await exited;
      clearTimeout(timer);
    }
    await server.stop();
  }
}

/** Request/response over the client process's IPC channel. */
class ClientChannel {
  readonly #queue: FromClient[] = [];
  #waiter: (() => void) | undefined;
  #exit: string | undefined;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromClient) => {
      this.#queue.push(message);
      this.#waiter?.();
    });
    child.once('exit', (code, signal) => {
      this.#exit = `client process exited (code ${code}, signal ${signal})`;
      this.#waiter?.();
    });
  }

  send(message: ToClient): void {
    this.child.send(message);
  }

  async next<T extends FromClient['type']>(type: T, timeoutMs: number, timeoutMessage: string): Promise<Extract<FromClient, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.#queue.shift();
      if (message?.type === 'error') throw new Error(`client process: ${message.message}`);
      if (message?.type === type) return message as Extract<FromClient, { type: T }>;
      if (message) continue;
      if (this.#exit) throw new Error(this.#exit);
      if (Date.now() > deadline) throw new Error(timeoutMessage);
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
        setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1).unref();
      });
    }
  }
}
