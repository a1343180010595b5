import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeRejection } from '@/components/building/describeRejection';
import { addElement, addStorey, initBuildingDoc } from '@/lib/doc';
import { createElement, createStorey, metres, planPoint } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** A doc with one storey and `walls` walls named North, South, … */
function building(walls: string[]) {
  const doc = new Y.Doc();
  ok(initBuildingDoc(doc, { name: 'Test' }));
  const storey = ok(createStorey({ name: 'Ground', elevation: metres(0), height: metres(3), order: 0 }));
  ok(addStorey(doc, storey));
  const ids = walls.map((name, i) => ok(addElement(doc, ok(createElement('wall', { storeyId: storey.id, name, a: planPoint(0, i), b: planPoint(4, i) })))).id);
  return { doc, ids, storeyId: storey.id };
}
/** Writes a raw field, bypassing validation (what a buggy or out-of-date client could hold). */
const forceField = (doc: Y.Doc, collection: string, id: string, field: string, value: unknown) => (doc.getMap(collection).get(id) as Y.Map<unknown>).set(field, value);

describe('describeRejection', () => {
  it('names the element the server refused and what is wrong with it, in words', () => {
    const { doc, ids } = building(['North']);
    forceField(doc, 'elements', ids[0]!, 'thickness', -0.2);
    expect(describeRejection(doc, 'invalid update')).toBe('Your offline changes could not be applied: Wall “North”: thickness must be greater than 0.');
  });

  it('names a storey too', () => {
    const { doc, storeyId } = building([]);
    forceField(doc, 'storeys', storeyId, 'height', 0);
    expect(describeRejection(doc, 'invalid update')).toBe('Your offline changes could not be applied: Storey “Ground”: height must be greater than 0.');
  });

  it('names three problems and counts the rest', () => {
    const { doc, ids } = building(['A', 'B', 'C', 'D', 'E']);
    for (const id of ids) forceField(doc, 'elements', id, 'height', -1);
    const message = describeRejection(doc, 'invalid update');
    expect(message.match(/must be greater than 0/g)).toHaveLength(3);
    expect(message).toMatch(/; and 2 more\.$/);
  });

  it("falls back on the server's reason when the local doc looks valid", () => {
    const { doc } = building(['North']);
    expect(describeRejection(doc, 'invalid update')).toBe('Your offline changes could not be applied: the server refused them (invalid update).');
  });

  it('says so when the building details themselves are broken', () => {
    const doc = new Y.Doc();
    expect(describeRejection(doc, '')).toBe('Your offline changes could not be applied: The building’s details: missing or invalid.');
  });
});
