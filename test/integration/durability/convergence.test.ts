/**
 * Issue #3, convergence: many stock y-websocket clients make seeded random edits through lib/doc
 * (add, move, update, delete of elements, on each other's elements too) with random small
 * delays, against the server as a real process; all copies and the database end up identical.
 * The interleaving varies between runs; the choices of each client are fixed by the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addElement, deleteElement, getMaps, moveElements, updateElement } from '@/lib/doc';
import { metres, planVector } from '@/lib/model';
import { eventually } from '../collab/harness';
import { seedBuilding, snapshot, wallRecord } from '../collab/model';
import { connectClient, rng, type Client, type Rng } from './clients';
import { describeDurability, type DurabilityDatabase } from './database';
import { startServerProcess, type ServerProcess } from './serverProcess';
import { converged, storedEquals, WAIT_MS } from './session';

/** One random edit of `client` through lib/doc; refusals (e.g. the element was deleted meanwhile) are fine. */
function randomEdit(doc: Y.Doc, r: Rng, tag: string): void {
  const ids = [...getMaps(doc).elements.keys()].sort();
  const id = ids.length > 0 ? ids[r.int(ids.length)]! : undefined;
  const roll = r.int(10);
  if (!id || roll < 3) addElement(doc, wallRecord(`w-${tag}`, r.int(40)));
  else if (roll < 5) moveElements(doc, [id], planVector(r.int(5) - 2, r.int(5) - 2));
  else if (roll < 6) updateElement(doc, id, { name: `name ${tag}` });
  else if (roll < 7) updateElement(doc, id, { props: { note: tag, level: r.int(5) } });
  else if (roll < 8) updateElement(doc, id, { thickness: metres(0.1 + r.int(4) / 10) });
  else if (ids.length > 3) deleteElement(doc, id);
  else updateElement(doc, id, { height: metres(2 + r.int(3)) });
}

/** Sleeps 0-3 ms (chosen by `r`), or just yields to pending I/O. */
function smallDelay(r: Rng): Promise<void> {
  const ms = r.int(5) - 1;
  return new Promise((resolve) => (ms < 0 ? setImmediate(resolve) : setTimeout(resolve, ms)));
}

/**
 * `clientCount` clients on a new building make `opsPerClient` seeded random edits each,
 * concurrently; then every copy (all clients, and the database once the server wrote it) must be
 * the same document. Returns the number of elements at the end.
 */
async function fuzz(server: ServerProcess, db: DurabilityDatabase, clientCount: number, opsPerClient: number, seed: number): Promise<number> {
  const [docName] = await db.modelDocs();
  const clients: Client[] = [];
  for (let i = 0; i < clientCount; i++) clients.push(await connectClient(server.url, docName!));
  await Promise.all(clients.map((c) => c.synced()));
  seedBuilding(clients[0]!.doc, ['w1', 'w2', 'w3']);
  await eventually(() => clients.forEach((c) => expect(getMaps(c.doc).elements.size).toBe(3)), WAIT_MS);

  await Promise.all(
    clients.map(async (client, i) => {
      const r = rng(seed * 1_000 + i);
      for (let step = 0; step < opsPerClient; step++) {
        randomEdit(client.doc, r, `${seed}-${i}-${step}`);
        await smallDelay(r);
      }
    }),
  );

  await converged(clients);
  await storedEquals(() => db.load(docName!), clients[0]!.doc);
  const building = snapshot(clients[0]!.doc);
  expect(clients.flatMap((c) => c.closeCodes)).toEqual([]);
  for (const client of clients) client.destroy();
  return Object.keys(building.elements).length;
}

describeDurability('collab server process: convergence', describe, (db) => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ database: db().server });
  });
  afterAll(async () => {
    if (server) expect(await server.stop()).toEqual({ code: 0, signal: null });
  });

  it('twenty clients converge after concurrent random edits', async () => {
    const elements = await fuzz(server, db(), 20, 40, 7);
    console.log(`[fuzz] 20 clients x 40 edits (seed 7): converged on ${elements} elements`);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('two clients converge after concurrent random edits (seed %i)', async (seed) => {
    await fuzz(server, db(), 2, 150, seed);
  });
});
