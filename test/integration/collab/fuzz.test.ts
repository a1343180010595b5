import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, addStorey, deleteElement, getMaps, moveElements, updateElement } from '@/lib/doc';
import { metres, planVector } from '@/lib/model';
import { docNames } from '@/lib/protocol';
import { rng } from '@/test/helpers/random';
import { caughtUp, describeCollab, eventually, type TestClient } from './harness';
import { docOf, seedBuilding, snapshot, wallRecord } from './model';

/** One random valid edit through lib/doc (which may still conflict with a concurrent edit). */
function randomEdit(doc: Y.Doc, r: ReturnType<typeof rng>, tag: string): void {
  const ids = [...getMaps(doc).elements.keys()].sort();
  const id = ids.length > 0 ? ids[r.int(ids.length)]! : undefined;
  const storeys = [...getMaps(doc).storeys.keys()].sort();
  switch (r.int(7)) {
    case 0:
    case 1:
      addElement(doc, wallRecord(`w-${tag}`, r.int(30), { storeyId: storeys[r.int(storeys.length)] ?? 'L0' }));
      break;
    case 2:
      if (id) updateElement(doc, id, { name: `name ${tag}` });
      break;
    case 3:
      if (id) moveElements(doc, [id], planVector(r.int(5) - 2, r.int(5) - 2));
      break;
    case 4:
      if (id) updateElement(doc, id, { props: { note: tag, level: r.int(5) } });
      break;
    case 5:
      if (id && r.next() < 0.5) deleteElement(doc, id);
      else if (id) updateElement(doc, id, { thickness: metres(0.1 + r.int(4) / 10) });
      break;
    case 6:
      addStorey(doc, { id: `L-${tag}`, name: tag, elevation: r.int(10), height: 3, order: r.int(10) });
      break;
  }
}

describeCollab('collab server: convergence', describe, {}, (ctx) => {
  it.each([1, 2, 3])('two clients converge after seeded concurrent random edits (seed %i)', async (seed) => {
    const r = rng(seed);
    const name = docNames.model(ctx().building());
    const clients: TestClient[] = [await ctx().client(name), await ctx().client(name)];
    await Promise.all(clients.map((c) => c.synced()));
    seedBuilding(clients[0]!.doc, ['w1', 'w2']);
    await eventually(() => expect(getMaps(clients[1]!.doc).elements.size).toBe(2));

    for (let step = 0; step < 300; step++) {
      const i = r.int(clients.length);
      const client = clients[i]!;
      const roll = r.next();
      if (roll < 0.03 && client.provider.wsconnected) client.provider.disconnect(); // edits offline for a while
      else if (roll < 0.08 && !client.provider.shouldConnect) client.provider.connect();
      else randomEdit(client.doc, r, `${seed}-${step}-${i}`);
      if (r.next() < 0.2) await new Promise((resolve) => setImmediate(resolve)); // let some messages through
    }
    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
    await Promise.all(clients.map((c) => c.synced()));

    const [a, b] = clients as [TestClient, TestClient];
    await eventually(() => expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc)));
    await caughtUp(ctx().server, name, a.doc);
    expect(snapshot(a.doc)).toEqual(snapshot(b.doc));
    expect([...a.closeCodes, ...b.closeCodes]).toEqual([]);

    await ctx().server.flush();
    expect(snapshot(docOf((await ctx().db.load(name)).state))).toEqual(snapshot(a.doc));
  });
});
