import { expect, test } from '@playwright/test';
import * as encoding from 'lib0/encoding';
import { newBuilding, openAsInvitee } from './pages/editors';

/**
 * Issue #12.2 in the browser, as a hostile editor would do it: A draws offline; B, a fresh account
 * invited as editor, reads A's Yjs client id and clock from its own copy and, from its own page,
 * opens a second connection with its own collab token and sends one GC struct of 2^40 clocks at
 * A's next clock (the edits A has not sent yet). The server refuses it (4403); A comes back online
 * and its offline drawing reaches B and the database (collab-server SPEC 22).
 */
test("a hostile editor cannot erase another user's offline edits by claiming their client id", async ({ browser }) => {
  const a = await newBuilding(browser, 'Takeover');
  const b = await openAsInvitee(browser, a, 'Mallory');
  await a.plan.drawWalls([[0, 0], [5, 0]]);
  await expect.poll(() => b.plan.elements('wall').then((w) => w.length)).toBe(1);

  await a.context.setOffline(true);
  await expect(a.building.connection).not.toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  await a.plan.drawWalls([[0, 3], [5, 3]]); // with the mouse, offline: not sent yet

  // What B can see of A: A's client id is in B's copy, and so is how far A's edits reached it.
  const aClient = await a.page.evaluate(() => (window as unknown as { __arxos: { doc: { clientID: number } } }).__arxos.doc.clientID);
  const aClock = await b.page.evaluate((client) => {
    const structs = (window as unknown as { __arxos: { doc: { store: { clients: Map<number, { id: { clock: number }; length: number }[]> } } } }).__arxos.doc.store.clients.get(client)!;
    const last = structs[structs.length - 1]!;
    return last.id.clock + last.length;
  }, aClient);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // sync
  encoding.writeVarUint(encoder, 2); // update
  const update = encoding.createEncoder();
  for (const n of [1, 1, aClient, aClock]) encoding.writeVarUint(update, n);
  encoding.writeUint8(update, 0); // a GC struct...
  encoding.writeVarUint(update, 2 ** 40); // ...of 2^40 clocks
  encoding.writeVarUint(update, 0); // no deletions
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  const frame = [...encoding.toUint8Array(encoder)];

  const closed = await b.page.evaluate(
    async ({ building, bytes }) => {
      const { token, url, docs } = (await (await fetch(`/api/collab-token?building=${building}`)).json()) as { token: string; url: string; docs: { model: string } };
      const ws = new WebSocket(`${url}/${docs.model}?token=${token}`);
      ws.binaryType = 'arraybuffer';
      return new Promise<{ code: number; reason: string }>((resolve) => {
        ws.onopen = () => ws.send(new Uint8Array(bytes));
        ws.onclose = (event) => resolve({ code: event.code, reason: event.reason });
      });
    },
    { building: a.id, bytes: frame },
  );
  expect(closed).toEqual({ code: 4403, reason: 'client id of another user' });

  await a.context.setOffline(false);
  await a.building.waitUntilLive();
  for (const side of [a, b]) await expect.poll(() => side.plan.elements('wall').then((w) => w.length), { timeout: 30_000 }).toBe(2);
  await b.page.screenshot({ path: test.info().outputPath('b-sees-a-offline-wall.png') });
  // And in the database: a fresh load has both walls.
  await b.page.reload();
  await b.building.waitUntilLive();
  await expect.poll(() => b.plan.elements('wall').then((w) => w.length)).toBe(2);
  expect(await b.building.connection.getAttribute('data-state')).toBe('live');
  await a.context.close();
  await b.context.close();
});
