import { startServerProcess } from '../childProcess';
import { connectYWebsocket } from '../clients/connectYWebsocket';
import type { BenchTarget } from './types';

/** Raw ws relay: forwards bytes to the other clients of the doc; the floor. */
export const relayTarget: BenchTarget = {
  name: 'relay',
  client: 'y-websocket WebsocketProvider',
  persists: 'nothing (no state at all; clients start from the seed locally)',
  stateless: true,
  coldLoad: false,
  async seed() {},
  start: (port) => startServerProcess('relay', 'test/bench/collab/servers/relayServer.ts', { PORT: String(port) }, port),
  connect: async (options) => connectYWebsocket(options, { readyOnConnect: true }),
};
