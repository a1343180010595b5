/**
 * `npm run bench:collab`: collaboration servers side by side on the same workload and database
 * (issue #3). See README.md in this folder for the method, flags and fairness notes.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { buildBuildingState, equipmentId } from './buildingDocs';
import { runColdLoads, type ColdLoadResult } from './coldLoad';
import { readConfig } from './config';
import { createBenchDatabase } from './database';
import { formatColdLoads, formatWorkloads, writeJson } from './report';
import { runWorkload, type WorkloadResult } from './runWorkload';
import { getTarget } from './targets';

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main() {
  const config = readConfig();
  const targets = config.targets.map(getTarget);
  const started = Date.now();
  const loadBefore = os.loadavg();
  log(`targets ${config.targets.join(', ')}; database ${config.db}${config.quick ? '; QUICK mode' : ''}`);
  const db = await createBenchDatabase(config.db, config.postgresUrl, config.keepDb);
  const ctx = { dbUrl: db.url, secret: randomBytes(32).toString('hex') };
  const workloadResults: WorkloadResult[] = [];
  let coldLoadResults: ColdLoadResult[] = [];
  try {
    const seedState = buildBuildingState(config.seedElements, 'Workload building');
    const elementIds = Array.from({ length: config.seedElements }, (_, i) => equipmentId(i));
    // With --workload-runs=N the targets take turns N times (slow drifts of a shared machine hit all alike).
    for (let run = 0; run < config.workloadRuns; run++) {
      for (const [w, workload] of config.workloads.entries()) {
        for (const [t, target] of targets.entries()) {
          const label = `${workload.name}: ${target.name}${config.workloadRuns > 1 ? ` (run ${run + 1}/${config.workloadRuns})` : ''}`;
          log(`${label} …`);
          const result = await runWorkload({ target, targetIndex: t, workload, workloadIndex: w, run, ctx, dbPids: db.pids, seedState, elementIds, settleSeconds: config.settleSeconds });
          log(
            result.ok
              ? `${label}: p50 ${result.client!.latency.p50.toFixed(1)} ms, p99 ${result.client!.latency.p99.toFixed(1)} ms, ` +
                  `${result.serverCpuPer1kUpdates!.toFixed(3)} CPU s/1k, loop delay p99 ${result.loopDelay?.p99.toFixed(1) ?? '-'} ms, ` +
                  `peak ${result.rssPeakMiB!.toFixed(0)} MB, ${result.editsPerSecond!.toFixed(0)} edits/s`
              : `${label} FAILED: ${result.error}`,
          );
          workloadResults.push(result);
        }
      }
    }
    if (config.coldLoad.enabled) coldLoadResults = await runColdLoads(config, targets, ctx, log);
  } finally {
    await db.drop();
  }

  const load = `load average ${loadBefore[0]!.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end`;
  console.log(`\nCollaboration server benchmark (${os.cpus().length} cores, ${config.db}, ${((Date.now() - started) / 60_000).toFixed(1)} min, ${load})\n`);
  if (config.workloads.length) console.log(`${formatWorkloads(config, workloadResults)}\n`);
  if (config.coldLoad.enabled) console.log(`${formatColdLoads(config, coldLoadResults)}\n`);
  const file = writeJson({
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: os.totalmem() / 2 ** 30, node: process.version, loadBefore, loadAfter: os.loadavg() },
    config,
    targets: targets.map((t) => ({ name: t.name, client: t.client, persists: t.persists })),
    workloads: workloadResults,
    coldLoads: coldLoadResults,
  });
  console.log(`results: ${file}`);
  const failed = workloadResults.some((r) => !r.ok) || coldLoadResults.some((r) => !r.ok);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
