import * as Y from 'yjs';
import { BuildingReadModel } from '@/components/building/BuildingReadModel';
import { Editor } from '@/components/editor/Editor';
import { addElement, addStorey, initBuildingDoc, LocalOrigin } from '@/lib/doc';
import { createElement, createStorey, metres, planPoint, type Element, type ElementInit, type ElementKind } from '@/lib/model';

export const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** A real building doc with two storeys, its read model (subscribed, so it follows the doc) and an editor. */
export function building() {
  const doc = new Y.Doc();
  ok(initBuildingDoc(doc, { name: 'HQ' }));
  const ground = ok(addStorey(doc, ok(createStorey({ name: 'Ground', order: 0 }))));
  const upper = ok(addStorey(doc, ok(createStorey({ name: 'Upper', elevation: metres(3), order: 1 }))));
  const readModel = new BuildingReadModel(doc);
  const stop = readModel.subscribe(() => undefined);
  const editor = new Editor(doc, readModel, new LocalOrigin('u1'), true);
  const add = <K extends ElementKind>(kind: K, fields: ElementInit<K>): Element => ok(addElement(doc, ok(createElement(kind, fields)))) as Element;
  const wall = (storeyId: string, a: [number, number], b: [number, number]) => add('wall', { storeyId, name: '', a: planPoint(...a), b: planPoint(...b) } as ElementInit<'wall'>);
  return { doc, ground, upper, readModel, editor, add, wall, stop };
}

export const elementsOf = (readModel: BuildingReadModel, storeyId?: string) => [...readModel.elements.values()].filter((e) => storeyId === undefined || e.storeyId === storeyId);
