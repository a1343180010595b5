/** stateEdits: the field-level edits a restore writes (issue #17), table-driven and randomized. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, applyDocEdits, copyWithoutHistory, deleteElement, getMaps, readBuilding, setMeta, stateEdits, updateElement, type DocEdit } from '@/lib/doc';
import { rng } from '@/test/helpers/random';
import { building, equipment, loadUpdate, must, randomEdits, REBASE_CLIENT, ROOTS, rootsJSON } from './buildingEdits';

/** A version (`target`) of a building, and the live document after `change`. */
function pair(change: (live: Y.Doc) => void): { live: Y.Doc; target: Y.Doc } {
  const target = building(1);
  const live = loadUpdate(Y.encodeStateAsUpdate(target), 2);
  change(live);
  return { live, target };
}

describe('stateEdits', () => {
  it.each<{ name: string; change: (live: Y.Doc) => void; expected: DocEdit[] }>([
    { name: 'nothing changed since the version', change: () => {}, expected: [] },
    {
      name: 'a wall renamed: its name set back, nothing else',
      change: (live) => must(updateElement(live, 'w1', { name: 'Front' })),
      expected: [{ op: 'set', path: ['elements', 'w1', 'name'], value: { json: 'Wall 1' } }],
    },
    {
      name: 'a property added, one changed: per property',
      change: (live) => must(updateElement(live, 'w1', { props: { fire: 'EI90', acoustic: 45 } })),
      expected: [
        { op: 'delete', path: ['elements', 'w1', 'props', 'acoustic'] },
        { op: 'set', path: ['elements', 'w1', 'props', 'fire'], value: { json: 'EI30' } },
      ],
    },
    {
      name: 'an element added since: deleted',
      change: (live) => must(addElement(live, equipment('e-new', 3))),
      expected: [{ op: 'delete', path: ['elements', 'e-new'] }],
    },
    {
      name: 'an element deleted since (no connections): set whole, props as a nested map',
      change: (live) => must(deleteElement(live, 'e7')),
      expected: [
        {
          op: 'set',
          path: ['elements', 'e7'],
          value: {
            map: {
              id: { json: 'e7' },
              kind: { json: 'equipment' },
              name: { json: 'Outlet 7' },
              path: { json: '/electrical/e7' },
              position: { json: [7, 1, 0.3] },
              props: { map: { k0: { json: 7 }, k1: { json: 'x' } } },
              rotation: { json: 0 },
              status: { json: 'ok' },
              storeyId: { json: 'L0' },
              system: { json: 'electrical' },
              type: { json: 'outlet' },
            },
          },
        },
      ],
    },
    {
      name: 'a wall deleted with its door: both come back',
      change: (live) => must(deleteElement(live, 'w0')),
      expected: [
        { op: 'set', path: ['elements', 'd0'], value: expect.objectContaining({ map: expect.objectContaining({ hostId: { json: 'w0' } }) }) as never },
        { op: 'set', path: ['elements', 'w0'], value: expect.objectContaining({ map: expect.objectContaining({ kind: { json: 'wall' } }) }) as never },
      ] as DocEdit[],
    },
    {
      name: 'equipment deleted with its two connections: all three come back, elements before the connections that name them',
      change: (live) => must(deleteElement(live, 'e2')),
      expected: [
        { op: 'set', path: ['elements', 'e2'], value: expect.objectContaining({ map: expect.objectContaining({ kind: { json: 'equipment' } }) }) as never },
        { op: 'set', path: ['connections', 'c1'], value: expect.objectContaining({ map: expect.objectContaining({ to: { json: 'e2' } }) }) as never },
        { op: 'set', path: ['connections', 'c2'], value: expect.objectContaining({ map: expect.objectContaining({ from: { json: 'e2' } }) }) as never },
      ] as DocEdit[],
    },
    {
      name: 'the building renamed: meta set back',
      change: (live) => must(setMeta(live, { name: 'Renamed' })),
      expected: [{ op: 'set', path: ['meta', 'name'], value: { json: 'Rebase House' } }],
    },
  ])('$name', ({ change, expected }) => {
    const { live, target } = pair(change);
    const edits = stateEdits(live, target);
    expect(edits).toEqual(expected);
    applyDocEdits(live, edits);
    expect(readBuilding(live)).toEqual(readBuilding(target));
    expect(stateEdits(live, target)).toEqual([]);
  });

  it('restores across a rebase: the version and the live document share no Yjs items, yet only what differs is written', () => {
    const target = building(1);
    // The live document is a history-free copy (a rebase), then edited.
    const live = loadUpdate(copyWithoutHistory(target, ROOTS, REBASE_CLIENT), 3);
    must(updateElement(live, 'w2', { name: 'After the rebase' }));
    const edits = stateEdits(live, target);
    expect(edits).toEqual([{ op: 'set', path: ['elements', 'w2', 'name'], value: { json: 'Wall 2' } }]);
    applyDocEdits(live, edits);
    expect(rootsJSON(live)).toEqual(rootsJSON(target));
  });

  it('keeps a concurrent edit of another field of the same element (field-level, not record-level)', () => {
    const { live, target } = pair((doc) => must(updateElement(doc, 'w1', { name: 'Front' })));
    const other = loadUpdate(Y.encodeStateAsUpdate(live), 4);
    const edits = stateEdits(live, target);
    applyDocEdits(live, edits);
    // Someone else, at the same time, made the wall thicker.
    must(updateElement(other, 'w1', { thickness: 0.3 as never }));
    Y.applyUpdate(live, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
    const wall = getMaps(live).elements.get('w1') as Y.Map<unknown>;
    expect([wall.get('name'), wall.get('thickness')]).toEqual(['Wall 1', 0.3]);
    expect(rootsJSON(other)).toEqual(rootsJSON(live));
  });

  it('brings any edited state back to the version (200 random histories, then back again)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const target = building(1);
      const live = loadUpdate(Y.encodeStateAsUpdate(target), 2);
      randomEdits(r, [live], 'a', 1 + r.int(25));
      const before = rootsJSON(live);
      const beforeState = Y.encodeStateAsUpdate(live);
      applyDocEdits(live, stateEdits(live, target));
      expect(rootsJSON(live), `seed ${seed}`).toEqual(rootsJSON(target));
      // Restoring the state saved just before the restore undoes it.
      const saved = loadUpdate(beforeState);
      applyDocEdits(live, stateEdits(live, saved));
      expect(rootsJSON(live), `seed ${seed} back`).toEqual(before);
    }
  });
});
