/**
 * Issue #3, connection floods: 10,000 WebSocket connection attempts with a valid token from ONE
 * address (loopback), in waves, against the server process with its default limits. The per-address
 * limit (SPEC 10, `maxConnectionsPerIp`, default 100) closes the excess with 4429; the server stays
 * up, and well-behaved clients from the same address keep editing and converging meanwhile.
 *
 * test/integration/collab/hostile.test.ts covers the rule itself in-process (limit 20, 200
 * attempts at once); this adds the real process, the real default, volume and recovery between
 * waves.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_MAX_CONNECTIONS_PER_IP } from '@/lib/protocol';
import { freePort } from '../../helpers/ports';
import { eventually } from '../collab/harness';
import { snapshot } from '../collab/model';
import { editorToken } from './clients';
import { describeDurability } from './database';
import { startServerProcess, type ServerProcess } from './serverProcess';
import { converged, openSession, storedEquals, WAIT_MS } from './session';

const ATTEMPTS = 10_000;
const WAVE = 500;

/** How one raw connection attempt ended up. */
type Outcome = { admitted: WebSocket } | { closed: number } | { refused: string };

/**
 * Opens a raw connection and resolves once its fate is known: admitted (the server started the
 * sync, i.e. sent a first message), closed with a code before that, or refused (HTTP or socket error).
 */
function attempt(url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('message', () => resolve({ admitted: ws }));
    ws.once('close', (code) => resolve({ closed: code }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: `HTTP ${res.statusCode}` });
      ws.terminate();
    });
    ws.on('error', (error) => resolve({ refused: error.message }));
  });
}

async function connectionsGauge(server: ServerProcess): Promise<number> {
  return (await server.metrics()).get('collab_connections') ?? NaN;
}

describeDurability('collab server process: connection floods', describe, (db) => {
  it('10,000 connection attempts from one IP are limited with 4429 while the server keeps serving', { timeout: 180_000 }, async () => {
    // LOG_LEVEL=error: at info the server logs 3 lines per connection, which would dominate the run.
    const server = await startServerProcess({ database: db().server, port: await freePort(), logLevel: 'error' });
    const [docName] = await db().modelDocs();
    // Two well-behaved clients (an editor and an observer) from the same address hold 2 of its slots.
    const session = await openSession(server.url, docName!, 1, 3);
    const [editor] = session.editors;
    const url = `${server.url}/${docName}?token=${await editorToken(docName!)}`;
    const slots = DEFAULT_MAX_CONNECTIONS_PER_IP - session.all.length;

    const refusals = new Map<string, number>();
    let admittedTotal = 0;
    const started = Date.now();
    const testCpu0 = process.cpuUsage();
    const serverCpu0 = server.cpuSeconds();
    for (let wave = 0; wave < ATTEMPTS / WAVE; wave++) {
      const outcomes = await Promise.all(Array.from({ length: WAVE }, () => attempt(url)));
      const admitted = outcomes.flatMap((o) => ('admitted' in o ? [o.admitted] : []));
      for (const o of outcomes) {
        const key = 'closed' in o ? `close ${o.closed}` : 'refused' in o ? o.refused : undefined;
        if (key) refusals.set(key, (refusals.get(key) ?? 0) + 1);
      }
      // Exactly the free slots are admitted: the limit counts live connections per address.
      expect(admitted.length, `admitted in wave ${wave}`).toBe(slots);
      admittedTotal += admitted.length;
      // While the wave's connections are open, an edit of the well-behaved editor still goes round.
      editor!.editOnce();
      await eventually(() => expect(session.observer.stateVector()).toEqual(editor!.stateVector()), WAIT_MS);
      for (const ws of admitted) ws.close();
      await eventually(async () => expect(await connectionsGauge(server)).toBe(session.all.length), WAIT_MS);
      if (wave % 10 === 0) expect(await server.status('/healthz')).toBe(200);
    }
    const seconds = (Date.now() - started) / 1000;
    const serverCpu = server.cpuSeconds() - serverCpu0;
    const testCpu = process.cpuUsage(testCpu0);
    console.log(
      `[flood] ${ATTEMPTS} attempts in ${ATTEMPTS / WAVE} waves of ${WAVE}: ${admittedTotal} admitted, refusals ${JSON.stringify(Object.fromEntries(refusals))}; ` +
        `${seconds.toFixed(1)} s (${Math.round(ATTEMPTS / seconds)} attempts/s); CPU per attempt: server ${((serverCpu * 1000) / ATTEMPTS).toFixed(2)} ms, ` +
        `test process (clients${db().server.embedded ? ' + PGlite' : ''}) ${((testCpu.user + testCpu.system) / 1000 / ATTEMPTS).toFixed(2)} ms; server RSS ${server.rssMiB().toFixed(0)} MiB`,
    );
    expect(Object.fromEntries(refusals)).toEqual({ 'close 4429': ATTEMPTS - admittedTotal });
    const metrics = await server.metrics();
    expect(metrics.get('collab_rejected_messages_total{reason="connection_limit"}')).toBe(ATTEMPTS - admittedTotal);
    expect(await server.status('/healthz')).toBe(200);
    expect(await server.status('/readyz')).toBe(200);

    // The well-behaved clients were never disconnected, and still edit and converge.
    editor!.editOnce();
    const stateVector = await converged(session.all);
    expect(editor!.editsIn(stateVector)).toBe(editor!.edits.length);
    expect(editor!.problemsIn(snapshot(session.observer.doc))).toEqual([]);
    expect(session.all.flatMap((c) => c.closeCodes)).toEqual([]);
    await storedEquals(() => db().load(docName!), session.observer.doc);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });
});
