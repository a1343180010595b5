/**
 * A plan tool without React or a browser: a real Y.Doc, BuildingReadModel and Editor, and a
 * {@link ToolContext} over them with the view the plan would give (camera, size, storey).
 */
import * as Y from 'yjs';
import { initBuildingDoc, LocalOrigin } from '@/lib/doc';
import { planPoint, type Element, type PlanPoint, type Wall } from '@/lib/model';
import { BuildingReadModel } from '@/components/building/BuildingReadModel';
import { Editor } from '@/components/editor/Editor';
import type { Camera, ViewSize } from '@/components/plan/camera';
import { HIT_TOLERANCE_PX, toolById, type Tool } from '@/components/plan/tools';
import type { PlanViewInfo, ToolContext, ToolOverlay, ToolPointer } from '@/components/plan/tools/types';

export const P = (x: number, y: number): PlanPoint => planPoint(x, y);

/** A building with one storey, its editor, and a driver for one tool at a time. */
export function toolBench(camera: Camera = { x: 0, y: 0, zoom: 50 }) {
  const doc = new Y.Doc();
  const init = initBuildingDoc(doc, { name: 'Test' });
  if (!init.ok) throw new Error(init.error.message);
  const readModel = new BuildingReadModel(doc);
  readModel.subscribe(() => {});
  const editor = new Editor(doc, readModel, new LocalOrigin('tester'), true);
  const storeyId = editor.addNewStorey()!;
  const size: ViewSize = { width: 1000, height: 800 };
  let state: unknown;
  let current: Tool = 'select';

  const view = (): PlanViewInfo => {
    const onStorey = [...readModel.elements.values()].filter((e) => e.storeyId === editor.storeyId);
    const walls = new Map<string, Element>([...readModel.elements.values()].filter((e) => e.kind === 'wall').map((e) => [e.id, e]));
    return { camera, size, storeyId: editor.storeyId, onStorey, storeyWalls: onStorey.filter((e): e is Wall => e.kind === 'wall'), walls, tolerance: HIT_TOLERANCE_PX / camera.zoom };
  };
  const ctx = (): ToolContext<unknown> => ({
    editor,
    view: view(),
    get state() {
      return state;
    },
    setState: (next) => void (state = next),
  });
  const pointer = (e: Partial<ToolPointer> = {}): ToolPointer => ({ shiftKey: false, elementId: null, handle: null, ...e });

  const bench = {
    doc,
    editor,
    readModel,
    storeyId,
    /** Chooses a tool (its state starts afresh). */
    use(tool: Tool) {
      current = tool;
      editor.setTool(tool);
      state = toolById(tool).initial;
      return bench;
    },
    get state() {
      return state;
    },
    overlay(): ToolOverlay {
      return toolById(current).overlay?.(state as never, view()) ?? {};
    },
    down(p: PlanPoint, e?: Partial<ToolPointer>) {
      toolById(current).onPointerDown(ctx(), p, pointer(e));
      return bench;
    },
    move(p: PlanPoint, e?: Partial<ToolPointer>) {
      toolById(current).onPointerMove?.(ctx(), p, pointer(e));
      return bench;
    },
    up(p: PlanPoint, e?: Partial<ToolPointer>) {
      toolById(current).onPointerUp?.(ctx(), p, pointer(e));
      return bench;
    },
    /** A click: down, then up at the same point. */
    click(p: PlanPoint, e?: Partial<ToolPointer>) {
      return bench.down(p, e).up(p, e);
    },
    /** Keys in the commands' notation; returns whether the tool took the last one. */
    keys(...keys: string[]): boolean {
      let took = false;
      for (const key of keys) took = toolById(current).onKey?.(ctx(), key) ?? false;
      return took;
    },
    /** Types text key by key (each character one key). */
    type(text: string) {
      for (const ch of text) bench.keys(ch);
      return bench;
    },
    elements<K extends Element['kind']>(kind: K): Extract<Element, { kind: K }>[] {
      return [...readModel.elements.values()].filter((e): e is Extract<Element, { kind: K }> => e.kind === kind);
    },
    message: () => editor.getState().message,
  };
  return bench;
}

/** A wall's ends rounded to the millimetre, for comparing. */
export const ends = (w: { a: PlanPoint; b: PlanPoint }) => [w.a, w.b].map((p) => p.map((v) => Math.round(v * 1000) / 1000 + 0));
