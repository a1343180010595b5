import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * E2E tests run in the system Chromium (Playwright cannot download browsers here) against the real
 * app started by the real launcher on embedded PGlite, built into its own dist dir so `npm test`
 * never disturbs a running `npm start`.
 */
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(`Chromium not found at ${chromium}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
}
const WEB_PORT = Number(process.env.E2E_PORT || 3217);
const COLLAB_PORT = WEB_PORT + 1;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${WEB_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: chromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
        },
      },
    },
  ],
  webServer: {
    command: 'node node_modules/tsx/dist/cli.mjs scripts/start.ts',
    url: `http://127.0.0.1:${WEB_PORT}/api/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      PORT: String(WEB_PORT),
      COLLAB_PORT: String(COLLAB_PORT),
      DATABASE_URL: '',
      ARXOS_DATA_DIR: '.data/e2e',
      ARXOS_PGLITE_PORT: '0',
      ARXOS_NEXT_DIST_DIR: '.next-test',
      NEXT_TELEMETRY_DISABLED: '1',
      ARXOS_DEV_TOOLS: '1',
      // Low enough for test/e2e/rebase.spec.ts to make a document due for a rebase quickly, far
      // above what the other tests' documents collect.
      COLLAB_REBASE_AFTER_DELETED: '1000',
      // A tab taken offline (context.setOffline) cannot close its socket: the server notices by
      // its missing pongs, within two intervals.
      COLLAB_PING_INTERVAL_MS: '5000',
    },
  },
});
