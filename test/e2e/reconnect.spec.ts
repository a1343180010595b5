import { expect, test } from '@playwright/test';
import { DEMO_BUILDING_ID } from '../../scripts/demoBuilding';
import { BuildingPage } from './pages/BuildingPage';

/**
 * Issue #12.4: the collaboration server refuses a connection with 4429 when a limit is reached
 * (collab-server SPEC 9-10), and the stock provider gives up after any 44xx code. The web app
 * reconnects by itself, waiting longer after each refusal (lib/protocol retryDelayMs: about 1 s,
 * 2 s, 4 s ...), instead of hammering the server. The refusals are made by intercepting the
 * page's WebSocket; after them the page reaches the real server.
 */
test('after 4429 refusals the building reconnects by itself, waiting longer each time, and is live', async ({ page }) => {
  const attempts: number[] = [];
  let refusals = 3;
  await page.routeWebSocket(/\/building\/[^/]+\/model/, (ws) => {
    attempts.push(Date.now());
    if (refusals > 0) {
      refusals--;
      void ws.close({ code: 4429, reason: 'rate limited' });
      return;
    }
    ws.connectToServer(); // from here on, frames pass both ways untouched
  });
  const building = new BuildingPage(page);
  await building.open(DEMO_BUILDING_ID);
  await building.waitUntilLive();
  expect(attempts).toHaveLength(4);
  const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
  console.log(`[reconnect] delays between attempts after 4429: ${gaps.join(', ')} ms`);
  // About 1 s, 2 s, 4 s (each +-25%, plus a token fetch): growing, and no fixed wait. Only the
  // ratios are asserted (no wall-clock bound: a loaded machine stretches every gap).
  expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
  expect(gaps[2]!).toBeGreaterThan(2 * gaps[0]!);

  // Live for real: an edit reaches the server and comes back after a reload.
  const before = await building.modelElementNames('space');
  await building.addTestRoom();
  await expect.poll(async () => (await building.modelElementNames('space')).length).toBe(before.length + 1);
  await page.reload();
  await building.waitUntilLive();
  await expect.poll(async () => (await building.modelElementNames('space')).length).toBe(before.length + 1);
});
