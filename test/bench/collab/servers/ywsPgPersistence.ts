/**
 * A Postgres persistence for @y/websocket-server with y-leveldb's semantics (its built-in
 * `YPERSISTENCE` persistence), so the reference server persists to the same database as the others:
 * - every document update is stored as its own row as it happens (y-leveldb `storeUpdate`);
 * - loading applies all stored rows; with more than 500 rows (y-leveldb `PREFERRED_TRIM_SIZE`) the
 *   merged state replaces them in one transaction (y-leveldb `flushDocument`);
 * - `writeState` (last client left) does nothing, as in y-leveldb.
 * Like the reference server, `bindState` is not awaited before clients sync (its known race).
 */
import pg from 'pg';
import * as Y from 'yjs';

/** y-leveldb's PREFERRED_TRIM_SIZE. */
const TRIM_SIZE = 500;

export interface YwsPersistence {
  bindState(docName: string, ydoc: Y.Doc): Promise<void>;
  writeState(docName: string, ydoc: Y.Doc): Promise<void>;
}

export function createPgPersistence(pool: pg.Pool, onError: (error: unknown, docName: string) => void): YwsPersistence {
  const store = (docName: string, update: Uint8Array) =>
    pool.query('INSERT INTO yws_updates (doc_name, bytes) VALUES ($1, $2)', [docName, Buffer.from(update)]).catch((e: unknown) => onError(e, docName));

  return {
    async bindState(docName, ydoc) {
      const { rows } = await pool.query<{ id: string; bytes: Buffer }>('SELECT id, bytes FROM yws_updates WHERE doc_name = $1 ORDER BY id', [docName]);
      const persisted = new Y.Doc();
      persisted.transact(() => {
        for (const row of rows) Y.applyUpdate(persisted, row.bytes);
      });
      if (rows.length > TRIM_SIZE) await trim(pool, docName, Y.encodeStateAsUpdate(persisted), rows[rows.length - 1]!.id);
      Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(persisted));
      persisted.destroy();
      ydoc.on('update', (update: Uint8Array) => void store(docName, update));
    },
    async writeState() {},
  };
}

async function trim(pool: pg.Pool, docName: string, state: Uint8Array, lastId: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO yws_updates (doc_name, bytes) VALUES ($1, $2)', [docName, Buffer.from(state)]);
    await client.query('DELETE FROM yws_updates WHERE doc_name = $1 AND id <= $2', [docName, lastId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
