import { expect, type Locator, type Page } from '@playwright/test';

/** What the dev test handle's plan API returns. */
export interface Camera {
  x: number;
  y: number;
  zoom: number;
}
interface PeerInfo {
  clientId: number;
  user: { id: string; name: string; color: string };
  selection: string[];
}
export interface ModelElement {
  id: string;
  kind: string;
  name: string;
  storeyId: string;
  polygon?: [number, number][];
  a?: [number, number];
  b?: [number, number];
}

/** The parts of the editor state the tests read. */
export interface EditorStateSlice {
  tool: string;
  contextMenu: { x: number; y: number; elementId: string | null } | null;
  message: { text: string; tone: 'error' | 'info' } | null;
}

type Handle = {
  read(): { elements: Record<string, ModelElement>; storeys: Record<string, { id: string; name: string; order: number }> };
  plan: {
    camera(): Camera;
    setCamera(c: Camera): void;
    storeyId(): string;
    setStorey(id: string): void;
    selection(): string[];
    peers(): PeerInfo[];
    following(): number | null;
    clientId(): number;
    planToScreen(x: number, y: number): [number, number];
    editorState(): EditorStateSlice;
  };
};

/** Page object of the plan editor on `/buildings/[id]`, driven by plan coordinates (metres). */
export class PlanEditor {
  readonly plan: Locator;
  readonly cursors: Locator;
  readonly peerSelections: Locator;
  readonly avatars: Locator;
  readonly error: Locator;
  readonly properties: Locator;

  constructor(readonly page: Page) {
    this.plan = page.getByTestId('plan');
    this.cursors = page.getByTestId('peer-cursor');
    this.peerSelections = page.getByTestId('peer-selection');
    this.avatars = page.getByTestId('avatar');
    this.error = page.getByTestId('plan-error');
    this.properties = page.getByTestId('properties-panel');
  }

  /** Waits for the plan and its dev test API. */
  async ready() {
    await expect(this.plan).toBeVisible();
    await this.page.waitForFunction(() => !!(window as unknown as { __arxos?: { plan?: unknown } }).__arxos?.plan);
    await this.scrollIntoView();
  }

  private async handle<T>(fn: (h: Handle, arg: unknown) => T, arg?: unknown): Promise<T> {
    return this.page.evaluate(({ body, a }) => new Function('h', 'a', `return (${body})(h, a)`)((window as unknown as { __arxos: Handle }).__arxos, a) as T, { body: fn.toString(), a: arg });
  }

  async tool(name: 'Select' | 'Rotate' | 'Wall' | 'Room' | 'Room from walls' | 'Door' | 'Window' | 'Equipment' | 'Measure') {
    await this.page.getByRole('toolbar', { name: 'Plan tools' }).getByRole('button', { name, exact: true }).click();
  }

  async camera(): Promise<Camera> {
    return this.handle((h) => h.plan.camera());
  }

  async setCamera(camera: Camera) {
    await this.handle((h, c) => h.plan.setCamera(c as Camera), camera);
  }

  async storeyId(): Promise<string> {
    return this.handle((h) => h.plan.storeyId());
  }

  async clientId(): Promise<number> {
    return this.handle((h) => h.plan.clientId());
  }

  async peers(): Promise<PeerInfo[]> {
    return this.handle((h) => h.plan.peers());
  }

  async following(): Promise<number | null> {
    return this.handle((h) => h.plan.following());
  }

  /** Tool, context menu and message of the shared editor state. */
  async editorState(): Promise<EditorStateSlice> {
    return this.handle((h) => h.plan.editorState());
  }

  async selection(): Promise<string[]> {
    return this.handle((h) => h.plan.selection());
  }

  /** Screen position of a plan point. */
  async screen(x: number, y: number): Promise<[number, number]> {
    return this.handle((h, p) => h.plan.planToScreen(...(p as [number, number])), [x, y]);
  }

  /** Scrolls the plan to the middle of the window (mouse input needs it on screen). */
  async scrollIntoView() {
    await this.plan.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  }

  async clickAt(x: number, y: number, options: { shift?: boolean } = {}) {
    const [sx, sy] = await this.screen(x, y);
    if (options.shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.click(sx, sy);
    if (options.shift) await this.page.keyboard.up('Shift');
  }

  async hover(x: number, y: number) {
    const [sx, sy] = await this.screen(x, y);
    await this.page.mouse.move(sx, sy, { steps: 3 });
  }

  /** Drags from one plan point to another with the select tool. */
  async drag(from: [number, number], to: [number, number]) {
    const [ax, ay] = await this.screen(...from);
    const [bx, by] = await this.screen(...to);
    await this.page.mouse.move(ax, ay);
    await this.page.mouse.down();
    await this.page.mouse.move((ax + bx) / 2, (ay + by) / 2, { steps: 4 });
    await this.page.mouse.move(bx, by, { steps: 4 });
    await this.page.mouse.up();
  }

  /** Draws a chain of walls through the points with the wall tool, then ends the chain. */
  async drawWalls(points: [number, number][]) {
    await this.tool('Wall');
    for (const [x, y] of points) await this.clickAt(x, y);
    await this.page.keyboard.press('Escape');
  }

  /** All elements of the live model (through the dev test handle). */
  async elements(kind?: string): Promise<ModelElement[]> {
    const all = await this.handle((h) => Object.values(h.read().elements));
    return kind ? all.filter((e) => e.kind === kind) : all;
  }

  async storeys(): Promise<{ id: string; name: string; order: number }[]> {
    return this.handle((h) => Object.values(h.read().storeys).sort((a, b) => a.order - b.order));
  }

  /** Sets a field in the properties panel and commits it with Enter. */
  async setProperty(label: string, value: string) {
    const input = this.properties.getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Enter');
  }
}
