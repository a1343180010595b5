import { expect, type Locator, type Page } from '@playwright/test';

/** Page object of `/buildings/[id]`. */
export class BuildingPage {
  readonly name: Locator;
  readonly elementCount: Locator;
  readonly storeyCount: Locator;
  readonly storeys: Locator;
  readonly elements: Locator;
  readonly connection: Locator;
  readonly addTestRoomButton: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('building-name');
    this.elementCount = page.getByTestId('element-count');
    this.storeyCount = page.getByTestId('storey-count');
    this.storeys = page.getByTestId('storey');
    this.elements = page.getByTestId('element');
    this.connection = page.getByTestId('connection-status');
    this.addTestRoomButton = page.getByRole('button', { name: 'Add a test room' });
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

  async open(id: string) {
    const response = await this.page.goto(`/buildings/${id}`);
    expect(response?.status(), `GET /buildings/${id}`).toBe(200);
    await expect(this.name).toBeVisible();
  }

  /** The element count the page states in its header, as a number. */
  async statedElementCount(): Promise<number> {
    return Number(await this.elementCount.innerText());
  }

  storey(name: string): Locator {
    return this.storeys.filter({ has: this.page.getByRole('heading', { name }) });
  }
}
