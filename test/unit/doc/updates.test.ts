import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { initBuildingDoc } from '@/lib/doc';
import { isEmptyUpdate, mergeInRuns, schemaVersionOf, schemaVersionOfState } from '@/lib/doc/updates';
import { CURRENT_SCHEMA_VERSION } from '@/lib/model';

function updatesOf(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`k${i}`, i);
  return updates;
}

describe('lib/doc updates helpers', () => {
  it('mergeInRuns merges consecutive runs of at most `run` updates, and their sum is the whole', () => {
    const updates = updatesOf(7);
    const runs = mergeInRuns(updates, 3);
    expect(runs).toHaveLength(3);
    expect(runs[2]).toBe(updates[6]); // a run of one is passed through, not re-encoded
    const doc = new Y.Doc();
    for (const run of runs) Y.applyUpdate(doc, run);
    expect(doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6 });
  });

  it('isEmptyUpdate is true only for the encoded empty update', () => {
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    expect(isEmptyUpdate(Y.mergeUpdates([]))).toBe(true);
    expect(isEmptyUpdate(updatesOf(1)[0]!)).toBe(false);
    expect(isEmptyUpdate(new Uint8Array([0, 1]))).toBe(false);
  });

  it('schemaVersionOf reads meta.schemaVersion, and 0 when a document has none or a bad one', () => {
    const model = new Y.Doc();
    initBuildingDoc(model, { name: 'B' });
    expect(schemaVersionOf(model)).toBe(CURRENT_SCHEMA_VERSION);
    expect(schemaVersionOfState(Y.encodeStateAsUpdate(model))).toBe(CURRENT_SCHEMA_VERSION);
    expect(schemaVersionOf(new Y.Doc())).toBe(0);
    const odd = new Y.Doc();
    odd.getMap('meta').set('schemaVersion', 1.5);
    expect(schemaVersionOfState(Y.encodeStateAsUpdate(odd))).toBe(0);
  });
});
