import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BuildingReadModel } from '@/components/building/BuildingReadModel';
import { addElement, addStorey, initBuildingDoc, moveElements, updateElement } from '@/lib/doc';
import { createElement, createStorey, planPoint, planVector } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function building() {
  const doc = new Y.Doc();
  ok(initBuildingDoc(doc, { name: 'HQ' }));
  const storey = ok(addStorey(doc, ok(createStorey({ name: 'Ground' }))));
  const rooms = [0, 1, 2].map((i) => ok(addElement(doc, ok(createElement('space', { storeyId: storey.id, name: `Room ${i}`, polygon: [planPoint(i * 5, 0), planPoint(i * 5 + 4, 0), planPoint(i * 5 + 4, 4)] })))));
  return { doc, storey, rooms };
}

describe('BuildingReadModel (the plan read model)', () => {
  it('keeps the object of every element a change did not touch, so memoised drawings skip it', () => {
    const { doc, rooms } = building();
    const readModel = new BuildingReadModel(doc);
    const stop = readModel.subscribe(() => undefined);
    const before = rooms.map((r) => readModel.elements.get(r.id));
    ok(moveElements(doc, [rooms[1]!.id], planVector(1, 0)));
    expect(readModel.elements.get(rooms[0]!.id)).toBe(before[0]);
    expect(readModel.elements.get(rooms[2]!.id)).toBe(before[2]);
    expect(readModel.elements.get(rooms[1]!.id)).not.toBe(before[1]);
    expect((readModel.elements.get(rooms[1]!.id) as unknown as { polygon: number[][] }).polygon[0]).toEqual([6, 0]);
    stop();
  });

  it('follows adds, updates and deletes, and bumps its version for each transaction', () => {
    const { doc, storey, rooms } = building();
    const readModel = new BuildingReadModel(doc);
    let calls = 0;
    const stop = readModel.subscribe(() => calls++);
    const v0 = readModel.getVersion();
    ok(updateElement(doc, rooms[0]!.id, { name: 'Kitchen' }));
    expect(readModel.elements.get(rooms[0]!.id)?.name).toBe('Kitchen');
    doc.getMap('elements').delete(rooms[2]!.id);
    expect(readModel.elements.has(rooms[2]!.id)).toBe(false);
    ok(addElement(doc, ok(createElement('wall', { storeyId: storey.id, a: planPoint(0, 0), b: planPoint(1, 0) }))));
    expect([...readModel.elements.values()].map((e) => e.kind).sort()).toEqual(['space', 'space', 'wall']);
    expect(readModel.getVersion()).toBe(v0 + 3);
    expect(calls).toBe(3);
    expect(Object.keys(readModel.snapshot()!.elements)).toHaveLength(3);
    stop();
  });

  it('stops observing the doc when nobody listens', () => {
    const { doc, rooms } = building();
    const readModel = new BuildingReadModel(doc);
    readModel.subscribe(() => undefined)();
    const v = readModel.getVersion();
    ok(updateElement(doc, rooms[0]!.id, { name: 'Unseen' }));
    expect(readModel.getVersion()).toBe(v);
  });
});
