/**
 * The ArxOS launcher: `npm start` (production build) and `npm run dev` (hot reload).
 *
 * One command brings up everything on one machine:
 *  1. the database: DATABASE_URL if set, else embedded PGlite (data in `<data>/pglite`) served over
 *     the Postgres wire protocol by @electric-sql/pglite-socket, so every process connects with the
 *     same pg driver as to real Postgres (ARCHITECTURE.md section 4);
 *  2. SQL migrations, then the demo building (once);
 *  3. the web app (Next.js) and the collaboration server, both logs prefixed, in parallel. `npm start`
 *     runs production builds: the web app's (`next build`) and the collaboration server bundled into
 *     plain JavaScript (scripts/buildCollabServer.ts), each rebuilt when its sources changed; `npm
 *     run dev` runs `next dev` and the server's TypeScript through tsx with --watch.
 * Ctrl-C (SIGINT) or SIGTERM stops both and then the database; if either child dies, the other is
 * stopped and the launcher exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveAuthSecret } from '../lib/auth/secret';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/db/embedded';
import { migrate } from '../lib/db/migrate';
import { buildCollabServer } from './buildCollabServer';
import { hashBuildInputs, isBuildCurrent, writeBuildStamp } from './buildStamp';
import { spawnNamed, stopProcess, waitForHttp, type NamedProcess } from './processes';
import { seedDemo } from './seed';

const ROOT = resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');

function log(message: string) {
  process.stdout.write(`[arxos] ${message}\n`);
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

async function main(): Promise<number> {
  const dataDir = resolve(ROOT, process.env.ARXOS_DATA_DIR || '.data');
  mkdirSync(dataDir, { recursive: true });
  const webPort = port('PORT', 3000);
  const collabPort = port('COLLAB_PORT', 1234);
  const distDir = process.env.ARXOS_NEXT_DIST_DIR || '.next';

  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: resolve(dataDir, 'pglite'), port: port('ARXOS_PGLITE_PORT', 0) });
    databaseUrl = embedded.url;
    log(`embedded PGlite serving ${resolve(dataDir, 'pglite')} on ${embedded.url.replace(/\/\/[^@]*@/, '//')}`);
  } else {
    log('using DATABASE_URL');
  }

  const children: NamedProcess[] = [];
  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${reason})`);
    await Promise.all(children.map((c) => stopProcess(c)));
    if (embedded) await embedded.stop();
  };

  try {
    const { applied } = await migrate(databaseUrl);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
    if (process.env.ARXOS_SEED !== '0') {
      const seeded = await seedDemo(databaseUrl);
      if (seeded) log(`seeded the demo building: /buildings/${seeded}`);
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: resolveAuthSecret(dataDir),
      NEXT_TELEMETRY_DISABLED: '1',
      ARXOS_NEXT_DIST_DIR: distDir,
      PORT: String(webPort),
      COLLAB_PORT: String(collabPort),
    };
    const nextBin = resolve(ROOT, 'node_modules/next/dist/bin/next');
    // `node --import tsx` runs TypeScript in this one process (the tsx CLI would add a wrapper process).
    let collabArgs = ['--import', 'tsx', '--watch', resolve(ROOT, 'collab-server/index.ts')];

    if (!dev) {
      const collab = buildCollabServer();
      if (collab.built) log('built the collaboration server (first start, or sources changed)');
      collabArgs = [collab.file];
      const inputs = hashBuildInputs(ROOT);
      if (!isBuildCurrent(ROOT, distDir, inputs)) {
        log('building the web app (first start, or sources changed)…');
        const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: ROOT, env: { ...env, NODE_ENV: 'production' }, stdio: 'inherit' });
        if (build.status !== 0) throw new Error(`next build failed with exit code ${build.status}`);
        writeBuildStamp(ROOT, distDir, inputs);
      }
    }

    children.push(
      spawnNamed('web', process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(webPort)], { ...env, NODE_ENV: dev ? 'development' : 'production' }, 36),
      spawnNamed('collab', process.execPath, collabArgs, env, 35),
    );

    log(`started ${children.map((c) => `${c.name} (pid ${c.child.pid})`).join(' and ')}`);

    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => void shutdown(signal).then(() => process.exit(0)));
    }

    const firstExit = Promise.race(children.map((c) => c.exited.then((code) => ({ name: c.name, code }))));
    const ready = Promise.all([
      waitForHttp(`http://127.0.0.1:${webPort}/api/healthz`, 180_000, () => !stopping),
      waitForHttp(`http://127.0.0.1:${collabPort}/healthz`, 60_000, () => !stopping),
    ]).then(
      () => log(`ArxOS is up: http://localhost:${webPort} (collaboration server on port ${collabPort}). Ctrl-C stops it.`),
      (error: Error) => log(`not ready: ${error.message}`),
    );
    void ready;

    const exit = await firstExit;
    if (stopping) return 0;
    log(`${exit.name} exited with code ${exit.code}; stopping the rest`);
    await shutdown(`${exit.name} exited`);
    return exit.code === 0 ? 1 : exit.code;
  } catch (error) {
    process.stderr.write(`[arxos] ${(error as Error).stack ?? error}\n`);
    await shutdown('start-up failed');
    return 1;
  }
}

main().then((code) => process.exit(code));
