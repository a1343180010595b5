import { startServerProcess } from '../childProcess';
import { connectHocuspocus } from '../clients/connectHocuspocus';
import { seedHocuspocusRows } from './seedRows';
import type { BenchTarget } from './types';

/** @hocuspocus/server + @hocuspocus/extension-database, client @hocuspocus/provider. */
export const hocuspocusTarget: BenchTarget = {
  name: 'hocuspocus',
  client: '@hocuspocus/provider',
  persists: 'full encoded state, one row per doc, upserted 2 s after the last change (at most every 10 s)',
  coldLoad: true,
  seed: (ctx, docs) => seedHocuspocusRows(ctx.dbUrl, docs),
  start: (port, ctx) =>
    startServerProcess('hocuspocus', 'test/bench/collab/servers/hocuspocusServer.ts', { PORT: String(port), DATABASE_URL: ctx.dbUrl }, port),
  connect: async (options) => connectHocuspocus(options),
};
