import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migrateDoc, observeBuilding, readBuilding, readMeta, type BuildingEvent } from '@/lib/doc';
import { migrateSnapshot, validateBuilding } from '@/lib/model';
import v0 from '@/test/fixtures/model/building.v0.json';
import { stateOf, writeRawBuilding } from './helpers';

function v0Doc(): Y.Doc {
  const doc = new Y.Doc();
  writeRawBuilding(doc, v0);
  return doc;
}

describe('migrateDoc', () => {
  it('migrates a schemaVersion-0 doc to the current schema in one migration transaction', () => {
    const doc = v0Doc();
    expect(readMeta(doc)).toBeUndefined(); // not readable before migration
    const events: BuildingEvent[][] = [];
    observeBuilding(doc, (e) => events.push([...e]));
    const result = migrateDoc(doc);
    expect(result).toEqual({ ok: true, value: { from: 0, to: 1, applied: ['v0-to-v1-wall-a-b-equipment-system-status-meta-units'] } });
    const expected = migrateSnapshot(v0, 0);
    if (!expected.ok) throw new Error(expected.error.message);
    const building = readBuilding(doc);
    expect(building).toEqual(expected.value.snapshot);
    expect(validateBuilding(building).ok).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]!.every((e) => e.origin === 'migration')).toBe(true);
    expect(events[0]).toContainEqual({ type: 'element-updated', id: 'w1', fields: ['a', 'b', 'end', 'start'], origin: 'migration' });
    expect(events[0]).toContainEqual({ type: 'element-updated', id: 'e1', fields: ['status', 'system', 'systemType'], origin: 'migration' });
    expect(events[0]).toContainEqual({ type: 'meta-updated', id: 'meta', fields: ['schemaVersion', 'units'], origin: 'migration' });
    // Untouched records are not rewritten.
    expect(events[0]!.map((e) => e.id)).not.toContain('d1');
  });

  it('treats a missing schemaVersion as 0', () => {
    const doc = new Y.Doc();
    const { schemaVersion: _, ...meta } = v0.meta;
    writeRawBuilding(doc, { ...v0, meta });
    expect(migrateDoc(doc)).toMatchObject({ ok: true, value: { from: 0, to: 1 } });
  });

  it('is idempotent: a second run writes nothing', () => {
    const doc = v0Doc();
    migrateDoc(doc);
    const before = stateOf(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateDoc(doc)).toEqual({ ok: true, value: { from: 1, to: 1, applied: [] } });
    expect(updates).toBe(0);
    expect(stateOf(doc)).toEqual(before);
  });

  it('merges with a concurrent peer that also migrated', () => {
    const a = v0Doc();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    migrateDoc(a);
    migrateDoc(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readBuilding(a)).toEqual(readBuilding(b));
  });

  it.each([
    { name: 'a newer schema version', edit: (doc: Y.Doc) => doc.getMap('meta').set('schemaVersion', 42), message: '42 is newer than this build supports' },
    {
      name: 'a record that is invalid after migration',
      edit: (doc: Y.Doc) => (doc.getMap('elements').get('w2') as Y.Map<unknown>).set('thickness', 0),
      message: 'elements.w2.thickness: must be greater than 0',
    },
  ])('refuses $name and writes nothing', ({ edit, message }) => {
    const doc = v0Doc();
    edit(doc);
    const before = stateOf(doc);
    const result = migrateDoc(doc);
    expect(!result.ok && result.error.code).toBe('invalid');
    expect(!result.ok && result.error.message).toContain(message);
    expect(stateOf(doc)).toEqual(before);
  });

  it('refuses an empty doc', () => {
    expect(migrateDoc(new Y.Doc())).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
