import { startServerProcess } from '../childProcess';
import { connectYWebsocket } from '../clients/connectYWebsocket';
import { seedYwsRows } from './seedRows';
import type { BenchTarget } from './types';

/** @y/websocket-server 0.1.1, the reference server, with y-leveldb-style persistence to Postgres. */
export const yWebsocketServerTarget: BenchTarget = {
  name: 'y-websocket-server',
  client: 'y-websocket WebsocketProvider',
  persists: 'every update as its own row (INSERT per update, y-leveldb semantics); merged into one row on load past 500 rows',
  coldLoad: true,
  seed: (ctx, docs) => seedYwsRows(ctx.dbUrl, docs),
  start: (port, ctx) =>
    startServerProcess('y-websocket-server', 'test/bench/collab/servers/yWebsocketServer.ts', { PORT: String(port), DATABASE_URL: ctx.dbUrl }, port),
  connect: async (options) => connectYWebsocket(options),
};
