/**
 * `npm test`: the whole suite, on one line at the end: `N passed, N failed`.
 *
 *  1. typecheck (tsc) and lint (eslint, which also enforces the layering of ARCHITECTURE.md §1);
 *  2. unit + integration tests (vitest): PGlite always, Postgres too when DATABASE_URL is set;
 *  3. e2e tests (Playwright, system Chromium) against the app started by the real launcher.
 *
 * With CI=true nothing may be skipped for a missing browser or service: DATABASE_URL and REDIS_URL
 * must be set and any skipped test fails the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' };
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs just that part

interface Tally { passed: number; failed: number; skipped: number }
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];

function run(label: string, command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  return result.status ?? 1;
}

function record(label: string, tally: Tally) {
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  lines.push(`${label}: ${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
}

function wants(part: string) {
  return only.length === 0 || only.includes(part);
}

if (ci) {
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    process.stderr.write(`CI=true but ${missing.join(' and ')} not set: the Postgres/Redis suites would not run\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  }
}

const npx = (bin: string) => resolve(ROOT, 'node_modules/.bin', bin);

if (wants('static')) {
  const tsc = run('typecheck', npx('tsc'), ['--noEmit', '-p', '.']);
  record('typecheck', { passed: tsc === 0 ? 1 : 0, failed: tsc === 0 ? 0 : 1, skipped: 0 });
  const lint = run('lint', npx('eslint'), ['.', '--max-warnings=0']);
  record('lint', { passed: lint === 0 ? 1 : 0, failed: lint === 0 ? 0 : 1, skipped: 0 });
}

if (wants('unit') || wants('integration')) {
  const report = resolve(ROOT, 'test-results/vitest-report.json');
  rmSync(report, { force: true });
  const dirs = only.length === 0 ? [] : only.filter((p) => p === 'unit' || p === 'integration').map((p) => `test/${p}`);
  const code = run('unit + integration (vitest)', npx('vitest'), ['run', ...dirs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number };
    const failed = json.numFailedTests + json.numFailedTestSuites + (code !== 0 && json.numFailedTests === 0 && json.numFailedTestSuites === 0 ? 1 : 0);
    record('vitest', { passed: json.numPassedTests, failed, skipped: json.numPendingTests + json.numTodoTests });
  } else {
    record('vitest', { passed: 0, failed: 1, skipped: 0 });
  }
}

if (wants('e2e')) {
  const report = resolve(ROOT, 'test-results/e2e-report.json');
  rmSync(report, { force: true });
  rmSync(resolve(ROOT, '.data/e2e'), { recursive: true, force: true });
  const code = run('e2e (playwright)', npx('playwright'), ['test']);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; errors?: unknown[] };
    const errors = json.errors?.length ?? 0;
    const failed = json.stats.unexpected + json.stats.flaky + errors + (code !== 0 && json.stats.unexpected === 0 && errors === 0 ? 1 : 0);
    record('playwright', { passed: json.stats.expected, failed, skipped: json.stats.skipped });
  } else {
    record('playwright', { passed: 0, failed: 1, skipped: 0 });
  }
}

if (ci && total.skipped > 0) {
  lines.push(`CI=true: ${total.skipped} skipped test(s) count as failures`);
  total.failed += total.skipped;
  total.skipped = 0;
}

process.stdout.write(`\n${lines.join('\n')}\n`);
process.stdout.write(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exit(total.failed > 0 ? 1 : 0);
