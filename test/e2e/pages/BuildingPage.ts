import { expect, type Locator, type Page } from '@playwright/test';

/** Page object of `/buildings/[id]`. */
export class BuildingPage {
  readonly name: Locator;
  readonly elementCount: Locator;
  readonly storeyCount: Locator;
  readonly storeys: Locator;
  readonly elements: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('building-name');
    this.elementCount = page.getByTestId('element-count');
    this.storeyCount = page.getByTestId('storey-count');
    this.storeys = page.getByTestId('storey');
    this.elements = page.getByTestId('element');
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
