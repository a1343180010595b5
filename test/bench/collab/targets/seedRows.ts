/** Bulk writes of seed documents into the peers' tables (see database.ts). */
import * as Y from 'yjs';
import { withClient } from '../database';
import type { SeedDocument } from './types';

const BATCH = 5_000;

/** @y/websocket-server's table: the state, then each history update, one row each, in order. */
export async function seedYwsRows(dbUrl: string, docs: readonly SeedDocument[]): Promise<void> {
  await withClient(dbUrl, async (client) => {
    for (const doc of docs) {
      const rows = [doc.state, ...(doc.history ?? [])];
      for (let i = 0; i < rows.length; i += BATCH) {
        await client.query(
          `INSERT INTO yws_updates (doc_name, bytes)
           SELECT $1, b FROM unnest($2::bytea[]) WITH ORDINALITY AS t(b, o) ORDER BY o`,
          [doc.name, rows.slice(i, i + BATCH).map((u) => Buffer.from(u))],
        );
      }
    }
  });
}

/** Hocuspocus's table: one row with the full state, as its Database extension stores it. */
export async function seedHocuspocusRows(dbUrl: string, docs: readonly SeedDocument[]): Promise<void> {
  await withClient(dbUrl, async (client) => {
    for (const doc of docs) {
      await client.query(
        'INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data',
        [doc.name, Buffer.from(fullState(doc))],
      );
    }
  });
}

/** State after the history, encoded from a Y.Doc the way Hocuspocus encodes what it stores. */
export function fullState(doc: SeedDocument): Uint8Array {
  if (!doc.history?.length) return doc.state;
  const precomputed = doc.stateAfter?.(doc.history.length);
  if (precomputed) return precomputed;
  const ydoc = new Y.Doc();
  ydoc.transact(() => {
    Y.applyUpdate(ydoc, doc.state);
    for (const update of doc.history!) Y.applyUpdate(ydoc, update);
  });
  const state = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return state;
}
