import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { buildCollabServer } from '@/scripts/buildCollabServer';

const ROOT = resolve(import.meta.dirname, '../../..');
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the collaboration server build (npm start)', () => {
  it('bundles the server into one module that plain node runs: it serves, reaches its database and stops on SIGTERM', async () => {
    const outDir = `dist/collab-server-test-${process.pid}`;
    cleanups.push(() => rmSync(resolve(ROOT, outDir), { recursive: true, force: true }));
    const { file, built } = buildCollabServer({ outDir });
    expect(built).toBe(true);
    const bundle = readFileSync(file, 'utf8');
    expect(bundle, 'the tsconfig paths are resolved into the bundle').not.toMatch(/from\s*["']@\//);
    expect(bundle, 'no TypeScript module is left to load').not.toMatch(/from\s*["'][^"']*\.tsx?["']/);

    const database = await startEmbeddedPostgres({ dataDir: 'memory://' });
    cleanups.push(() => database.stop());
    await migrate(database.url);
    // Without NODE_OPTIONS, so that no loader can come in unseen.
    const { NODE_OPTIONS: _, ...inherited } = process.env;
    const child = spawn(process.execPath, [file], {
      cwd: ROOT,
      env: { ...inherited, DATABASE_URL: database.url, AUTH_SECRET: 'a-test-secret-of-at-least-32-characters', COLLAB_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const port = await new Promise<number>((resolvePort, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        log += `${line}\n`;
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'collaboration server listening' && entry.port) resolvePort(entry.port);
      });
      void exited.then((code) => reject(new Error(`the server exited with ${code} before listening:\n${log}`)));
    });

    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline, 'plain node, no loader').toEqual([process.execPath, file]);
    // Readiness probes the store with a deadline; on a busy machine the first probes may miss it.
    let readiness: unknown;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      readiness = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
      if ((readiness as { ok?: boolean }).ok) break;
    }
    expect(readiness, log).toMatchObject({ ok: true, store: 'reachable' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('rebuilds when a file the bundle was made from changes, and only then', () => {
    const root = mkdtempSync(join(tmpdir(), 'arxos-collab-build-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    writeFileSync(join(root, 'main.ts'), "import { greeting } from './greeting';\nconsole.log(greeting satisfies string);\n");
    writeFileSync(join(root, 'greeting.ts'), "export const greeting = 'hello';\n");
    const options = { root, entry: 'main.ts', outDir: 'out' };
    const run = (file: string) => spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout.trim();

    const first = buildCollabServer(options);
    expect(first.built).toBe(true);
    expect(run(first.file)).toBe('hello');
    expect(buildCollabServer(options).built, 'nothing changed').toBe(false);

    writeFileSync(join(root, 'unrelated.ts'), 'export const unused = 1;\n');
    expect(buildCollabServer(options).built, 'a file the bundle does not import').toBe(false);

    writeFileSync(join(root, 'greeting.ts'), "export const greeting = 'hello again';\n");
    const second = buildCollabServer(options);
    expect(second.built, 'an imported module changed').toBe(true);
    expect(run(second.file)).toBe('hello again');
    expect(buildCollabServer(options).built).toBe(false);
    expect(buildCollabServer({ ...options, force: true }).built).toBe(true);
  });

  it('refuses an output directory outside the root (the bundle resolves packages from the root)', () => {
    expect(() => buildCollabServer({ outDir: '../elsewhere' })).toThrow(/must lie inside/);
  });
});
