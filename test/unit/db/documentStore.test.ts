/**
 * The helpers of the DocumentStore contract that every store shares (lib/db/documentStore.ts).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeParts, mergeStateParts } from '@/lib/db/documentStore';

/** A log written by two clients that see each other now and then: inserts, overwrites, deletes. */
function twoClientLog(count: number): Uint8Array[] {
  const docs = [new Y.Doc(), new Y.Doc()];
  const updates: Uint8Array[] = [];
  for (const doc of docs) doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) {
    const [doc, other] = i % 3 === 0 ? [docs[1]!, docs[0]!] : [docs[0]!, docs[1]!];
    doc.transact(() => {
      const elements = doc.getMap<Y.Map<unknown>>('elements');
      const id = `e-${i % 7}`;
      const element = elements.get(id) ?? new Y.Map<unknown>();
      if (!elements.has(id)) elements.set(id, element);
      element.set('name', `element ${i}`);
      doc.getText('notes').insert(0, 'ab');
      if (i % 11 === 10) elements.delete(`e-${(i + 3) % 7}`);
      if (i % 5 === 0) doc.getText('notes').delete(1, 1);
    });
    if (i % 13 === 0) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
  }
  return updates;
}

/** The document an update makes, encoded (structs and delete set), or what stays pending. */
function documentOf(update: Uint8Array): { state: number[]; pending: boolean } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const result = { state: Array.from(Y.encodeStateAsUpdate(doc)), pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null };
  doc.destroy();
  return result;
}

describe('mergeStateParts', () => {
  it.each([1, 2, 499, 500, 501, 1_300])('merged in runs, %i parts make the same document as one Y.mergeUpdates', (count) => {
    const parts = twoClientLog(count);
    const expected = documentOf(Y.mergeUpdates(parts));
    expect(expected.pending).toBe(false);
    expect(documentOf(mergeStateParts(parts))).toEqual(expected);
  });

  it('refuses to merge nothing', () => {
    expect(() => mergeStateParts([])).toThrow(/no parts/);
  });
});

describe('mergeParts', () => {
  it('gives a null state for no parts and the one part itself for one', () => {
    const lineage = { current: 2, baseClient: 5, ended: [] };
    expect(mergeParts({ parts: [], seq: 0, updateCount: 0, lineage })).toEqual({ state: null, seq: 0, updateCount: 0, lineage: 2 });
    const [only] = twoClientLog(1);
    expect(mergeParts({ parts: [only!], seq: 7, updateCount: 0, lineage }).state).toBe(only);
  });
});
