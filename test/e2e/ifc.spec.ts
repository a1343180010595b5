import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SignUpPage } from './pages/AuthPages';
import { BuildingPage } from './pages/BuildingPage';
import { openAsInvitee } from './pages/editors';
import { PlanTools } from './pages/PlanTools';
import { SceneView } from './pages/SceneView';
import { uniqueEmail } from './pages/session';

/**
 * IFC in the browser, as a person does it: pick a file, watch the progress, see the building in
 * 2D and 3D; another person with the building open sees an import arrive live; Ctrl+Z takes it
 * back as one step; Cancel writes nothing. The model is read through the test handle.
 */
const IFC = path.resolve(process.cwd(), '../shared/ifc');
const FZK = path.join(IFC, 'AC20-FZK-Haus.ifc');
const OPEN_HOUSE = path.join(IFC, 'IfcOpenHouse_IFC4.ifc');
const DUPLEX = path.join(IFC, 'duplex.ifc');

type Read = {
  storeys: Record<string, { name: string; elevation: number }>;
  elements: Record<string, { id: string; kind: string; storeyId: string; hostId?: string; asset?: string; position?: [number, number, number]; width?: number; ifc?: { globalId: string } }>;
};
const read = (page: Page) => page.evaluate(() => (window as unknown as { __arxos: { read(): Read } }).__arxos.read());
const countOf = async (page: Page, kind: string) => Object.values((await read(page)).elements).filter((e) => e.kind === kind).length;

/** Records every phase the progress bar shows, in order (a MutationObserver, so none is missed between polls). */
async function recordPhases(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __phases: string[] }).__phases = seen;
    const note = () => {
      const phase = document.querySelector('[data-testid="ifc-import-progress"]')?.getAttribute('data-phase');
      if (phase && seen.at(-1) !== phase) seen.push(phase);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
}
const phases = (page: Page) => page.evaluate(() => (window as unknown as { __phases: string[] }).__phases);

/** Clicks the drop zone ("choose one") and picks `file` in the file chooser. */
async function pick(page: Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('ifc-drop-zone').click();
  await (await chooser).setFiles(file);
}

test('a new user makes a building from AC20-FZK-Haus on /buildings, watching the progress, and sees it in 2D and 3D; a colleague sees an editor import arrive live, Ctrl+Z takes it back in one step, Cancel writes nothing', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail('ada');
  await new SignUpPage(page).goto();
  await new SignUpPage(page).signUp(`Ada ${email.slice(4, 8)}`, email, 'ifc-import-password');
  await page.goto('/buildings');
  await page.getByRole('button', { name: 'Import IFC…' }).click();
  const dialog = page.getByTestId('ifc-import');
  await expect(dialog).toBeVisible();
  await recordPhases(page);
  await pick(page, FZK);
  await expect(dialog.getByRole('progressbar')).toBeVisible();

  // The server writes it into a new building named after the file's building; the result lists the counts.
  const result = page.getByTestId('ifc-import-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  expect(await phases(page)).toEqual(['reading', 'geometry', 'writing']);
  const shown = async (kind: string) => Number(await result.locator(`[data-testid="ifc-count"][data-kind="${kind}"] dd`).textContent());
  expect([await shown('storeys'), await shown('wall'), await shown('door'), await shown('window'), await shown('slab'), await shown('space')]).toEqual([2, 13, 5, 11, 4, 7]);
  await expect(page.getByTestId('building-card').filter({ hasText: 'FZK-Haus' })).toHaveCount(1);
  await result.getByRole('button', { name: 'Open FZK-Haus' }).click();
  await page.waitForURL(/\/buildings\/[0-9a-f]{32}$/);
  const id = page.url().split('/').at(-1)!;
  await expect(page.getByTestId('building-name')).toHaveText('FZK-Haus');
  const ada = { context, page, building: new BuildingPage(page), plan: new PlanTools(page), id };
  await ada.building.waitUntilLive();
  await ada.plan.ready();
  expect(await countOf(page, 'wall')).toBe(13);
  const model = await read(page);
  expect(Object.values(model.storeys).map((s) => [s.name, s.elevation]).sort()).toEqual([
    ['Dachgeschoss', 2.7],
    ['Erdgeschoss', 0],
  ]);
  expect(Object.values(model.elements).every((e) => /^[0-3][0-9A-Za-z_$]{21}$/.test(e.ifc?.globalId ?? ''))).toBe(true);

  // In 2D: the ground floor's walls are drawn; in 3D the objects' geometry assets are loaded and drawn.
  await expect.poll(() => ada.plan.elements('wall').then((w) => w.length)).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('fzk-2d.png') });
  const scene = new SceneView(page);
  await scene.show('3D');
  const withAsset = Object.values(model.elements).filter((e) => e.asset).length;
  expect(withAsset, 'FZK-Haus: the stair, railings, beams and members are objects with their own geometry').toBe(49);
  await expect.poll(() => scene.call<{ drawn: number; boxed: number; failed: number }>('assets'), { timeout: 30_000 }).toMatchObject({ drawn: withAsset, boxed: 0, failed: 0 });
  await scene.rendered();
  await page.screenshot({ path: test.info().outputPath('fzk-3d.png') });
  await scene.show('2D');

  // Export IFC from the editor's menu: an IFC4 file with the walls under their own GlobalIds.
  await ada.building.openMenu();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export IFC' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('FZK-Haus.ifc');
  const exported = (await new Promise<Buffer>((resolve, reject) => {
    void file.createReadStream().then((stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  })).toString('utf8');
  expect(exported.startsWith('ISO-10303-21;')).toBe(true);
  expect(exported).toContain("FILE_SCHEMA(('IFC4'))");
  expect(exported.trimEnd().endsWith('END-ISO-10303-21;')).toBe(true);
  const wallIds = Object.values(model.elements).filter((e) => e.kind === 'wall').map((e) => e.ifc!.globalId);
  for (const g of wallIds) expect(exported).toMatch(new RegExp(`IFCWALL\\('${g.replace(/\$/g, '\\$')}'`));

  // Bo has the building open; Ada imports IfcOpenHouse from the editor's menu: Bo sees it arrive.
  const bo = await openAsInvitee(browser, ada, 'Bo');
  await expect.poll(() => countOf(bo.page, 'wall')).toBe(13);
  await ada.building.openMenu();
  await page.getByRole('menuitem', { name: 'Import IFC…' }).click();
  await pick(page, OPEN_HOUSE);
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => countOf(bo.page, 'wall'), { timeout: 20_000 }).toBe(17);
  expect(Object.keys((await read(bo.page)).storeys)).toHaveLength(3);
  await page.getByRole('button', { name: 'Close import ifc' }).click();
  // The editor's import saved the building as it was just before it, as a version.
  const versions = (await (await page.request.get(`/api/v1/buildings/${id}/versions`)).json()) as { versions: { label: string }[] };
  // (The first, older one: before the /buildings import of FZK-Haus into the empty building.)
  expect(versions.versions.map((v) => v.label)).toEqual([expect.stringMatching(/^Before importing “.+”$/), expect.stringMatching(/^Before importing “.+”$/)]);

  // Ctrl+Z in Ada's tab undoes the whole import in one step, for Bo too.
  await ada.plan.scrollIntoView();
  await page.keyboard.press('Control+z');
  await expect.poll(() => countOf(bo.page, 'wall')).toBe(13);
  expect(Object.keys((await read(bo.page)).storeys)).toHaveLength(2);

  // Cancel while the file is being read: nothing is written.
  await ada.building.openMenu();
  await page.getByRole('menuitem', { name: 'Import IFC…' }).click();
  await pick(page, FZK);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByTestId('ifc-import-error')).toHaveText(/cancelled; nothing was written/);
  await page.waitForTimeout(500);
  expect(await countOf(page, 'wall')).toBe(13);
  expect(await countOf(bo.page, 'wall')).toBe(13);

  // A file that is not IFC: the error in words, nothing written.
  await dialog.getByTestId('ifc-drop-zone').locator('input').setInputFiles({ name: 'photo.ifc', mimeType: 'application/octet-stream', buffer: Buffer.from('\x89PNG\r\n\x1a\n not an ifc') });
  await expect(dialog.getByTestId('ifc-import-error')).toHaveText(/photo\.ifc: .*not an IFC file/);
  expect(await countOf(page, 'wall')).toBe(13);

  // A script imports through REST with Ada's session (the built server reads it with web-ifc in
  // Node): one server-side change that both open editors receive live.
  const rest = await page.request.post(`/api/v1/buildings/${id}/import/ifc`, { data: readFileSync(OPEN_HOUSE), headers: { 'content-type': 'application/x-step', origin: new URL(page.url()).origin } });
  expect(rest.status(), await rest.text()).toBe(200);
  expect(((await rest.json()) as { counts: Record<string, number> }).counts).toMatchObject({ wall: 4, door: 1, window: 5, slab: 2 });
  await expect.poll(() => countOf(bo.page, 'wall')).toBe(17);
  await expect.poll(() => countOf(page, 'wall')).toBe(17);

  // Restoring the version the REST import saved just before it takes the import out, for both.
  const before = ((await rest.json()) as { versionBefore: { id: string } }).versionBefore;
  const restored = await page.request.post(`/api/v1/buildings/${id}/versions/${before.id}/restore`, { headers: { origin: new URL(page.url()).origin } });
  expect(restored.status(), await restored.text()).toBe(200);
  await expect.poll(() => countOf(bo.page, 'wall')).toBe(13);
  await expect.poll(() => countOf(page, 'wall')).toBe(13);
  await Promise.all([context.close(), bo.context.close()]);
});

test('a roof window from Revit: a fresh user imports duplex, finds its two skylights in the roof on the plan and in 3D, selects one with a click, moves it, deletes it and takes that back', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail('sky');
  await new SignUpPage(page).goto();
  await new SignUpPage(page).signUp(`Sky ${email.slice(4, 8)}`, email, 'ifc-roof-password');
  const origin = new URL(page.url()).origin;
  const made = await page.request.post('/api/v1/buildings', { data: { name: 'Duplex' }, headers: { origin } });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = ((await made.json()) as { building: { id: string } }).building;
  const imported = await page.request.post(`/api/v1/buildings/${id}/import/ifc`, { data: readFileSync(DUPLEX), headers: { 'content-type': 'application/x-step', origin } });
  expect(imported.status(), await imported.text()).toBe(200);
  expect(((await imported.json()) as { counts: Record<string, number> }).counts).toMatchObject({ window: 24, door: 14, wall: 57 });

  const building = new BuildingPage(page);
  const plan = new PlanTools(page);
  await building.open(id);
  await building.waitUntilLive();
  await plan.ready();
  await plan.storeyTabs.filter({ hasText: 'Roof' }).click();
  const model = await read(page);
  const skylights = Object.values(model.elements).filter((e) => e.kind === 'window' && e.position !== undefined);
  expect(skylights).toHaveLength(2);
  for (const k of skylights) expect(model.elements[k.hostId!]?.kind).toBe('slab');
  // Drawn on the Roof plan as outlines in the slab, not along a wall.
  await expect(page.locator('[data-kind="window"][data-in="slab"]')).toHaveCount(2);

  // A click in the middle of one selects it (not the roof slab under it); the panel shows its length, no offset.
  const [sky] = skylights;
  await page.keyboard.press('f');
  await plan.clickAt(sky!.position![0], sky!.position![1]);
  await expect.poll(() => plan.selection()).toEqual([sky!.id]);
  await expect(plan.properties.getByLabel('Length (m)')).toBeVisible();
  await expect(plan.properties.getByLabel('Offset (m)')).toHaveCount(0);

  // Dragged 1 m east with the pointer, it moves by its position, in the same slab.
  await plan.drag([sky!.position![0], sky!.position![1]], [sky!.position![0] + 1, sky!.position![1]]);
  await expect.poll(async () => (await read(page)).elements[sky!.id]?.position?.[0]).toBeCloseTo(sky!.position![0] + 1, 1);
  expect((await read(page)).elements[sky!.id]?.hostId).toBe(sky!.hostId);

  // In 3D it draws its Revit mesh (its asset).
  const scene = new SceneView(page);
  await scene.show('2D | 3D');
  await expect.poll(() => scene.call<{ asset: string | null } | null>('drawnAs', sky!.id).then((d) => d?.asset)).toBe(sky!.asset);
  await scene.rendered();
  await page.screenshot({ path: test.info().outputPath('duplex-roof-3d.png') });

  // Delete removes it; Ctrl+Z brings it back.
  await plan.clickAt(sky!.position![0] + 1, sky!.position![1]);
  await expect.poll(() => plan.selection()).toEqual([sky!.id]);
  await page.keyboard.press('Delete');
  await expect.poll(() => countOf(page, 'window')).toBe(23);
  await page.keyboard.press('Control+z');
  await expect.poll(() => countOf(page, 'window')).toBe(24);

  // The inventory says where each window is: the roof windows in a slab, the others in their wall by name.
  await building.openInventory();
  const inventory = page.getByTestId('inventory');
  await expect(inventory.locator(`[data-testid="element"][data-id="${sky!.id}"]`)).toContainText('· in a slab');
  const inWall = Object.values((await read(page)).elements).find((e) => e.kind === 'window' && e.position === undefined)!;
  await expect(inventory.locator(`[data-testid="element"][data-id="${inWall.id}"]`)).toContainText(/· in wall “Basic Wall:[^”]+” · sill /);
  await context.close();
});
