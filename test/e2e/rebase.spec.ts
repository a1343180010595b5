import { expect, test } from '@playwright/test';
import { newBuilding, openAsDemo } from './pages/editors';

const COLLAB_PORT = Number(process.env.E2E_PORT || 3217) + 1;

/** A counter of the collaboration server's /metrics (0 when absent). */
async function collabMetric(request: { get(url: string): Promise<{ text(): Promise<string> }> }, sample: string): Promise<number> {
  const text = await (await request.get(`http://127.0.0.1:${COLLAB_PORT}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

test.describe('a document rebased while a tab was offline', () => {
  test("the tab's offline edits are carried over, it reloads the building by itself, and stays live", async ({ browser, request }) => {
    test.setTimeout(180_000);
    const a = await newBuilding(browser, 'Rebase');
    await a.plan.drawWalls([[0, 0], [5, 0]]);
    const wall = await a.plan.only('wall');
    // A long history (2,000 overwritten values), fast: in one transaction, two fields in turn.
    await a.plan.live((h, id) => {
      const element = h.doc.getMap('elements').get(id);
      (h.doc as unknown as { transact(fn: () => void): void }).transact(() => {
        for (let i = 0; i < 1_000; i++) {
          element.set('name', `Wall ${i}`);
          element.set('height', 2.5 + (i % 5) / 10);
        }
      });
    }, wall.id);
    await expect.poll(() => a.plan.only('wall').then((w) => w.name)).toBe('Wall 999');
    const rebasesBefore = await collabMetric(request, 'collab_rebases_total{result="ok"}');
    const carriedBefore = await collabMetric(request, 'collab_ended_lineage_clients_total{result="carried"}');

    // Offline: the building's room goes idle on the server, is unloaded and rebased meanwhile.
    await a.context.setOffline(true);
    await expect(a.building.connection).not.toHaveAttribute('data-state', 'live', { timeout: 20_000 });
    await a.plan.pick('Equipment');
    await a.plan.clickAt(2, 2);
    await a.plan.live((h, id) => h.doc.getMap('elements').get(id).set('name', 'Renamed offline'), wall.id);
    await expect.poll(() => collabMetric(request, 'collab_rebases_total{result="ok"}'), { timeout: 100_000, message: 'the idle building is rebased' }).toBe(rebasesBefore + 1);

    // Back online: the server carries the offline edits over and the tab reloads the building.
    await a.context.setOffline(false);
    await expect.poll(() => collabMetric(request, 'collab_ended_lineage_clients_total{result="carried"}'), { timeout: 30_000 }).toBe(carriedBefore + 1);
    await a.building.waitUntilLive();
    await a.plan.ready();
    await expect.poll(() => a.plan.typed('equipment').then((e) => e.length)).toBe(1);
    expect((await a.plan.only('wall')).name).toBe('Renamed offline');

    // Someone opening it now sees the same building, each element once.
    const b = await openAsDemo(browser, a.id);
    await expect.poll(() => b.plan.snapshot()).toEqual(await a.plan.snapshot());
    expect(await b.plan.typed('wall')).toHaveLength(1);
    expect(await b.plan.typed('equipment')).toHaveLength(1);

    // A's tab is on the new lineage: it edits live, and a reload (from its new offline copy) is not told to reload again.
    await a.plan.scrollIntoView();
    await a.plan.setCamera({ x: 3, y: 2, zoom: 50 });
    await a.plan.pick('Equipment');
    await a.plan.clickAt(4, 3);
    await expect.poll(() => b.plan.typed('equipment').then((e) => e.length)).toBe(2);
    await a.page.reload();
    await a.building.waitUntilLive();
    await a.plan.ready();
    await expect.poll(() => a.plan.typed('equipment').then((e) => e.length)).toBe(2);
    expect(await collabMetric(request, 'collab_ended_lineage_clients_total{result="carried"}')).toBe(carriedBefore + 1);
    expect(await collabMetric(request, 'collab_ended_lineage_clients_total{result="unchanged"}')).toBe(0);
    await a.context.close();
    await b.context.close();
  });
});
