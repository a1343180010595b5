import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addConnection,
  addElement,
  addStorey,
  deleteConnection,
  deleteElement,
  deleteStorey,
  initBuildingDoc,
  listElements,
  listStoreys,
  LocalOrigin,
  moveElements,
  ORIGIN,
  readBuilding,
  readBuildingReport,
  readElement,
  readMeta,
  setMeta,
  transact,
  updateElement,
  updateStorey,
  loadSnapshot,
} from '@/lib/doc';
import { metres, planPoint, planVector, type Wall } from '@/lib/model';
import { fixtureDoc, stateOf } from './helpers';

const newWall = (id: string, extra: Partial<Wall> = {}) => ({
  id,
  kind: 'wall',
  storeyId: 'L0',
  name: 'New',
  props: {},
  a: [10, 0],
  b: [14, 0],
  thickness: 0.2,
  height: 3,
  ...extra,
});

/** Records every transaction's origin and changed element fields. */
function recordTransactions(doc: Y.Doc) {
  const log: { origin: unknown; fields: string[] }[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    const fields: string[] = [];
    tr.changed.forEach((keys, type) => {
      if (type instanceof Y.Map && type !== doc.getMap('elements')) keys.forEach((k) => k !== null && fields.push(k));
    });
    log.push({ origin: tr.origin, fields: fields.sort() });
  });
  return log;
}

describe('initialising and reading', () => {
  it('creates meta at the current schema version', () => {
    const doc = new Y.Doc();
    const result = initBuildingDoc(doc, { name: 'HQ', createdAt: '2024-02-01T00:00:00Z' });
    expect(result.ok).toBe(true);
    expect(readMeta(doc)).toEqual({ schemaVersion: 1, name: 'HQ', address: '', units: 'm', north: 0, createdAt: '2024-02-01T00:00:00Z' });
    expect(readBuilding(doc)).toMatchObject({ storeys: {}, elements: {}, connections: {} });
  });

  it('refuses to initialise twice', () => {
    const doc = fixtureDoc();
    expect(initBuildingDoc(doc, { name: 'Again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('throws a clear error when reading a doc without meta', () => {
    expect(() => readBuilding(new Y.Doc())).toThrow(/no valid meta/);
  });

  it('lists elements by storey and kind, sorted by id', () => {
    const doc = fixtureDoc();
    expect(listElements(doc, { storeyId: 'L0', kind: 'wall' }).map((e) => e.id)).toEqual(['w1', 'w2', 'w3', 'w4']);
    expect(listElements(doc, { kind: 'equipment' }).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(listElements(doc, { storeyId: 'L1' }).map((e) => e.id)).toEqual(['e3', 'w5']);
    expect(listStoreys(doc).map((s) => s.id)).toEqual(['L0', 'L1']);
  });

  it('leaves invalid stored records out of typed reads and reports them', () => {
    const doc = fixtureDoc();
    (doc.getMap('elements').get('w2') as Y.Map<unknown>).set('thickness', -1); // e.g. a bad peer
    expect(readElement(doc, 'w2')).toBeUndefined();
    const report = readBuildingReport(doc);
    expect(report.snapshot.elements.w2).toBeUndefined();
    expect(report.invalid).toEqual([expect.objectContaining({ collection: 'elements', id: 'w2' })]);
    expect(report.invalid[0]?.error.message).toContain('wall.thickness: must be greater than 0');
  });
});

describe('validated writes', () => {
  it('adds a valid element with the local origin by default', () => {
    const doc = fixtureDoc();
    const log = recordTransactions(doc);
    const result = addElement(doc, newWall('w9'));
    expect(result.ok).toBe(true);
    expect(readElement(doc, 'w9')).toMatchObject({ a: [10, 0], b: [14, 0] });
    expect(log).toHaveLength(1);
    expect(log[0]?.origin).toBe(ORIGIN.local);
    expect(doc.getMap('elements').get('w9')).toBeInstanceOf(Y.Map);
    expect((doc.getMap('elements').get('w9') as Y.Map<unknown>).get('props')).toBeInstanceOf(Y.Map);
  });

  it.each([
    { name: 'a zero-thickness wall', input: newWall('w9', { thickness: metres(0) }), code: 'invalid', message: 'wall.thickness: must be greater than 0' },
    { name: 'a NaN coordinate', input: newWall('w9', { a: [Number.NaN, 0] as never }), code: 'invalid', message: 'wall.a[0]: must be a finite number' },
    { name: 'an unknown field', input: { ...newWall('w9'), colour: 'red' }, code: 'invalid', message: 'wall.colour: is not a known field' },
    { name: 'a duplicate id', input: newWall('w1'), code: 'conflict', message: 'element "w1" already exists' },
    { name: 'a missing storey', input: newWall('w9', { storeyId: 'L7' }), code: 'invalid', message: 'wall.storeyId: The storey it is on does not exist (it may have been deleted)' },
    {
      name: 'a door on a missing wall',
      input: { id: 'd9', kind: 'door', storeyId: 'L0', name: '', props: {}, hostId: 'zz', offset: 0, width: 1, height: 2, sill: 0 },
      code: 'invalid',
      message: 'door.hostId: The wall or slab this door sits in does not exist (it may have been deleted)',
    },
    {
      name: 'a door that does not fit its wall',
      input: { id: 'd9', kind: 'door', storeyId: 'L0', name: '', props: {}, hostId: 'w2', offset: 3.5, width: 1, height: 2, sill: 0 },
      code: 'invalid',
      message: 'door.offset: A 1.00 m door 3.50 m from the wall’s start runs past the end of this 4.00 m wall (at most 3.00 m from the start)',
    },
    { name: 'garbage', input: 'wall', code: 'invalid', message: 'element: must be an object' },
  ])('rejects $name with a typed error and leaves the doc unchanged', ({ input, code, message }) => {
    const doc = fixtureDoc();
    const before = stateOf(doc);
    const result = addElement(doc, input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toContain(message);
      expect(result.error.issues.length).toBeGreaterThan(0);
    }
    expect(stateOf(doc)).toEqual(before);
  });

  it('updates only the fields that changed', () => {
    const doc = fixtureDoc();
    const log = recordTransactions(doc);
    const result = updateElement(doc, 'w1', { name: 'South façade', thickness: metres(0.2), height: metres(3.2) });
    expect(result.ok && result.value).toMatchObject({ name: 'South façade', height: 3.2 });
    expect(log).toEqual([{ origin: ORIGIN.local, fields: ['height', 'name'] }]);
  });

  it('syncs props key by key', () => {
    const doc = fixtureDoc();
    expect(updateElement(doc, 'w3', { props: { fireRating: 'EI60', acoustic: true } }).ok).toBe(true);
    const props = (doc.getMap('elements').get('w3') as Y.Map<unknown>).get('props') as Y.Map<unknown>;
    expect(props.toJSON()).toEqual({ fireRating: 'EI60', acoustic: true });
  });

  it.each([
    { name: 'an unknown id', id: 'nope', patch: { name: 'x' }, code: 'not_found', message: 'element "nope" does not exist' },
    { name: 'a kind change', id: 'w1', patch: { kind: 'space' }, code: 'invalid', message: 'wall.kind: cannot be changed' },
    { name: 'a degenerate wall', id: 'w1', patch: { b: planPoint(0, 0) }, code: 'invalid', message: 'wall.b: must not be the same point as the other end' },
    { name: 'a wall too short for its door', id: 'w1', patch: { b: planPoint(1.5, 0) }, code: 'invalid', message: 'wall: The 0.90 m door in this wall would no longer fit' },
    { name: 'a wall moved to another storey than its door', id: 'w1', patch: { storeyId: 'L1' }, code: 'invalid', message: 'wall: The 0.90 m door in this wall would be left on another storey' },
  ])('refuses $name without writing', ({ id, patch, code, message }) => {
    const doc = fixtureDoc();
    const before = stateOf(doc);
    const result = updateElement(doc, id, patch as never);
    expect(!result.ok && result.error.code).toBe(code);
    expect(!result.ok && result.error.message).toContain(message);
    expect(stateOf(doc)).toEqual(before);
  });

  it('deletes a wall with its hosted door and the connections of deleted elements', () => {
    const doc = fixtureDoc();
    expect(deleteElement(doc, 'w1')).toEqual({ ok: true, value: { storeys: [], elements: ['d1', 'w1'], connections: [] } });
    expect(deleteElement(doc, 'e1')).toEqual({ ok: true, value: { storeys: [], elements: ['e1'], connections: ['c1'] } });
    expect(Object.keys(readBuilding(doc).connections)).toEqual([]);
    expect(deleteElement(doc, 'e1')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('moves walls, polygons and positions but not hosted openings', () => {
    const doc = fixtureDoc();
    const result = moveElements(doc, ['w1', 'r1', 'e1', 'd1'], planVector(1, -2));
    expect(result.ok).toBe(true);
    expect(readElement(doc, 'w1')).toMatchObject({ a: [1, -2], b: [7, -2] });
    expect(readElement(doc, 'r1')).toMatchObject({ polygon: [[1, -2], [7, -2], [7, 2], [1, 2]] });
    expect(readElement(doc, 'e1')).toMatchObject({ position: [1.1, 0, 0.3] });
    expect(readElement(doc, 'd1')).toMatchObject({ offset: 1 });
  });

  it('keeps a window in a slab with its slab: moved along, deleted with it, and the slab cannot leave its storey', () => {
    const doc = fixtureDoc();
    const slab = { id: 's9', kind: 'slab', storeyId: 'L0', name: 'Roof', props: {}, polygon: [[0, 0], [4, 0], [4, 4], [0, 4]], thickness: 0.3 };
    const skylight = { id: 'k9', kind: 'window', storeyId: 'L0', name: 'Skylight', props: {}, hostId: 's9', offset: 0, width: 1, height: 1.2, sill: 0, position: [2, 2, 0.1], rotation: 0.5 };
    expect(addElement(doc, slab).ok).toBe(true);
    expect(addElement(doc, skylight).ok).toBe(true);
    expect(addElement(doc, { ...skylight, id: 'k10', position: undefined, rotation: undefined })).toMatchObject({ ok: false, error: { message: expect.stringContaining('A window in a slab needs a position and a rotation') } });

    expect(moveElements(doc, ['s9'], planVector(1, -2))).toMatchObject({ ok: true, value: [{ id: 's9' }, { id: 'k9' }] });
    expect(readElement(doc, 'k9')).toMatchObject({ position: [3, 0, 0.1], rotation: 0.5 });
    // Moved on its own, it moves by its position.
    expect(moveElements(doc, ['k9'], planVector(0.5, 0)).ok).toBe(true);
    expect(readElement(doc, 'k9')).toMatchObject({ position: [3.5, 0, 0.1] });

    const before = stateOf(doc);
    expect(updateElement(doc, 's9', { storeyId: 'L1' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('The 1.00 m window in this slab would be left on another storey') } });
    expect(stateOf(doc)).toEqual(before);
    expect(deleteElement(doc, 's9')).toMatchObject({ ok: true, value: { elements: ['k9', 's9'] } });
  });

  it('moves nothing when one id is unknown', () => {
    const doc = fixtureDoc();
    const before = stateOf(doc);
    expect(moveElements(doc, ['w1', 'ghost'], planVector(1, 1))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(stateOf(doc)).toEqual(before);
  });

  it('refuses to delete a storey with elements unless cascading', () => {
    const doc = fixtureDoc();
    const before = stateOf(doc);
    const refused = deleteStorey(doc, 'L1');
    expect(!refused.ok && refused.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('storey "L1" has 2 element(s)') });
    expect(stateOf(doc)).toEqual(before);
    expect(deleteStorey(doc, 'L1', { cascade: true })).toEqual({ ok: true, value: { storeys: ['L1'], elements: ['e3', 'w5'], connections: [] } });
    expect(listStoreys(doc).map((s) => s.id)).toEqual(['L0']);
    expect(listElements(doc, { storeyId: 'L1' })).toEqual([]);
  });

  it('adds, updates and deletes storeys and connections', () => {
    const doc = fixtureDoc();
    expect(addStorey(doc, { id: 'L2', name: 'Roof', elevation: 5.8, height: 2, order: 2 }).ok).toBe(true);
    expect(addStorey(doc, { id: 'L2', name: 'Dup', elevation: 0, height: 2, order: 3 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(updateStorey(doc, 'L2', { height: metres(0) })).toMatchObject({ ok: false, error: { message: 'storey.height: must be greater than 0' } });
    expect(updateStorey(doc, 'L2', { name: 'Roof deck' }).ok).toBe(true);
    expect(deleteStorey(doc, 'L2').ok).toBe(true);
    expect(addConnection(doc, { id: 'c2', from: 'e2', to: 'ghost', medium: 'power' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'connection.to: The element at this end does not exist (it may have been deleted)' },
    });
    expect(addConnection(doc, { id: 'c2', from: 'e2', to: 'e3', medium: 'power' }).ok).toBe(true);
    expect(deleteConnection(doc, 'c2').ok).toBe(true);
    expect(deleteConnection(doc, 'c2')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('validates meta patches', () => {
    const doc = fixtureDoc();
    expect(setMeta(doc, { name: '' })).toMatchObject({ ok: false, error: { code: 'invalid', message: 'meta.name: must not be empty' } });
    expect(setMeta(doc, { schemaVersion: 0 } as never)).toMatchObject({ ok: false, error: { message: 'meta.schemaVersion: cannot be changed' } });
    expect(setMeta(doc, { address: '2 Side St' }).ok).toBe(true);
    expect(readMeta(doc)?.address).toBe('2 Side St');
  });

  it('tags writes with the given origin', () => {
    const doc = fixtureDoc();
    const log = recordTransactions(doc);
    const origin = new LocalOrigin('user-7');
    updateElement(doc, 'w1', { name: 'x' }, origin);
    updateElement(doc, 'w1', { name: 'y' }, ORIGIN.import);
    expect(log.map((l) => l.origin)).toEqual([origin, ORIGIN.import]);
  });
});

describe('batches', () => {
  it('writes a whole batch in one transaction, later ops seeing earlier ones', () => {
    const doc = fixtureDoc();
    const log = recordTransactions(doc);
    const result = transact(doc, ORIGIN.local, (tx) => {
      tx.addStorey({ id: 'L2', name: 'Roof', elevation: 5.8, height: 2, order: 2 });
      tx.addElement(newWall('w9', { storeyId: 'L2' }));
      tx.addElement({ id: 'd9', kind: 'door', storeyId: 'L2', name: '', props: {}, hostId: 'w9', offset: 1, width: 1, height: 2, sill: 0 });
      tx.updateElement('w9', { name: 'Parapet' });
      return tx.getElement('w9')?.name;
    });
    expect(result).toEqual({ ok: true, value: 'Parapet' });
    expect(log).toHaveLength(1);
    expect(readElement(doc, 'd9')).toMatchObject({ hostId: 'w9' });
  });

  it('writes nothing when any operation fails and returns the first error', () => {
    const doc = fixtureDoc();
    const before = stateOf(doc);
    const result = transact(doc, ORIGIN.local, (tx) => {
      expect(tx.addElement(newWall('w9')).ok).toBe(true);
      expect(tx.updateElement('w1', { name: 'Renamed' }).ok).toBe(true);
      tx.addElement(newWall('w10', { height: metres(-1) }));
      tx.deleteElement('w2');
    });
    expect(!result.ok && result.error.message).toBe('wall.height: must be greater than 0');
    expect(stateOf(doc)).toEqual(before);
  });

  it('writes nothing when the batch function throws', () => {
    const doc = fixtureDoc();
    const before = stateOf(doc);
    expect(() =>
      transact(doc, ORIGIN.local, (tx) => {
        tx.addElement(newWall('w9'));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(stateOf(doc)).toEqual(before);
  });

  it('sees deletions staged earlier in the batch', () => {
    const doc = fixtureDoc();
    const result = transact(doc, ORIGIN.local, (tx) => {
      tx.deleteElement('w1');
      return tx.addElement({ id: 'd9', kind: 'door', storeyId: 'L0', name: '', props: {}, hostId: 'w1', offset: 0, width: 1, height: 2, sill: 0 });
    });
    expect(!result.ok && result.error.message).toContain('door.hostId: The wall or slab this door sits in does not exist');
  });
});

describe('loadSnapshot', () => {
  it('refuses a non-empty doc', () => {
    const doc = fixtureDoc();
    expect(loadSnapshot(doc, readBuilding(doc))).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses a building with broken references and writes nothing', () => {
    const doc = new Y.Doc();
    const raw = JSON.parse(JSON.stringify(readBuilding(fixtureDoc())));
    raw.elements.d1.hostId = 'gone';
    const result = loadSnapshot(doc, raw);
    expect(!result.ok && result.error.message).toContain('elements.d1.hostId: The wall or slab this door sits in does not exist');
    expect(doc.getMap('meta').size).toBe(0);
  });
});
