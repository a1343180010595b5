/** changeRows (SPEC.md rule 24): what one transaction on a live model document changed, per record and field. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changeRows } from '@/collab-server/changeRows';
import { addElement, addStorey, deleteElement, initBuildingDoc, setMeta, updateElement, updateStorey } from '@/lib/doc';
import type { DocChangeRow } from '@/lib/db/documentStore';

const AT = new Date('2026-12-04T12:00:00Z');
const wall = (id: string, props: Record<string, string | number | boolean> = {}) => ({ id, kind: 'wall', storeyId: 'L0', name: id, props, a: [0, 0], b: [4, 0], thickness: 0.2, height: 3 });

function building(): Y.Doc {
  const doc = new Y.Doc();
  must(initBuildingDoc(doc, { name: 'House', createdAt: '2026-01-01T00:00:00Z' }));
  must(addStorey(doc, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
  must(addElement(doc, wall('w1', { fire: 'EI30' })));
  return doc;
}

/** The rows of the one transaction `change` makes. */
function rowsOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Omit<DocChangeRow, 'docName' | 'userId' | 'at'>[] {
  let rows: DocChangeRow[] = [];
  const capture = (tr: Y.Transaction) => (rows = rows.concat(changeRows(doc, tr, 'doc', 'ada', AT)));
  doc.on('afterTransaction', capture);
  doc.transact(() => change(doc));
  doc.off('afterTransaction', capture);
  for (const r of rows) expect(r).toMatchObject({ docName: 'doc', userId: 'ada', at: AT });
  return rows.map(({ collection, recordId, action, fields }) => ({ collection, recordId, action, fields }));
}

describe('changeRows', () => {
  it.each<{ name: string; change: (doc: Y.Doc) => void; rows: Omit<DocChangeRow, 'docName' | 'userId' | 'at'>[] }>([
    { name: 'nothing', change: () => {}, rows: [] },
    { name: 'one field', change: (d) => must(updateElement(d, 'w1', { thickness: 0.3 as never })), rows: [{ collection: 'elements', recordId: 'w1', action: 'update', fields: ['thickness'] }] },
    { name: 'two fields', change: (d) => must(updateElement(d, 'w1', { name: 'South', height: 2.8 as never })), rows: [{ collection: 'elements', recordId: 'w1', action: 'update', fields: ['height', 'name'] }] },
    {
      name: 'a property changed and one added: each by name',
      change: (d) => must(updateElement(d, 'w1', { props: { fire: 'EI60', acoustic: 45 } })),
      rows: [{ collection: 'elements', recordId: 'w1', action: 'update', fields: ['props.acoustic', 'props.fire'] }],
    },
    { name: 'a property removed', change: (d) => must(updateElement(d, 'w1', { props: {} })), rows: [{ collection: 'elements', recordId: 'w1', action: 'update', fields: ['props.fire'] }] },
    {
      name: 'a new element: create, with its fields and properties',
      change: (d) => must(addElement(d, wall('w2', { note: 'x' }))),
      rows: [{ collection: 'elements', recordId: 'w2', action: 'create', fields: ['a', 'b', 'height', 'id', 'kind', 'name', 'props.note', 'storeyId', 'thickness'] }],
    },
    {
      name: 'created and edited in one transaction: still a create',
      change: (d) => {
        must(addElement(d, wall('w2')));
        must(updateElement(d, 'w2', { name: 'Later' }));
      },
      rows: [{ collection: 'elements', recordId: 'w2', action: 'create', fields: ['a', 'b', 'height', 'id', 'kind', 'name', 'storeyId', 'thickness'] }],
    },
    { name: 'a deleted element', change: (d) => must(deleteElement(d, 'w1')), rows: [{ collection: 'elements', recordId: 'w1', action: 'delete', fields: [] }] },
    { name: 'the building renamed: meta', change: (d) => must(setMeta(d, { name: 'Villa' })), rows: [{ collection: 'meta', recordId: '', action: 'update', fields: ['name'] }] },
    { name: 'a storey', change: (d) => must(updateStorey(d, 'L0', { height: 3.2 as never })), rows: [{ collection: 'storeys', recordId: 'L0', action: 'update', fields: ['height'] }] },
    { name: 'a root that is not the model', change: (d) => d.getMap('scratch').set('x', 1), rows: [] },
  ])('$name', ({ change, rows }) => {
    expect(rowsOf(building(), change)).toEqual(rows);
  });

  it('attributes a remote update exactly as the local transaction that made it', () => {
    const source = building();
    const live = new Y.Doc();
    Y.applyUpdate(live, Y.encodeStateAsUpdate(source));
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    must(updateElement(source, 'w1', { name: 'Remote', props: { fire: 'EI90' } }));
    const rows = rowsOf(live, (d) => Y.applyUpdate(d, updates[0]!));
    expect(rows).toEqual([{ collection: 'elements', recordId: 'w1', action: 'update', fields: ['name', 'props.fire'] }]);
  });
});

function must<T extends { ok: boolean }>(result: T): T {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
}
