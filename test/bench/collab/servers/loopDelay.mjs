/**
 * Preloaded into every server process the bench starts (`node --import <this file>`), the same
 * for all of them: the event loop's delay, i.e. how late a 10 ms timer fires
 * (perf_hooks `monitorEventLoopDelay`), which is how long a message that arrived had to wait
 * for the server to finish what it was doing. On SIGUSR2 it writes the figures since the
 * previous SIGUSR2 to `$BENCH_LOOP_DELAY_DIR/<pid>-<n>.json` and starts over.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dir = process.env.BENCH_LOOP_DELAY_DIR;
if (dir) {
  const RESOLUTION_MS = 10;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let written = 0;
  // The histogram records whole timer intervals (ns): the delay is what exceeds the resolution.
  const late = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  process.on('SIGUSR2', () => {
    const file = path.join(dir, `${process.pid}-${written++}.json`);
    const figures = { p50: late(histogram.percentile(50)), p99: late(histogram.percentile(99)), max: late(histogram.max), samples: histogram.count };
    writeFileSync(`${file}.tmp`, JSON.stringify(figures));
    renameSync(`${file}.tmp`, file);
    histogram.reset();
  });
}
