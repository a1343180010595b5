/**
 * Issue #12.1, a database that goes silent: a TCP proxy between the collaboration server (a real
 * process) and its database stops forwarding on every open connection without closing any (no
 * FIN, no RST: half-open), and forwards new connections again a few seconds later while the old
 * ones stay silent forever. The server must keep saving (SPEC 13): every database call has a
 * deadline, writes move to fresh connections, /readyz answers 503 while persistence lags, new
 * connections get a named answer in bounded time, and SIGTERM exits within its grace period
 * (SPEC 16) saying how many updates it could not write.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '@/lib/protocol';
import { eventually } from '../collab/harness';
import { editorToken } from './clients';
import { describeDurability, useProxiedDatabase } from './database';
import { startServerProcess, type ServerProcess } from './serverProcess';
import { allSynced, converged, editsGrow, expectEveryEdit, openSession, unexpectedCloses, WAIT_MS } from './session';

/** Each editor edits every EDIT_MS. */
const EDIT_MS = 25;
/** How long the path stays silent for new connections (the old ones stay silent forever). */
const STALL_MS = 6_000;
/** The server's grace period on SIGTERM. */
const GRACE_MS = 3_000;
/** Short deadlines, so the test does not wait for the production defaults (15 s, 10 s, 10 s). */
const ENV = {
  DATABASE_TIMEOUT_MS: '1500',
  COLLAB_MAX_PERSISTENCE_LAG_MS: '1000',
  COLLAB_SHUTDOWN_TIMEOUT_MS: String(GRACE_MS),
};

describeDurability('collab server process: a database that stops answering', describe, (db) => {
  const proxied = useProxiedDatabase(db);
  const startBehindProxy = () => startServerProcess({ database: proxied.server(), env: ENV });

  it('keeps saving through a half-open database: writes move to fresh connections, /readyz answers 503 meanwhile, every edit is stored', async () => {
    const server = await startBehindProxy();
    const [docName] = await db().modelDocs();
    const session = await openSession(server.url, docName!, 3, 12);
    const { editors } = session;
    for (const editor of editors) editor.startEditing(EDIT_MS);
    await editsGrow(editors, 10);
    expect(await server.status('/readyz')).toBe(200);

    proxied.proxy().stall();
    const stalledAt = Date.now();
    // Editing goes on; the server accepts and broadcasts, but cannot write: it says so.
    await eventually(async () => expect(await server.status('/readyz')).toBe(503), WAIT_MS);
    const during = await server.metrics();
    expect(during.get('collab_persistence_healthy')).toBe(0);
    expect(during.get('collab_persistence_lag_seconds')).toBeGreaterThan(during.get('collab_persistence_max_lag_seconds')!);
    // A new connection meanwhile: its grant cannot be checked, and it is told so by name.
    expect((await connectRaw(server, docName!)).code).toBe(CloseCode.Unavailable);
    await editsGrow(editors, 10);
    await sleep(Math.max(0, STALL_MS - (Date.now() - stalledAt)));

    proxied.proxy().resume(); // new connections pass again; the stalled ones never answer
    await eventually(async () => expect(await server.status('/readyz')).toBe(200), WAIT_MS);
    await editsGrow(editors, 10);
    for (const editor of editors) editor.stopEditing();
    await converged(session.all);
    // Every edit made is in the database, written by this server: no restart, nothing re-sent.
    await eventually(async () => expectEveryEdit(await db().load(docName!), editors, 'database'), WAIT_MS);
    const after = await server.metrics();
    expect(after.get('collab_persistence_healthy')).toBe(1);
    const failedWrites = (after.get('collab_persistence_writes_total{result="timeout"}') ?? 0) + (after.get('collab_persistence_writes_total{result="error"}') ?? 0);
    expect(failedWrites).toBeGreaterThan(0);
    console.log(`[half-open] edits made: ${editors.map((e) => e.edits.length).join(', ')}; writes that failed or timed out and were retried: ${failedWrites}`);
    expect(unexpectedCloses(session.all)).toEqual([]);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });

  it('exits on SIGTERM within its grace period while the database is silent, saying how many updates it could not write; clients re-send them to the next server', async () => {
    const server = await startBehindProxy();
    const [docName] = await db().modelDocs();
    const session = await openSession(server.url, docName!, 3, 13);
    const { editors } = session;
    for (const editor of editors) editor.startEditing(EDIT_MS);
    await editsGrow(editors, 10);
    proxied.proxy().stall();
    await eventually(async () => expect((await server.metrics()).get('collab_persistence_pending_updates')).toBeGreaterThan(0), WAIT_MS);
    await editsGrow(editors, 5);

    const stopping = Date.now();
    // Rejects (and kills it) if it is still running well after its grace period.
    const exit = await server.stop(GRACE_MS + 5_000);
    const took = Date.now() - stopping;
    expect(exit).toEqual({ code: 1, signal: null });
    const report = server
      .logTail()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg?: string; unwrittenUpdates?: number })
      .find((line) => typeof line.unwrittenUpdates === 'number' && line.unwrittenUpdates > 0);
    expect(report?.msg).toMatch(/could not be written/);
    console.log(`[half-open] SIGTERM with the database silent: exited after ${took} ms (grace ${GRACE_MS} ms), ${report?.unwrittenUpdates} accepted updates unwritten`);

    // The next server reaches the database directly; the clients reconnect and re-send what the
    // first one could not write.
    const next = await startServerProcess({ database: db().server, port: server.port, env: ENV });
    await allSynced(session.all);
    await editsGrow(editors, 5);
    for (const editor of editors) editor.stopEditing();
    await converged(session.all);
    await eventually(async () => expectEveryEdit(await db().load(docName!), editors, 'database'), WAIT_MS);
    expect(await next.stop()).toEqual({ code: 0, signal: null });
  });
});

/** Opens a raw connection with a valid editor token and resolves with how the server closed it. */
async function connectRaw(server: ServerProcess, docName: string): Promise<{ code: number; reason: string }> {
  const ws = new WebSocket(`${server.url}/${docName}?token=${await editorToken(docName)}`);
  ws.on('error', () => {});
  return new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
