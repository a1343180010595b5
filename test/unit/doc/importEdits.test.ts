/** lib/doc importEdits: an import as validated DocEdits that add new records (lib/doc README rule 11). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyDocEdits, importEdits, importOrderBase, initBuildingDoc, listStoreys, readBuilding } from '@/lib/doc';
import { docEditSchema } from '@/lib/doc/docEditSchema';
import type { Element, Storey } from '@/lib/model';

const storeys = [
  { id: 's0', name: 'Ground', elevation: 0, height: 2.7, order: 0 },
  { id: 's1', name: 'Upper', elevation: 2.7, height: 2.7, order: 1 },
] as unknown as Storey[];
const wall = { id: 'w1', kind: 'wall', storeyId: 's0', name: 'Wall', props: { 'Pset_WallCommon.IsExternal': true }, a: [0, 0], b: [5, 0], thickness: 0.3, height: 2.7, ifc: { globalId: '2O2Fr$t4X7Zf8NOew3FLOH', type: 'IfcWall' } };
const door = { id: 'd1', kind: 'door', storeyId: 's0', name: 'Door', props: {}, hostId: 'w1', offset: 1, width: 0.9, height: 2.1, sill: 0 };
const elements = [wall, door] as unknown as Element[];

function building(): Y.Doc {
  const doc = new Y.Doc();
  const meta = initBuildingDoc(doc, { name: 'Target' });
  if (!meta.ok) throw new Error(meta.error.message);
  return doc;
}

describe('importEdits', () => {
  it('adds the storeys and elements as new records, validated, props as nested maps', () => {
    const result = importEdits({ storeys, elements });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((e) => e.path.join('/'))).toEqual(['storeys/s0', 'storeys/s1', 'elements/d1', 'elements/w1']);
    for (const edit of result.value) expect(docEditSchema.safeParse(JSON.parse(JSON.stringify(edit))).success).toBe(true);
    const doc = building();
    expect(applyDocEdits(doc, result.value).applied).toBe(4);
    const snapshot = readBuilding(doc);
    expect(Object.keys(snapshot.elements).sort()).toEqual(['d1', 'w1']);
    expect(snapshot.elements.w1).toMatchObject({ props: { 'Pset_WallCommon.IsExternal': true }, ifc: { type: 'IfcWall' } });
    expect(doc.getMap('elements').get('w1')).toBeInstanceOf(Y.Map);
  });

  it('puts imported storeys above the existing ones', () => {
    expect(importOrderBase([])).toBe(0);
    expect(importOrderBase([-1, 0, 3])).toBe(4);
    const result = importEdits({ storeys, elements: [] }, { orderBase: 4 });
    if (!result.ok) throw new Error(result.error.message);
    const doc = building();
    applyDocEdits(doc, result.value);
    expect(listStoreys(doc).map((s) => [s.id, s.order])).toEqual([['s0', 4], ['s1', 5]]);
  });

  it('refuses an import lib/doc would refuse (an opening before its host, a record missing fields), producing nothing', () => {
    const hostLater = importEdits({ storeys, elements: [door, wall] as unknown as Element[] });
    expect(hostLater).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const broken = importEdits({ storeys, elements: [{ id: 'x', kind: 'wall', storeyId: 's0' }] as unknown as Element[] });
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const noStorey = importEdits({ storeys: [], elements: [wall] as unknown as Element[] });
    expect(noStorey.ok).toBe(false);
  });
});
