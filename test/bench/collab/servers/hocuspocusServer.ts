/**
 * @hocuspocus/server with @hocuspocus/extension-database on the bench database: `fetch` reads the
 * document's one row, `store` upserts the full encoded state (the extension calls it after the
 * server's debounce: 2 s after the last change, at most every 10 s; Hocuspocus defaults).
 * Env PORT, DATABASE_URL.
 */
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });

const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM hocuspocus_documents WHERE name = $1', [documentName]);
        return rows[0] ? new Uint8Array(rows[0].data) : null;
      },
      store: async ({ documentName, state }) => {
        await pool.query(
          'INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data',
          [documentName, Buffer.from(state)],
        );
      },
    }),
  ],
});

await server.listen();
console.log(`hocuspocus listening on ${process.env.PORT}`);
process.on('SIGTERM', () => {
  // destroy() stores every loaded document (pending debounced stores) before resolving.
  void server.destroy().then(() => pool.end()).then(() => process.exit(0));
});
