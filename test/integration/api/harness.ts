/**
 * The API test harness: a fresh migrated PGlite database (behind the embedded socket server, the
 * real multi-process code path), the app's environment pointed at it, a real collaboration server
 * on that database (server edits, `/internal/edit`, go to it), fronted by a stand-in that records
 * `/internal/revoke` calls, and helpers to call route handlers directly with real next-auth
 * session cookies.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'next-auth/jwt';
import pino from 'pino';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startCollabServer, type CollabServer } from '@/collab-server/server';
import { createAccount } from '@/lib/auth/accounts';
import { mintCollabToken } from '@/lib/auth/collabToken';
import { docNames } from '@/lib/protocol';
import { verifyInternalToken } from '@/lib/auth/revocation';
import { createPrismaClient, type PrismaClient } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { pgliteKind, type TestDatabase } from '../db/testDatabases';
import type { BuildingRole } from '@/lib/auth/roles';

export const SECRET = 'api-test-secret-'.padEnd(48, 'x');
export const ORIGIN = 'http://localhost:3000';

/** A revocation request the stand-in collaboration server received. */
export interface RecordedRevocation {
  body: { building: string; link?: string; user?: string };
  authorized: boolean;
}

export interface ApiHarness {
  prisma: PrismaClient;
  revocations: RecordedRevocation[];
  /** The real collaboration server (its `url` is where y-websocket clients connect). */
  collab: CollabServer;
  teardown(): Promise<void>;
}

/** Starts the database and the collaboration server (behind the stand-in) and points the app at them. */
export async function startApiHarness(): Promise<ApiHarness> {
  const db: TestDatabase = await pgliteKind.create();
  await migrate(db.url);
  const revocations: RecordedRevocation[] = [];
  const collabPrisma = createPrismaClient(db.url, { poolMax: 2 });
  const realCollab = await startCollabServer({ port: 0, store: new PrismaDocumentStore(collabPrisma), authSecret: SECRET, logger: pino({ level: process.env.COLLAB_TEST_LOG ?? 'silent' }) });
  const collab: Server = createServer((req, res) => {
    if (req.url === '/internal/edit') {
      // Passed through to the real server as it came.
      const forwarded = httpRequest({ host: '127.0.0.1', port: realCollab.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forwarded.on('error', () => res.writeHead(502).end());
      req.pipe(forwarded);
      return;
    }
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      void verifyInternalToken(req.headers.authorization, SECRET).then((verified) => {
        if (req.url === '/internal/revoke' && req.method === 'POST') revocations.push({ body: JSON.parse(raw), authorized: verified.ok });
        res.writeHead(verified.ok ? 204 : 401).end();
      });
    });
  });
  await new Promise<void>((resolve) => collab.listen(0, '127.0.0.1', resolve));

  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AUTH_SECRET: SECRET,
    COLLAB_INTERNAL_URL: `http://127.0.0.1:${(collab.address() as AddressInfo).port}`,
    COLLAB_PORT: '1',
  });
  const cache = globalThis as { __arxosPrisma?: PrismaClient };
  delete cache.__arxosPrisma;
  const { getPrisma } = await import('@/lib/db/client');
  const prisma = getPrisma();
  return {
    prisma,
    revocations,
    collab: realCollab,
    async teardown() {
      await prisma.$disconnect();
      delete cache.__arxosPrisma;
      await new Promise((resolve) => collab.close(resolve));
      await realCollab.close();
      await collabPrisma.$disconnect();
      await db.teardown();
    },
  };
}

/** A user with a password (`password-of-<local part>`), a personal organization, and a session cookie. */
export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  cookie: string;
}

export async function createUser(prisma: PrismaClient, name: string): Promise<TestUser> {
  const email = `${name.toLowerCase()}@example.com`;
  const password = `password-of-${name.toLowerCase()}`;
  const created = await createAccount(prisma, { email, name, password });
  if (!created.ok) throw new Error(created.error);
  return { ...created.value, password, cookie: await sessionCookie(created.value) };
}

/** The cookie next-auth sets after signing in (JWT session, http origin). */
export async function sessionCookie(user: { id: string; email: string; name: string }, secret = SECRET): Promise<string> {
  const token = await encode({ token: { sub: user.id, name: user.name, email: user.email }, secret });
  return `next-auth.session-token=${token}`;
}

export interface CallOptions {
  as?: { cookie: string } | null;
  body?: unknown;
  /** A raw body (e.g. malformed JSON); wins over `body`. */
  rawBody?: string;
  /** A binary body (bytes, or a stream: sent without a content-length); `application/octet-stream` unless `headers` say otherwise. Wins over both. */
  bytes?: Uint8Array | ReadableStream<Uint8Array>;
  cookies?: string[];
  headers?: Record<string, string>;
}

/** A Request as the browser would send it (same-origin, JSON). */
export function makeRequest(method: string, path: string, options: CallOptions = {}): Request {
  const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http', ...options.headers });
  const cookies = [...(options.as ? [options.as.cookie] : []), ...(options.cookies ?? [])];
  if (cookies.length) headers.set('cookie', cookies.join('; '));
  if (method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
  if (options.bytes !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/octet-stream');
    return new Request(`${ORIGIN}${path}`, { method, headers, body: options.bytes as BodyInit, duplex: 'half' } as RequestInit);
  }
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return new Request(`${ORIGIN}${path}`, { method, headers, body });
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as Next.js would, and reads the JSON answer. */
export async function call(handler: unknown, method: string, path: string, params: Record<string, string>, options: CallOptions = {}) {
  const response = await (handler as Handler)(makeRequest(method, path, options), { params: Promise.resolve(params) });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: response.status, json, text, headers: response.headers };
}

/**
 * `user` with a building's model open as an owner, through the stock y-websocket provider (as the
 * browser uses it), synced; the provider is added to `providers` for the caller to destroy.
 */
export async function openModelEditor(h: ApiHarness, user: TestUser, id: string, providers: WebsocketProvider[]): Promise<{ doc: Y.Doc; provider: WebsocketProvider; closeCodes: number[] }> {
  const doc = new Y.Doc();
  const token = await mintCollabToken({ sub: user.id, name: user.name, building: id, role: 'owner' }, SECRET);
  const provider = new WebsocketProvider(h.collab.url, docNames.model(id), doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token }, disableBc: true });
  providers.push(provider);
  const closeCodes: number[] = [];
  provider.on('connection-close', (event) => event && closeCodes.push(event.code));
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', (s: boolean) => s && resolve())));
  return { doc, provider, closeCodes };
}

/**
 * A new building owned by `owner` (through `POST /api/v1/buildings`, as a person would), with each
 * of `members` given its role (`PUT .../members`); its id. Throws when either route refuses.
 */
export async function createBuilding(owner: TestUser, name: string, members: readonly (readonly [TestUser, BuildingRole])[] = []): Promise<string> {
  const [buildings, memberRoutes] = await Promise.all([import('@/app/api/v1/buildings/route'), import('@/app/api/v1/buildings/[id]/members/route')]);
  const response = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name } });
  if (response.status !== 201) throw new Error(`creating building ${name}: HTTP ${response.status} ${response.text}`);
  const id = (response.json!.building as { id: string }).id;
  for (const [who, role] of members) {
    const added = await call(memberRoutes.PUT, 'PUT', `/api/v1/buildings/${id}/members`, { id }, { as: owner, body: { email: who.email, role } });
    if (added.status >= 300) throw new Error(`adding ${who.email} as ${role}: HTTP ${added.status} ${added.text}`);
  }
  return id;
}
