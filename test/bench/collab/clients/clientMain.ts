/**
 * The client process: every simulated client of one workload run lives here, apart from the
 * server (own process) and the bench process (which only samples /proc). Driven over IPC
 * (./protocol.ts): start -> ready -> go -> done -> stop.
 */
import * as Y from 'yjs';
import { Samples, wallMs } from '../stats';
import { getTarget } from '../targets';
import type { BenchConnection } from '../targets/types';
import { EditingClient } from './EditingClient';
import type { ClientResult, ClientRunConfig, FromClient, ToClient } from './protocol';

/** Clients connecting at once while ramping up. */
const CONNECT_CONCURRENCY = 20;
/** Longest wait for the last receipts after the edit phase, ms. */
const DRAIN_LIMIT_MS = 30_000;
/** The drain ends early when no receipt arrived for this long, ms. */
const DRAIN_IDLE_MS = 5_000;

// Every WebsocketProvider adds a process 'exit' listener; hundreds of clients share this process.
process.setMaxListeners(0);

const send = (message: FromClient) => process.send!(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Client {
  connection: BenchConnection;
  editor: EditingClient;
}

let clients: Client[] = [];
let config: ClientRunConfig;
const latencies = new Samples();

async function connectAll(): Promise<number> {
  const target = getTarget(config.target);
  const seed = config.seedState ? Buffer.from(config.seedState, 'base64') : undefined;
  const jobs = config.docNames.flatMap((docName, d) =>
    Array.from({ length: config.clientsPerDoc }, (_, c) => ({ docName, d, c })),
  );
  const started = wallMs();
  for (let i = 0; i < jobs.length; i += CONNECT_CONCURRENCY) {
    const batch = await Promise.all(
      jobs.slice(i, i + CONNECT_CONCURRENCY).map(async ({ docName, d, c }) => {
        const doc = new Y.Doc();
        if (seed) Y.applyUpdate(doc, seed);
        const connection = await target.connect({ port: config.port, docName, doc, clientIndex: d * config.clientsPerDoc + c, ctx: config.ctx });
        await connection.ready;
        await untilLoaded(doc, config.elementIds.length);
        // Client c of a doc moves elements c, c + n, c + 2n, … (n = clients per doc).
        const owned = config.elementIds.filter((_, k) => k % config.clientsPerDoc === c);
        return { connection, editor: new EditingClient(doc, owned, latencies) };
      }),
    );
    clients.push(...batch);
  }
  return wallMs() - started;
}

/** Waits until the doc holds the seeded elements (a server may answer sync before it loaded). */
function untilLoaded(doc: Y.Doc, elements: number): Promise<void> {
  const map = doc.getMap('elements');
  if (map.size >= elements) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (map.size < elements) return;
      map.unobserve(check);
      resolve();
    };
    map.observe(check);
  });
}

async function run(): Promise<ClientResult> {
  const started = wallMs();
  for (const { editor } of clients) editor.start(config.rate);
  await sleep(config.seconds * 1000);
  for (const { editor } of clients) editor.stop();
  const editSeconds = (wallMs() - started) / 1000;

  const edits = clients.reduce((n, c) => n + c.editor.edits, 0);
  const expectedReceipts = edits * (config.clientsPerDoc - 1);
  const drainStart = wallMs();
  let lastCount = latencies.count;
  let lastChange = drainStart;
  while (latencies.count < expectedReceipts && wallMs() - drainStart < DRAIN_LIMIT_MS && wallMs() - lastChange < DRAIN_IDLE_MS) {
    await sleep(50);
    if (latencies.count !== lastCount) {
      lastCount = latencies.count;
      lastChange = wallMs();
    }
  }
  return {
    clients: clients.length,
    connectMs: 0,
    edits,
    editErrors: clients.reduce((n, c) => n + c.editor.editErrors, 0),
    editSeconds,
    expectedReceipts,
    latency: latencies.summary(),
    disconnects: clients.reduce((n, c) => n + c.connection.disconnects(), 0),
    drainMs: wallMs() - drainStart,
  };
}

let connectMs = 0;
process.on('message', (message: ToClient) => {
  const fail = (error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    setTimeout(() => process.exit(1), 100);
  };
  if (message.type === 'start') {
    config = message.config;
    connectAll().then((ms) => {
      connectMs = ms;
      send({ type: 'ready', connectMs: ms });
    }, fail);
  } else if (message.type === 'go') {
    run().then((result) => send({ type: 'done', result: { ...result, connectMs } }), fail);
  } else if (message.type === 'stop') {
    for (const { connection } of clients) connection.destroy();
    clients = [];
    setTimeout(() => process.exit(0), 200);
  }
});
