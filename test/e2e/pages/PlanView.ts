import { expect, type Locator } from '@playwright/test';
import type { Camera } from './PlanEditor';
import type { PlanTools } from './PlanTools';

/** A screen box (CSS px, page coordinates). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Screen position of a finger (CSS px, page coordinates). */
export type Finger = readonly [number, number];

export const centreOf = (b: Box): [number, number] => [b.x + b.width / 2, b.y + b.height / 2];

/**
 * What the plan shows around the elements: the camera as drawn (the plan group's transform),
 * the grid, scale bar and north arrow, and touch gestures. Wraps the {@link PlanTools} page object.
 */
export class PlanView {
  /** The group that maps plan coordinates to screen pixels. */
  readonly view: Locator;
  readonly grid: Locator;
  readonly scaleBar: Locator;
  readonly northArrow: Locator;
  readonly fitButton: Locator;
  /** The layer of drawn elements (`data-drawn` / `data-total` say how many are drawn of how many). */
  readonly layer: Locator;

  constructor(readonly plan: PlanTools) {
    const page = plan.page;
    this.view = plan.plan.getByTestId('plan-view');
    this.grid = plan.plan.getByTestId('plan-grid');
    this.scaleBar = plan.plan.getByRole('img', { name: /^Scale bar/ });
    this.northArrow = plan.plan.getByRole('img', { name: 'North arrow' });
    this.fitButton = plan.toolbar.getByRole('button', { name: 'Fit', exact: true });
    this.layer = page.getByTestId('plan-elements');
  }

  /** The camera as drawn on screen: decoded from the plan group's `matrix(z 0 0 -z tx ty)`. */
  async drawnCamera(): Promise<Camera> {
    const [transform, box] = await Promise.all([this.view.getAttribute('transform'), this.svgBox()]);
    const m = /^matrix\(([^)]+)\)$/.exec(transform ?? '');
    expect(m, `plan transform ${transform}`).not.toBeNull();
    const [z, , , minusZ, tx, ty] = m![1]!.split(/[ ,]+/).map(Number) as [number, number, number, number, number, number];
    expect(minusZ).toBeCloseTo(-z, 9);
    return { zoom: z, x: (box.width / 2 - tx) / z, y: (ty - box.height / 2) / z };
  }

  /** Expects the dev handle's camera and the drawn one to agree, and returns it. */
  async camera(): Promise<Camera> {
    const model = await this.plan.camera();
    const drawn = await this.drawnCamera();
    expect(drawn.zoom).toBeCloseTo(model.zoom, 6);
    expect(drawn.x).toBeCloseTo(model.x, 6);
    expect(drawn.y).toBeCloseTo(model.y, 6);
    return model;
  }

  async svgBox(): Promise<Box> {
    return (await this.plan.plan.boundingBox())!;
  }

  /** Screen box of the element drawn for a model id. */
  async boxOf(id: string): Promise<Box> {
    const box = await this.plan.drawn(id).boundingBox();
    expect(box, `element ${id} drawn`).not.toBeNull();
    return box!;
  }

  /** The plan point under a screen point, from the camera as drawn. */
  async planAt(sx: number, sy: number): Promise<[number, number]> {
    const [cam, box] = await Promise.all([this.drawnCamera(), this.svgBox()]);
    return [cam.x + (sx - box.x - box.width / 2) / cam.zoom, cam.y - (sy - box.y - box.height / 2) / cam.zoom];
  }

  /** Screen boxes of every drawn element. */
  private async drawnBoxes(): Promise<Box[]> {
    return this.layer.locator('[data-id]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
  }

  /** Expects no element to overlap the plan's box on screen (drawn off screen or not at all). */
  async expectNoneInView() {
    const svg = await this.svgBox();
    for (const box of await this.drawnBoxes()) {
      const overlaps = box.x < svg.x + svg.width && box.x + box.width > svg.x && box.y < svg.y + svg.height && box.y + box.height > svg.y;
      expect(overlaps, `element box ${JSON.stringify(box)} off the plan ${JSON.stringify(svg)}`).toBe(false);
    }
  }

  /** Expects every element of the storey to be drawn, each inside the plan's box on screen. */
  async expectAllInView() {
    const total = await this.layer.getAttribute('data-total');
    await expect(this.layer).toHaveAttribute('data-drawn', total!);
    const svg = await this.svgBox();
    await expect(this.layer.locator('[data-id]')).toHaveCount(Number(total));
    for (const box of await this.drawnBoxes()) {
      expect(box.x).toBeGreaterThanOrEqual(svg.x);
      expect(box.y).toBeGreaterThanOrEqual(svg.y);
      expect(box.x + box.width).toBeLessThanOrEqual(svg.x + svg.width);
      expect(box.y + box.height).toBeLessThanOrEqual(svg.y + svg.height);
    }
  }

  /**
   * Two fingers on the touch screen, through CDP: down at `from`, moved in `steps` to `to`
   * (both fingers each step), then lifted. Needs a context with `hasTouch`.
   */
  async twoFingers(from: readonly [Finger, Finger], to: readonly [Finger, Finger], steps = 8) {
    const cdp = await this.plan.page.context().newCDPSession(this.plan.page);
    const at = (t: number) => from.map((f, i) => ({ id: i, x: f[0] + (to[i]![0] - f[0]) * t, y: f[1] + (to[i]![1] - f[1]) * t, radiusX: 4, radiusY: 4, force: 1 }));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / steps) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  /** The scale bar's length on screen (its bar, without the label). */
  async scaleBarPixels(): Promise<number> {
    return (await this.scaleBar.locator('rect').first().boundingBox())!.width;
  }
}
