import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/ports';

const ROOT = resolve(import.meta.dirname, '../../..');

interface Launcher {
  proc: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
  webPort: number;
  collabPort: number;
}

const running: Launcher[] = [];
const dataDirs: string[] = [];

/** Starts `npm run dev`'s launcher on embedded PGlite in a fresh data dir, on free ports. */
async function startLauncher(): Promise<Launcher> {
  const [webPort, collabPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'arxos-launcher-'));
  dataDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(webPort), COLLAB_PORT: String(collabPort), ARXOS_DATA_DIR: dataDir, ARXOS_NEXT_DIST_DIR: '.next-launcher-test', NEXT_TELEMETRY_DISABLED: '1' };
  delete env.DATABASE_URL;
  const proc = spawn(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts', '--dev'], { cwd: ROOT, env });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const launcher = { proc, output: () => out, exited, webPort, collabPort };
  running.push(launcher);
  const deadline = Date.now() + 120_000;
  while (!out.includes('ArxOS is up')) {
    if (proc.exitCode !== null) throw new Error(`launcher exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`launcher not up in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return launcher;
}

function pidOf(launcher: Launcher, name: string): number {
  const match = new RegExp(`${name} \\(pid (\\d+)\\)`).exec(launcher.output());
  if (!match) throw new Error(`no pid for ${name} in:\n${launcher.output()}`);
  return Number(match[1]);
}

async function isListening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a launcher left running by a failed test, children included: they run in process groups
 * of their own, so killing the launcher alone would leave a `next dev` holding the dist dir's lock
 * and fail every later run.
 */
async function stopLauncher(launcher: Launcher): Promise<void> {
  if (launcher.proc.exitCode === null) {
    launcher.proc.kill('SIGINT');
    const timer = setTimeout(() => launcher.proc.kill('SIGKILL'), 15_000);
    await launcher.exited;
    clearTimeout(timer);
  }
  for (const match of launcher.output().matchAll(/\(pid (\d+)\)/g)) {
    try {
      process.kill(-Number(match[1]), 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
}

afterEach(async () => {
  for (const l of running.splice(0)) await stopLauncher(l);
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the launcher (npm start / npm run dev)', () => {
  it('starts the web app and the collaboration server on embedded PGlite, and Ctrl-C stops both', async () => {
    const launcher = await startLauncher();
    const web = await fetch(`http://127.0.0.1:${launcher.webPort}/api/healthz`);
    expect(web.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${launcher.collabPort}/readyz`);
    expect(await ready.json()).toMatchObject({ ok: true, store: 'reachable' });
    expect(launcher.output()).toMatch(/\[web\] /);
    expect(launcher.output()).toMatch(/\[collab\] /);

    launcher.proc.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
    expect(await isListening(launcher.webPort)).toBe(false);
    expect(await isListening(launcher.collabPort)).toBe(false);
  });

  it('exits non-zero and stops the web app when the collaboration server dies', async () => {
    const launcher = await startLauncher();
    process.kill(pidOf(launcher, 'collab'), 'SIGKILL');
    const code = await launcher.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(launcher.output()).toContain('collab exited');
    expect(await isListening(launcher.webPort)).toBe(false);
  });
});
