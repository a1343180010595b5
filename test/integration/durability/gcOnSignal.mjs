// Test-only preload of the server process (`node --expose-gc --import <this file> ...`): on
// SIGUSR2, run a full garbage collection and log the memory figures as one JSON line, so a test can
// compare retained memory at chosen moments. Changes nothing else in the process.
process.on('SIGUSR2', () => {
  globalThis.gc();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ msg: 'gc done', rss, heapTotal, heapUsed, external, arrayBuffers })}\n`);
});
