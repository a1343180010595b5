import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Editor } from './pages/editors';
import { newBuilding, openAsInvitee } from './pages/editors';
import { SceneView } from './pages/SceneView';

/**
 * Version history and who changed what (issue #17 points 2-5), as a person uses them: draw a
 * wall, save it as version "v1" on the History page, rename the wall, compare v1 with now, restore
 * v1 (the live model is back to v1's state), read the activity feed; a colleague changes the same
 * wall and the owner's properties panel names both of them. The model is read through the test handle.
 */

/** Page object of `/buildings/[id]/history`. */
class HistoryPage {
  readonly versions: Locator;
  readonly activity: Locator;
  constructor(readonly page: Page) {
    this.versions = page.getByRole('list', { name: 'Versions' });
    this.activity = page.getByRole('list', { name: 'Activity' });
  }

  /** Opens it from the building's "⋯" menu. */
  async openFrom(editor: Editor) {
    await editor.building.openMenu();
    await this.page.getByRole('menuitem', { name: /^History/ }).click();
    await this.page.waitForURL(`**/buildings/${editor.id}/history`);
    await expect(this.page.getByRole('heading', { name: /^History/, level: 1 })).toBeVisible();
  }

  version(label: string): Locator {
    return this.versions.getByRole('listitem', { name: label, exact: true });
  }

  async save(label: string) {
    const form = this.page.getByRole('form', { name: 'Save version' });
    await form.getByLabel('Label').fill(label);
    await form.getByRole('button', { name: 'Save version' }).click();
    await expect(this.version(label)).toBeVisible();
  }

  /** Opens the comparison of a version with now and returns its list of changes. */
  async compareWithNow(label: string): Promise<Locator> {
    await this.version(label).getByRole('button', { name: 'Compare with now' }).click();
    const changes = this.page.getByRole('list', { name: `Changes from ${label} to now` });
    await expect(changes).toBeVisible();
    return changes;
  }

  async restore(label: string) {
    await this.version(label).getByRole('button', { name: 'Restore' }).click();
    const dialog = this.page.getByRole('dialog', { name: `Restore “${label}”?` });
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await expect(dialog).toBeHidden();
  }

  /** Back to the live building, with the plan ready and the camera where the tests expect it. */
  async backTo(editor: Editor) {
    await this.page.getByRole('link', { name: '← Back to the building' }).click();
    await this.page.waitForURL(`**/buildings/${editor.id}`);
    await editor.building.waitUntilLive();
    await editor.plan.ready();
    await editor.plan.setCamera({ x: 3, y: 2, zoom: 50 });
  }
}

const elementHistory = (editor: Editor) => editor.plan.properties.getByRole('list', { name: 'Element history' });

test('a user saves a version, changes a wall, compares and restores it, reads the activity; a colleague edits the wall and its history names both', async ({ browser }) => {
  test.setTimeout(180_000);
  const ada = await newBuilding(browser, 'History', { newAccount: 'Ada' });
  const adaName = (await ada.page.getByTestId('signed-in-as').textContent())!;
  await ada.plan.drawWalls([[0, 0], [4, 0]]);
  const drawn = await ada.plan.only('wall');
  // The properties panel's history: the server has recorded who drew the wall.
  await ada.plan.clickAt(2, 0);
  await expect(elementHistory(ada)).toContainText(`${adaName} created`);

  // History: save the building as "v1".
  const history = new HistoryPage(ada.page);
  await history.openFrom(ada);
  await history.save('v1');
  await expect(history.version('v1')).toContainText(`by ${adaName}`);

  // Back in the building: rename the wall.
  await history.backTo(ada);
  await ada.plan.clickAt(2, 0);
  await ada.plan.setProperty('Name', 'South wall');
  await expect.poll(() => ada.plan.only('wall').then((w) => w.name)).toBe('South wall');
  await expect(elementHistory(ada)).toContainText(`${adaName} changed name`);

  // Compare v1 with now: the wall, changed, with its name before and after.
  await history.openFrom(ada);
  const changes = await history.compareWithNow('v1');
  const row = changes.locator(`[data-testid="diff-row"][data-id="${drawn.id}"]`);
  await expect(row).toHaveAttribute('data-change', 'changed');
  await expect(row).toContainText('Wall “South wall”');
  await expect(row.getByTestId('diff-field')).toHaveText(['name: “Wall” → “South wall”']);
  await expect(changes.getByTestId('diff-row')).toHaveCount(1);

  // Show on the plan: the building with the comparison drawn over it — the wall amber, its old
  // outline dashed — and a banner with the counts; Close comparison takes it away.
  await history.version('v1').getByRole('link', { name: 'Show on the plan' }).click();
  await ada.page.waitForURL(`**/buildings/${ada.id}?compare=*`);
  await ada.building.waitUntilLive();
  await ada.plan.ready();
  const banner = ada.page.getByTestId('compare-banner');
  await expect(banner).toContainText('Compared with “v1”: 0 added, 0 removed, 1 changed');
  const overlay = ada.page.getByTestId('compare-overlay');
  await expect(overlay.locator(`[data-testid="compare-changed"][data-id="${drawn.id}"]`)).toHaveCount(1);
  await expect(overlay.locator(`[data-testid="compare-was"][data-id="${drawn.id}"]`)).toHaveCount(1);
  await expect(overlay.locator('[data-testid="compare-added"], [data-testid="compare-removed"]')).toHaveCount(0);
  // In 3D: the wall drawn amber, and its old shape as an outlined ghost.
  const scene = new SceneView(ada.page);
  await scene.show('2D | 3D');
  await expect.poll(() => scene.colorOf(drawn.id)).toBe('#d97706');
  await expect.poll(() => scene.call<string[]>('ghosts')).toEqual([`ghost-was-${drawn.id}`]);
  await ada.page.screenshot({ path: test.info().outputPath('compare-on-plan.png') });
  await banner.getByRole('button', { name: 'Close comparison' }).click();
  await expect.poll(() => scene.call<string[]>('ghosts')).toEqual([]);
  await expect.poll(() => scene.colorOf(drawn.id)).not.toBe('#d97706');
  await scene.show('2D');
  await expect(banner).toHaveCount(0);
  await expect(overlay).toHaveCount(0);
  expect(new URL(ada.page.url()).searchParams.get('compare')).toBeNull();
  await history.openFrom(ada);

  // Restore v1: a version of the state before it appears, and comparing v1 with now finds nothing.
  await history.restore('v1');
  await expect(ada.page.getByRole('status').filter({ hasText: 'Restored “v1”' })).toBeVisible();
  await expect(history.version('Before restoring “v1”')).toBeVisible();
  await expect(history.version('Before restoring “v1”')).toContainText(`by ${adaName}`);
  await expect(history.versions.getByRole('listitem')).toHaveCount(2);
  await history.version('v1').getByRole('button', { name: 'Compare with now' }).click();
  await expect(history.version('v1').getByText('No changes since this version.')).toBeVisible();

  // The activity feed: Ada's changes, newest first (the restore's rename back is the newest).
  await expect(history.activity.getByRole('listitem').first()).toHaveText(new RegExp(`^${adaName} changed name of wall “Wall”`));
  await expect(history.activity).toContainText(`${adaName} created wall “Wall”`);
  await expect(history.activity.getByRole('listitem').filter({ hasText: `${adaName} changed name of wall “Wall”` })).toHaveCount(2);
  await expect(history.activity).toContainText(`${adaName} created storey`);

  await ada.page.screenshot({ path: test.info().outputPath('history-page.png'), fullPage: true });
  // The live model, read through the test handle, is v1's again.
  await history.backTo(ada);
  await expect.poll(() => ada.plan.only('wall')).toEqual(drawn);

  // Bo, invited as an editor, makes the wall thicker while Ada has it selected.
  await ada.plan.clickAt(2, 0);
  await expect(elementHistory(ada)).toContainText(`${adaName} created`);
  const bo = await openAsInvitee(browser, ada, 'Bo');
  await bo.plan.setCamera({ x: 3, y: 2, zoom: 50 });
  await bo.plan.clickAt(2, 0);
  await bo.plan.setProperty('Thickness (m)', '0.3');
  await expect.poll(() => ada.plan.only('wall').then((w) => (w as { thickness?: number }).thickness)).toBe(0.3);

  // Ada's properties panel names both: Bo for the thickness, Ada for the name and the wall itself.
  const items = elementHistory(ada).getByRole('listitem');
  await expect(items.first()).toContainText(`${bo.name} changed thickness`);
  await expect(elementHistory(ada)).toContainText(`${adaName} changed name`);
  await expect(elementHistory(ada)).toContainText(`${adaName} created`);

  await ada.page.screenshot({ path: test.info().outputPath('element-history.png') });
  await bo.context.close();
  await ada.context.close();
});
