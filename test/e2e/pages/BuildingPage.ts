import { expect, type Locator, type Page } from '@playwright/test';
import { signInAsDemo } from './session';

/** Page object of `/buildings/[id]`. */
export class BuildingPage {
  readonly name: Locator;
  readonly role: Locator;
  readonly elementCount: Locator;
  readonly storeyCount: Locator;
  readonly storeys: Locator;
  readonly elements: Locator;
  readonly connection: Locator;
  readonly addTestRoomButton: Locator;
  readonly sharing: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('building-name');
    this.role = page.getByTestId('building-role');
    this.elementCount = page.getByTestId('element-count');
    this.storeyCount = page.getByTestId('storey-count');
    this.storeys = page.getByTestId('storey');
    this.elements = page.getByTestId('element');
    this.connection = page.getByTestId('connection-status');
    // In the top bar's menu, which keeps it in the page while closed: found even when hidden.
    this.addTestRoomButton = page.getByRole('button', { name: 'Add a test room', includeHidden: true });
    this.sharing = page.getByTestId('sharing-panel');
  }

  /** Waits until the live document has synced with the collaboration server. */
  async waitUntilLive() {
    await expect(this.connection).toHaveAttribute('data-state', 'live');
  }

  /** Names of the elements of one kind, read from the live doc through the dev test handle. */
  async modelElementNames(kind: string): Promise<string[]> {
    return this.page.evaluate((k) => {
      const handle = (window as unknown as { __arxos: { read(): { elements: Record<string, { kind: string; name: string }> } } }).__arxos;
      return Object.values(handle.read().elements)
        .filter((e) => e.kind === k)
        .map((e) => e.name)
        .sort();
    }, kind);
  }

  /** The live model's meta, read through the dev test handle. */
  async modelMeta(): Promise<{ name: string; address: string }> {
    return this.page.evaluate(() => (window as unknown as { __arxos: { read(): { meta: { name: string; address: string } } } }).__arxos.read().meta);
  }

  /**
   * Writes the model's meta.address straight into the live Y.Doc, bypassing the UI (what a
   * modified client could send). The server must drop it unless the role may write the model.
   */
  async forceAddress(address: string) {
    await this.page.evaluate((value) => {
      const handle = (window as unknown as { __arxos: { doc: { getMap(name: string): { set(key: string, value: unknown): void } } } }).__arxos;
      handle.doc.getMap('meta').set('address', value);
    }, address);
  }

  /**
   * Opens the building page. Signed out, the app sends the browser to sign in; then this signs
   * the context in as the seeded demo user and opens the page again (the demo building's owner).
   */
  async open(id: string) {
    let response = await this.page.goto(`/buildings/${id}`);
    if (new URL(this.page.url()).pathname === '/login') {
      await signInAsDemo(this.page);
      response = await this.page.goto(`/buildings/${id}`);
    }
    expect(response?.status(), `GET /buildings/${id}`).toBe(200);
    await expect(this.name).toBeVisible();
  }

  /** The element count the inventory states, as a number (opens the inventory). */
  async statedElementCount(): Promise<number> {
    await this.openInventory();
    return Number(await this.elementCount.innerText());
  }

  storey(name: string): Locator {
    return this.storeys.filter({ has: this.page.getByRole('heading', { name }) });
  }

  /** Opens the sharing panel (owners): the top bar's Share button. */
  async openSharing() {
    if (!(await this.sharing.isVisible())) await this.page.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(this.sharing).toBeVisible();
  }

  /** Closes the sharing dialog (it is modal: the plan takes no pointer input while it is open). */
  async closeSharing() {
    if (await this.sharing.isVisible()) await this.page.getByRole('button', { name: 'Close share and people' }).click();
    await expect(this.sharing).toBeHidden();
  }

  /** Opens the top bar's "⋯" menu (inventory, shortcuts, dev tools). */
  async openMenu() {
    const menu = this.page.getByTestId('workspace-menu');
    if (!(await menu.isVisible())) await this.page.getByRole('button', { name: 'More', exact: true }).click();
    await expect(menu).toBeVisible();
  }

  /** Opens the inventory (every storey and element, with the counts) from the top bar's menu. */
  async openInventory() {
    const inventory = this.page.getByTestId('inventory');
    if (await inventory.isVisible()) return;
    await this.openMenu();
    await this.page.getByRole('menuitem', { name: /^Inventory/ }).click();
    await expect(inventory).toBeVisible();
  }

  /** Clicks the dev tools' "Add a test room" (in the top bar's menu). */
  async addTestRoom() {
    await this.openMenu();
    await this.addTestRoomButton.click();
  }

  /**
   * Adds a storey through the storey panel; below 1024 px the panel is a drawer, opened from the
   * top bar for this and closed again.
   */
  async addStorey() {
    const add = this.page.getByRole('button', { name: '+ Storey' });
    const drawer = this.page.getByRole('button', { name: 'Storeys and elements', exact: true });
    const opened = !(await add.isVisible());
    if (opened) await drawer.click();
    await add.click();
    if (opened) await drawer.click();
  }

  /** Invites (or sets the role of) a person by email, through the sharing panel. */
  async invite(email: string, role: 'owner' | 'editor' | 'commenter' | 'viewer') {
    await this.openSharing();
    const form = this.page.getByRole('form', { name: 'Invite' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Invite role').selectOption(role);
    await form.getByRole('button', { name: 'Invite' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: /Invitation saved|Access updated/ })).toBeVisible();
  }

  /** Creates a share link and returns its URL (shown once). */
  async createShareLink(role: 'editor' | 'commenter' | 'viewer', options: { allowGuests?: boolean } = {}): Promise<string> {
    await this.openSharing();
    const form = this.page.getByRole('form', { name: 'New share link' });
    await form.getByLabel('Link role').selectOption(role);
    await form.getByLabel('Allow guests').setChecked(options.allowGuests ?? false);
    const shown = this.page.getByTestId('share-link-url');
    const previous = (await shown.count()) > 0 ? await shown.inputValue() : '';
    await form.getByRole('button', { name: 'Create link' }).click();
    await expect(shown).not.toHaveValue(previous);
    await expect(shown).toHaveValue(/\/s\/[A-Za-z0-9_-]{43}$/);
    return shown.inputValue();
  }

  /** Revokes the newest active share link. */
  async revokeNewestShareLink() {
    await this.openSharing();
    const active = this.page.locator('[data-testid="share-link"][data-state="active"]');
    const count = await active.count();
    await active.first().getByRole('button', { name: 'Revoke' }).click();
    await expect(active).toHaveCount(count - 1);
  }
}
