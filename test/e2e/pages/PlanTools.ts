import { expect, type Locator, type Page } from '@playwright/test';
import { PlanEditor, type ModelElement } from './PlanEditor';

/** Fields of the elements the tool tests look at, beyond the page object's {@link ModelElement}. */
export interface ToolElement extends ModelElement {
  thickness?: number;
  hostId?: string;
  offset?: number;
  width?: number;
  system?: string;
  type?: string;
  path?: string;
  rotation?: number;
  /** Equipment and objects: where they stand, metres (x, y, height). */
  position?: [number, number, number];
}

/** The dev test handle (`window.__arxos`) as {@link PlanTools.live} sees it. */
export type LiveHandle = {
  doc: { getMap(name: string): { get(id: string): { get(field: string): unknown; set(field: string, value: unknown): void } } };
  provider: { awareness: { setLocalStateField(field: string, value: unknown): void } };
  read(): unknown;
};

/** The plan editor page object with what the tool tests need on top. */
export class PlanTools extends PlanEditor {
  readonly toolbar: Locator;
  readonly storeyTabs: Locator;

  constructor(page: Page) {
    super(page);
    // The tools row and the actions row under it (tool options, undo, delete, fit …).
    this.toolbar = page.getByTestId('plan-controls');
    this.storeyTabs = page.getByTestId('storey-tab');
  }

  toolButton(name: string): Locator {
    return this.toolbar.getByRole('button', { name, exact: true });
  }

  async pick(name: string) {
    await this.toolButton(name).click();
  }

  async typed(kind?: string): Promise<ToolElement[]> {
    return (await this.elements(kind)) as ToolElement[];
  }

  async only(kind: string): Promise<ToolElement> {
    const all = await this.typed(kind);
    expect(all, `one ${kind}`).toHaveLength(1);
    return all[0]!;
  }

  /** The element drawn on the plan for a model id. */
  drawn(id: string): Locator {
    return this.plan.locator(`[data-id="${id}"]`);
  }

  /** Drags between two plan points; with `shift`, Shift is held throughout. */
  async dragWith(from: [number, number], to: [number, number], options: { shift?: boolean } = {}) {
    if (options.shift) await this.page.keyboard.down('Shift');
    await this.drag(from, to);
    if (options.shift) await this.page.keyboard.up('Shift');
  }

  /** Evaluates a function against the dev test handle (`window.__arxos`). */
  async live<T, A>(fn: (h: LiveHandle, arg: A) => T, arg: A): Promise<T> {
    return this.page.evaluate(({ body, a }) => new Function('h', 'a', `return (${body})(h, a)`)((window as unknown as { __arxos: LiveHandle }).__arxos, a) as T, { body: fn.toString(), a: arg });
  }

  /** The live doc as plain data (typed reads), for comparing two clients. */
  async snapshot(): Promise<unknown> {
    return this.live((h) => h.read(), null);
  }
}
