/**
 * Test harness of the collaboration server: a real database per suite (PGlite behind the
 * embedded socket server always; Postgres too when DATABASE_URL is set), a real server on
 * port 0 per test, and real clients: the stock y-websocket WebsocketProvider, or raw `ws`
 * sockets for hand-built frames.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { mintCollabToken } from '@/lib/auth/collabToken';
import type { BuildingRole } from '@/lib/auth/roles';
import { createPrismaClient, type PrismaClient } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { startCollabServer, type CollabServer, type CollabServerOptions } from '@/collab-server/server';
import { testDatabaseKinds, type TestDatabase, type TestDatabaseKind } from '../db/testDatabases';
import { RecordingStore } from './RecordingStore';

export const SECRET = 'collab-test-secret-'.padEnd(48, 'x');

/** Server options a suite or test may override (store, secret and logger are the harness's). */
export type ServerOverrides = Omit<Partial<CollabServerOptions>, 'store' | 'authSecret' | 'logger'>;

/** A stock provider client with what tests look at. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes the provider saw, in order. */
  closeCodes: number[];
  /** Resolves when the provider is synced (again). */
  synced(): Promise<void>;
}

/** A raw `ws` client. */
export interface RawClient {
  ws: WebSocket;
  /** Frames received. */
  received: Uint8Array[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

/** What a test gets from {@link useCollab}. */
export interface CollabContext {
  server: CollabServer;
  store: RecordingStore;
  /** The store without recording (to inspect what is persisted). */
  db: PrismaDocumentStore;
  /** A fresh building id (tests never share documents). */
  building(): string;
  token(building: string, role: BuildingRole, options?: { ttlSeconds?: number; now?: Date; secret?: string; sub?: string; name?: string }): Promise<string>;
  /** A connected provider client (not yet awaited to be synced: call `synced()`). */
  client(docName: string, role?: BuildingRole, options?: { doc?: Y.Doc; building?: string; user?: { sub: string; name: string }; ttlSeconds?: number }): Promise<TestClient>;
  raw(docName: string, role?: BuildingRole, options?: { building?: string; ws?: WebSocket.ClientOptions; token?: { sub?: string } }): Promise<RawClient>;
  /** Replaces the server with a new one (the previous one closed gracefully) on the same store. */
  restart(overrides?: ServerOverrides): Promise<CollabServer>;
}

const logger = pino({ level: process.env.COLLAB_TEST_LOG ?? 'silent' });

/**
 * Declares a suite per database kind; `body` gets a getter for the per-test context.
 * Each test gets a new server (with `overrides`) on the suite's database.
 */
export function describeCollab(
  title: string,
  describeFn: (name: string, fn: () => void) => void,
  overrides: ServerOverrides,
  body: (ctx: () => CollabContext) => void,
): void {
  for (const kind of testDatabaseKinds()) describeFn(`${title} (${kind.name})`, () => body(useCollab(kind, overrides)));
}

function useCollab(kind: TestDatabaseKind, overrides: ServerOverrides): () => CollabContext {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let ctx: CollabContext | undefined;
  const cleanups: (() => void | Promise<void>)[] = [];

  beforeAll(async () => {
    database = await kind.create();
    await migrate(database.url);
    prisma = createPrismaClient(database.url, { poolMax: 4 });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.teardown();
  });

  beforeEach(async () => {
    const db = new PrismaDocumentStore(prisma);
    const store = new RecordingStore(db);
    const start = (more: ServerOverrides = {}) =>
      startCollabServer({ port: 0, roomUnloadGraceMs: 60_000, ...overrides, ...more, store, authSecret: SECRET, logger });
    let server = await start();
    const token: CollabContext['token'] = (building, role, options = {}) =>
      mintCollabToken({ sub: options.sub ?? `user-${role}`, name: options.name ?? role, building, role }, options.secret ?? SECRET, options);
    ctx = {
      get server() {
        return server;
      },
      store,
      db,
      building: () => `b${randomBytes(5).toString('hex')}`,
      token,
      async client(docName, role = 'editor', options = {}) {
        const doc = options.doc ?? new Y.Doc();
        const provider = new WebsocketProvider(server.url, docName, doc, {
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          params: { token: await token(options.building ?? buildingOf(docName), role, { ...options.user, ttlSeconds: options.ttlSeconds }) },
          disableBc: true,
          maxBackoffTime: 100,
        });
        const closeCodes: number[] = [];
        provider.on('connection-close', (event) => {
          if (event) closeCodes.push(event.code);
        });
        cleanups.push(() => provider.destroy());
        const synced = () =>
          provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
        return { doc, provider, closeCodes, synced };
      },
      async raw(docName, role = 'editor', options = {}) {
        const t = await token(options.building ?? buildingOf(docName), role, options.token);
        const ws = new WebSocket(`${server.url}/${docName}?token=${t}`, options.ws);
        const received: Uint8Array[] = [];
        ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)));
        const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
        ws.on('error', () => {}); // the close event carries what tests assert
        cleanups.push(() => ws.terminate());
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        });
        return { ws, received, closed };
      },
      async restart(more) {
        await server.close();
        server = await start(more);
        return server;
      },
    };
  });

  afterEach(async () => {
    ctx?.store.releaseAll();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await ctx?.server.close();
    ctx = undefined;
  });

  return () => {
    if (!ctx) throw new Error('the collab context exists only inside a test');
    return ctx;
  };
}

function buildingOf(docName: string): string {
  return docName.split('/')[1] ?? '';
}

/** Polls `check` until it passes (no timed assertions: the timeout only bounds a failing test). */
export function eventually<T>(check: () => T | Promise<T>, timeout = 5_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 10 });
}

/** Waits until the server's copy of `docName` holds exactly what `doc` holds: same state vector and delete set. */
export function caughtUp(server: CollabServer, docName: string, doc: Y.Doc): Promise<void> {
  return eventually(() => {
    const held = server.snapshot(docName);
    expect(held, `${docName} is not loaded`).not.toBeNull();
    // State vector AND delete set: a delete moves no state vector.
    expect(Y.equalSnapshots(Y.decodeSnapshot(held!), Y.snapshot(doc)), 'server and client snapshots differ').toBe(true);
  });
}

/** The HTTP status a refused upgrade got. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error(`upgrade to ${url} was accepted`));
    });
    ws.on('error', () => {});
  });
}

/** Value of one metric sample in the server's registry. */
export async function metricValue(registry: { getSingleMetricAsString(name: string): Promise<string> }, name: string, labels = ''): Promise<number> {
  const text = await registry.getSingleMetricAsString(name);
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name}{`)));
  return line ? Number(line.split(' ').pop()) : 0;
}
