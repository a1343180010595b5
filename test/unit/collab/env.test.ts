import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_UPLOAD_MAX_BYTES, DEFAULT_IFC_MAX_BYTES } from '@/app/_lib/runtimeConfig';
import { ENVIRONMENT, readCollabEnv, renderEnvTable } from '@/collab-server/env';
import { resolveOptions } from '@/collab-server/options';
import type { DocumentStore } from '@/lib/db/documentStore';
import { DEFAULT_DEADLINES } from '@/lib/db/pool';
import { envTableIn, withEnvTable } from '@/scripts/writeEnvTable';

const ROOT = resolve(import.meta.dirname, '../../..');
const BASE = { DATABASE_URL: 'postgres://db/app', AUTH_SECRET: 'x'.repeat(32) };

function defaultOf(name: string): string {
  const variable = ENVIRONMENT.find((v) => v.name === name);
  if (!variable) throw new Error(`${name} is not listed`);
  return variable.default;
}

describe('the environment table (collab-server/env.ts)', () => {
  it("is README.md's configuration table: run `npm run docs:env` after changing env.ts", () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    expect(envTableIn(readme)).toBe(renderEnvTable());
  });

  it('replaces only what lies between the markers when it writes README.md', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const stale = withEnvTable(readme, '| env | default | meaning |\n| --- | --- | --- |\n| `OLD` | 1 | gone |');
    expect(envTableIn(stale)).not.toBe(renderEnvTable());
    expect(withEnvTable(stale)).toBe(withEnvTable(readme));
    expect(() => withEnvTable('# no markers here')).toThrow(/no env table markers/);
  });

  it('lists each variable once, with cells that fit one markdown table row', () => {
    const names = ENVIRONMENT.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of ENVIRONMENT) {
      expect(v.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      for (const cell of [v.default, v.meaning]) {
        expect(cell.length).toBeGreaterThan(0);
        expect(cell).not.toMatch(/[|\n]/);
      }
    }
  });

  it("states the collaboration server's defaults as the server resolves them", () => {
    const resolved = resolveOptions({ port: 0, store: {} as DocumentStore, authSecret: 'x', logger: pino({ level: 'silent' }) });
    const expected: Record<string, number> = {
      COLLAB_BROADCAST_WINDOW_MS: resolved.broadcastWindowMs,
      COLLAB_PING_INTERVAL_MS: resolved.limits.pingIntervalMs,
      COLLAB_REBASE_AFTER_DELETED: resolved.persistence.rebaseAfterDeleted,
      COLLAB_REBASE_DELETED_RATIO: resolved.persistence.rebaseDeletedRatio,
      COLLAB_MAX_PERSISTENCE_LAG_MS: resolved.persistence.maxLagMs,
      COLLAB_SERVER_EDIT_MAX_BYTES: resolved.limits.maxServerEditBytes,
      COLLAB_SHUTDOWN_TIMEOUT_MS: resolved.persistence.shutdownTimeoutMs,
      DATABASE_TIMEOUT_MS: DEFAULT_DEADLINES.queryTimeoutMs,
      COLLAB_PORT: readCollabEnv(BASE).port,
    };
    for (const [name, value] of Object.entries(expected)) expect(defaultOf(name), name).toBe(`\`${value}\``);
    expect(defaultOf('COLLAB_HOST')).toBe(`\`${resolved.host}\``);
  });

  it("states the web app's upload limits as app/_lib/runtimeConfig.ts resolves them", () => {
    expect(defaultOf('ARXOS_IFC_MAX_BYTES')).toBe(`\`${DEFAULT_IFC_MAX_BYTES}\` (100 MiB)`);
    expect(defaultOf('ARXOS_ASSET_UPLOAD_MAX_BYTES')).toBe(`\`${DEFAULT_ASSET_UPLOAD_MAX_BYTES}\` (100 MiB)`);
  });

  it('is the only place the collaboration server reads the environment from', () => {
    const dir = resolve(ROOT, 'collab-server');
    const readers = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== 'env.ts')
      .filter((file) => /process\.env\b/.test(readFileSync(resolve(dir, file), 'utf8')));
    expect(readers).toEqual([]);
  });
});

describe('readCollabEnv', () => {
  it('reads the settings, leaving unset and empty numbers to the server options', () => {
    const env = readCollabEnv({
      ...BASE,
      COLLAB_PORT: '0',
      COLLAB_HOST: '0.0.0.0',
      COLLAB_BROADCAST_WINDOW_MS: '0',
      COLLAB_PING_INTERVAL_MS: '',
      COLLAB_REBASE_DELETED_RATIO: '0.25',
      COLLAB_SHUTDOWN_TIMEOUT_MS: '3000',
      COLLAB_SERVER_EDIT_MAX_BYTES: '1024',
      DATABASE_TIMEOUT_MS: '1500',
    });
    expect(env).toMatchObject({
      database: { url: 'postgres://db/app', kind: 'external' },
      port: 0,
      host: '0.0.0.0',
      broadcastWindowMs: 0,
      pingIntervalMs: undefined,
      rebaseAfterDeleted: undefined,
      rebaseDeletedRatio: 0.25,
      maxLagMs: undefined,
      maxServerEditBytes: 1024,
      shutdownTimeoutMs: 3000,
    });
    expect(env.deadlines.queryTimeoutMs).toBe(1500);
    expect(readCollabEnv(BASE)).toMatchObject({ port: 1234, host: undefined, shutdownTimeoutMs: 10_000 });
  });

  it('passes a number that is not one on for the server options to refuse', () => {
    expect(readCollabEnv({ ...BASE, COLLAB_BROADCAST_WINDOW_MS: 'soon' }).broadcastWindowMs).toBeNaN();
  });

  it('refuses to start without a database, without AUTH_SECRET, or with a bad DATABASE_TIMEOUT_MS', () => {
    expect(() => readCollabEnv({ AUTH_SECRET: BASE.AUTH_SECRET })).toThrow(/No database configured/);
    expect(() => readCollabEnv({ DATABASE_URL: BASE.DATABASE_URL })).toThrow('AUTH_SECRET is not set (start the server through `npm start`, which provides one)');
    expect(() => readCollabEnv({ ...BASE, DATABASE_TIMEOUT_MS: 'never' })).toThrow(/DATABASE_TIMEOUT_MS must be a positive whole number/);
  });
});
