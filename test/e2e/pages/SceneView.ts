import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { newBuilding, openAsInvitee } from './editors';

/** What `window.__arxos.scene` answers (reads of the 3D view; see components/scene/SceneContent.tsx). */
type SceneHandle = Record<string, (...args: never[]) => unknown>;

/** The 3D view of the workspace as a person uses it: the view switch, its toolbar, the canvas. */
export class SceneView {
  readonly root: Locator;
  readonly canvas: Locator;
  readonly toolbar: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('scene-view');
    this.canvas = page.getByTestId('scene-canvas').locator('canvas');
    this.toolbar = page.getByRole('toolbar', { name: '3D view' });
  }

  /** Switches the centre to `views` with the top bar's switch and waits for the scene to be built. */
  async show(views: '3D' | '2D | 3D' | '2D') {
    await this.page.getByTestId('view-switch').getByRole('radio', { name: views, exact: true }).click();
    if (views === '2D') return;
    await expect(this.canvas).toBeVisible();
    await this.page.waitForFunction(() => !!(window as unknown as { __arxos?: { scene?: unknown } }).__arxos?.scene);
  }

  /** Calls a read of the scene's test handle. */
  async call<T>(name: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(
      async ({ name, args }) => {
        const scene = (window as unknown as { __arxos: { scene: SceneHandle } }).__arxos.scene;
        return (await (scene[name] as (...a: unknown[]) => unknown)(...args)) as T;
      },
      { name, args },
    );
  }

  /** Renders a frame and waits for it (the canvas renders on demand). */
  async rendered() {
    await this.call('render');
  }

  async stats(): Promise<{ size: number; builtElements: number; lastFlushRebuilt: string[]; grows: number }> {
    return this.call('stats');
  }

  /** Screen point of an element's top (what a person clicks). */
  async screenOf(id: string): Promise<[number, number]> {
    await this.rendered();
    const at = await this.call<[number, number] | null>('screenOf', id);
    expect(at, `element ${id} in the scene`).not.toBeNull();
    return at!;
  }

  async click(id: string, options: { shift?: boolean } = {}) {
    const [x, y] = await this.screenOf(id);
    if (options.shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.click(x, y);
    if (options.shift) await this.page.keyboard.up('Shift');
  }

  async colorOf(id: string): Promise<string | undefined> {
    return this.call('colorOf', id);
  }

  async camera(): Promise<{ position: number[]; target: number[] } | null> {
    return this.call('camera');
  }

  /** Drags on the canvas from one screen point to another (orbits with the left button). */
  async drag(from: [number, number], to: [number, number]) {
    await this.page.mouse.move(...from);
    await this.page.mouse.down();
    for (let i = 1; i <= 6; i++) await this.page.mouse.move(from[0] + ((to[0] - from[0]) * i) / 6, from[1] + ((to[1] - from[1]) * i) / 6);
    await this.page.mouse.up();
  }

  /** The middle of the canvas on screen. */
  async middle(): Promise<[number, number]> {
    const box = await this.canvas.boundingBox();
    expect(box).not.toBeNull();
    return [box!.x + box!.width / 2, box!.y + box!.height / 2];
  }
}

/** A wall of the 6 x 4 m room {@link adaAndBoInARoom} draws. */
export interface RoomWall {
  id: string;
  a: [number, number];
  b: [number, number];
}

/**
 * Ada (a new account) draws a 6 x 4 m room of four walls on her new building with the wall tool
 * (south wall on plan y = 0, north on y = 4) and invites Bo as an editor, who opens it: the two
 * people of the 3D and XR tests.
 */
export async function adaAndBoInARoom(browser: Browser, title: string) {
  const ada = await newBuilding(browser, title, { newAccount: 'Ada' });
  await ada.plan.drawWalls([
    [0, 0],
    [6, 0],
    [6, 4],
    [0, 4],
    [0, 0],
  ]);
  await expect.poll(() => ada.plan.elements('wall').then((w) => w.length)).toBe(4);
  const bo = await openAsInvitee(browser, ada, 'Bo');
  const walls = (await ada.plan.typed('wall')) as unknown as RoomWall[];
  const wall = (side: 'south' | 'north' | 'east' | 'west') =>
    walls.find((w) => (side === 'south' ? w.a[1] === 0 && w.b[1] === 0 : side === 'north' ? w.a[1] === 4 && w.b[1] === 4 : side === 'east' ? w.a[0] === 6 && w.b[0] === 6 : w.a[0] === 0 && w.b[0] === 0))!;
  return { ada, bo, walls, wall };
}
