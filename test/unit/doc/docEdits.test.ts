import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addStorey,
  applyDocEdits,
  copyWithoutHistory,
  deleteElement,
  diffDocs,
  getMaps,
  LocalOrigin,
  ORIGIN,
  readBuilding,
  readElement,
  setMeta,
  updateElement,
  updateStorey,
  type DocEdit,
} from '@/lib/doc';
import { deepEqual, metres } from '@/lib/model';
import { rng } from '@/test/helpers/random';
import { building, loadUpdate, must, randomEdits, REBASE_CLIENT, ROOTS, rootsJSON } from './buildingEdits';
import { cloneDoc, fixtureDoc, stateOf } from './helpers';

// ------------------------------------------------------------------ diffDocs

const rec = (doc: Y.Doc, collection: 'elements' | 'storeys', id: string) => getMaps(doc)[collection].get(id) as Y.Map<unknown>;

describe('diffDocs', () => {
  const cases: { name: string; change: (doc: Y.Doc) => void; expected: DocEdit[] }[] = [
    { name: 'nothing changed', change: () => {}, expected: [] },
    {
      name: 'a value rewritten equal (a new struct, no change)',
      change: (doc) => rec(doc, 'elements', 'w1').set('name', 'South'),
      expected: [],
    },
    {
      name: 'a field changed',
      change: (doc) => must(updateElement(doc, 'w1', { name: 'Front' })),
      expected: [{ op: 'set', path: ['elements', 'w1', 'name'], value: { json: 'Front' } }],
    },
    {
      name: 'a field deleted',
      change: (doc) => rec(doc, 'elements', 'w1').delete('name'),
      expected: [{ op: 'delete', path: ['elements', 'w1', 'name'] }],
    },
    {
      name: 'a record added (whole, props as a nested map)',
      change: (doc) => must(addStorey(doc, { id: 'L2', name: 'Roof', elevation: 6, height: 2, order: 2 })),
      expected: [
        {
          op: 'set',
          path: ['storeys', 'L2'],
          value: { map: { elevation: { json: 6 }, height: { json: 2 }, id: { json: 'L2' }, name: { json: 'Roof' }, order: { json: 2 } } },
        },
      ],
    },
    {
      name: 'a record deleted, with its cascade',
      change: (doc) => must(deleteElement(doc, 'e2')),
      expected: [
        { op: 'delete', path: ['elements', 'e2'] },
        { op: 'delete', path: ['connections', 'c1'] },
      ],
    },
    {
      name: 'props keys changed and deleted',
      change: (doc) => must(updateElement(doc, 'w3', { props: { acoustic: true } })),
      expected: [
        { op: 'set', path: ['elements', 'w3', 'props', 'acoustic'], value: { json: true } },
        { op: 'delete', path: ['elements', 'w3', 'props', 'fireRating'] },
      ],
    },
    {
      name: 'a replaced nested map (set whole even with equal content)',
      change: (doc) => rec(doc, 'elements', 'e1').set('props', new Y.Map<unknown>([['amps', 16]])),
      expected: [{ op: 'set', path: ['elements', 'e1', 'props'], value: { map: { amps: { json: 16 } } } }],
    },
    {
      name: 'a plain value replaced by a Y.Array with the same JSON (a change of kind)',
      change: (doc) => rec(doc, 'elements', 'e1').set('position', Y.Array.from([0.1, 2, 0.3])),
      expected: [{ op: 'set', path: ['elements', 'e1', 'position'], value: { array: [{ json: 0.1 }, { json: 2 }, { json: 0.3 }] } }],
    },
  ];

  it.each(cases)('$name', ({ change, expected }) => {
    const before = fixtureDoc(1);
    const after = cloneDoc(before, 2);
    change(after);
    expect(diffDocs(before, after, ROOTS)).toEqual(expected);
  });

  it('orders edits by the given roots, then by sorted keys, whatever order they were made in', () => {
    const before = fixtureDoc(1);
    const one = cloneDoc(before, 2);
    const other = cloneDoc(before, 3);
    const changes = [
      (doc: Y.Doc) => must(setMeta(doc, { name: 'Renamed' })),
      (doc: Y.Doc) => must(updateElement(doc, 'w2', { name: 'East side' })),
      (doc: Y.Doc) => must(updateElement(doc, 'e1', { props: { amps: 10, volts: 230 } })),
      (doc: Y.Doc) => must(deleteElement(doc, 'w4')),
      (doc: Y.Doc) => must(updateStorey(doc, 'L1', { name: 'Upstairs' })),
    ];
    for (const change of changes) change(one);
    for (const change of [...changes].reverse()) change(other);
    const paths = (edits: DocEdit[]) => edits.map((e) => `${e.op} ${e.path.join('/')}`);
    expect(paths(diffDocs(before, one, ['elements', 'meta', 'storeys']))).toEqual([
      'set elements/e1/props/amps',
      'set elements/e1/props/volts',
      'set elements/w2/name',
      'delete elements/w4',
      'set meta/name',
      'set storeys/L1/name',
    ]);
    expect(diffDocs(before, other, ROOTS)).toEqual(diffDocs(before, one, ROOTS));
  });
});

// ------------------------------------------------------------------ applyDocEdits

describe('applyDocEdits', () => {
  it('creates nested Y types, clones JSON values, and writes in one transaction with the origin', () => {
    const doc = fixtureDoc(1);
    const origin = new LocalOrigin('rebase');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tx: Y.Transaction) => origins.push(tx.origin));
    const position = [1, 2, 3];
    const edits: DocEdit[] = [
      { op: 'set', path: ['elements', 'x1'], value: { map: { props: { map: { a: { json: 1 } } }, list: { array: [{ json: 1 }] }, note: { text: 'hi' } } } },
      { op: 'set', path: ['elements', 'e1', 'position'], value: { json: position } },
    ];
    expect(applyDocEdits(doc, edits, origin)).toEqual({ applied: 2, skipped: [] });
    position[0] = 99;
    expect(origins).toEqual([origin]);
    const x1 = rec(doc, 'elements', 'x1');
    expect(x1.get('props')).toBeInstanceOf(Y.Map);
    expect(x1.get('list')).toBeInstanceOf(Y.Array);
    expect(x1.get('note')).toBeInstanceOf(Y.Text);
    expect(x1.toJSON()).toEqual({ props: { a: 1 }, list: [1], note: 'hi' });
    expect(rec(doc, 'elements', 'e1').get('position')).toEqual([1, 2, 3]);
  });

  it('runs inside the caller\'s transaction', () => {
    const doc = fixtureDoc(1);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tx: Y.Transaction) => origins.push(tx.origin));
    doc.transact(() => {
      must(updateElement(doc, 'w1', { name: 'Outer' }));
      applyDocEdits(doc, [{ op: 'set', path: ['elements', 'w2', 'name'], value: { json: 'Inner' } }], ORIGIN.import);
    }, ORIGIN.migration);
    expect(origins).toEqual([ORIGIN.migration]);
    expect(readElement(doc, 'w2')?.name).toBe('Inner');
  });

  it('skips edits whose parent is missing or not a map; deleting an absent key is a no-op', () => {
    const doc = fixtureDoc(1);
    const state = stateOf(doc);
    const skipped: DocEdit[] = [
      { op: 'set', path: ['elements', 'gone', 'name'], value: { json: 'x' } },
      { op: 'delete', path: ['elements', 'gone', 'props', 'k'] },
      { op: 'set', path: ['elements', 'w1', 'name', 'deeper'], value: { json: 1 } },
    ];
    const absent: DocEdit = { op: 'delete', path: ['elements', 'w1', 'nothing'] };
    expect(applyDocEdits(doc, [...skipped, absent])).toEqual({ applied: 0, skipped });
    expect(stateOf(doc)).toEqual(state);
  });

  it('refuses an edit without a key', () => {
    expect(() => applyDocEdits(fixtureDoc(1), [{ op: 'delete', path: ['elements'] }])).toThrow(/needs a root and at least one key/);
  });

  it('is a no-op when re-applied: no new structs, no update', () => {
    const before = fixtureDoc(1);
    const after = cloneDoc(before, 2);
    must(updateElement(after, 'w3', { name: 'N', props: { acoustic: true } }));
    must(deleteElement(after, 'w2'));
    must(addStorey(after, { id: 'L2', name: 'Roof', elevation: 6, height: 2, order: 2 }));
    rec(after, 'elements', 'e1').set('props', new Y.Map<unknown>([['amps', 20]]));
    rec(after, 'elements', 'w1').set('tags', Y.Array.from(['a', 'b']));
    const edits = diffDocs(before, after, ROOTS);

    const target = loadUpdate(copyWithoutHistory(before, ROOTS, REBASE_CLIENT), 3);
    expect(applyDocEdits(target, edits).applied).toBe(edits.length);
    expect(rootsJSON(target)).toEqual(rootsJSON(after));
    const vector = Y.encodeStateVector(target);
    const state = stateOf(target);
    let updates = 0;
    target.on('update', () => updates++);
    expect(applyDocEdits(target, edits)).toEqual({ applied: 0, skipped: [] });
    expect(Y.encodeStateVector(target)).toEqual(vector);
    expect(stateOf(target)).toEqual(state);
    expect(updates).toBe(0);
  });
});

// ------------------------------------------------------------------ the rebase, end to end

/** A map-key path as a string, for sets. */
const keyOf = (path: readonly string[]) => path.join('/');

/** The path of the map key an item was written under, or undefined for list content. */
function itemPath(item: Y.Item): string[] | undefined {
  const path: string[] = [];
  for (let current: Y.Item | null = item; current !== null; ) {
    const parent: unknown = current.parent;
    if (current.parentSub === null || !(parent instanceof Y.AbstractType)) return undefined;
    path.unshift(current.parentSub);
    if (parent._item === null) {
      path.unshift(Y.findRootTypeKey(parent));
      return path;
    }
    current = parent._item;
  }
  return undefined;
}

/**
 * The map keys `later` wrote on top of `base` (one lineage), read from the structs and not from
 * any diff: keys of the items it added, and of the items it deleted (a delete, or an overwrite).
 * Writes later overwritten count too: in Yjs they still take part in a conflict.
 */
function writtenKeys(base: Y.Doc, later: Y.Doc): Set<string> {
  const baseDeletes = Y.createDeleteSetFromStructStore(base.store);
  const keys = new Set<string>();
  for (const [client, structs] of later.store.clients) {
    const known = Y.getState(base.store, client);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const added = struct.id.clock + struct.length > known;
      const deleted = struct.deleted && !Y.isDeleted(baseDeletes, struct.id);
      const path = added || deleted ? itemPath(struct) : undefined;
      if (path !== undefined) keys.add(keyOf(path));
    }
  }
  return keys;
}

interface Comparison {
  mismatches: string[];
  compared: number;
  excluded: number;
}

/** Compares two docs key by key, recursing where both hold a Y.Map, skipping `excluded` keys. */
function compareMaps(actual: Y.Map<unknown>, expected: Y.Map<unknown>, path: readonly string[], excluded: Set<string>, out: Comparison): void {
  for (const key of [...new Set([...actual.keys(), ...expected.keys()])].sort()) {
    const at = [...path, key];
    if (excluded.has(keyOf(at))) {
      out.excluded++;
      continue;
    }
    const a = actual.get(key);
    const e = expected.get(key);
    if (actual.has(key) !== expected.has(key)) {
      out.mismatches.push(`${keyOf(at)}: ${actual.has(key) ? 'only after the rebase' : 'only in plain Yjs'}`);
    } else if (a instanceof Y.Map && e instanceof Y.Map) {
      compareMaps(a, e, at, excluded, out);
    } else {
      out.compared++;
      const plain = (v: unknown) => (v instanceof Y.AbstractType ? v.toJSON() : v);
      if (a instanceof Y.Map || e instanceof Y.Map || !deepEqual(plain(a), plain(e))) {
        out.mismatches.push(`${keyOf(at)}: ${JSON.stringify(plain(a))} after the rebase, ${JSON.stringify(plain(e))} in plain Yjs`);
      }
    }
  }
}

const D_CLIENT = 100;
const C_CLIENT = 201;
const N_CLIENT = 302;

/**
 * What the server does for a client `c` of the old lineage whose final state is `f`: C's update
 * onto F gives A; the edits from F to A are applied to `n`, a doc of the new lineage.
 */
function carryOver(f: Y.Doc, c: Y.Doc, n: Y.Doc) {
  const a = cloneDoc(f);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(c));
  const edits = diffDocs(f, a, ROOTS);
  const { skipped } = applyDocEdits(n, edits, ORIGIN.import);
  return { a, edits, skipped };
}

/** An old lineage's final state F, a client C of it, and the rebased copy N of F. */
function rebased() {
  const f = fixtureDoc(D_CLIENT);
  const c = cloneDoc(f, C_CLIENT);
  const n = loadUpdate(copyWithoutHistory(f, ROOTS, REBASE_CLIENT), N_CLIENT);
  return { f, c, n };
}

describe('rebase with an offline client of the old lineage', () => {
  it('carries its field, props and record edits over to the new lineage', () => {
    const { f, c, n } = rebased();
    must(updateElement(c, 'w1', { name: 'Offline', props: { checked: true } }));
    must(addStorey(c, { id: 'L2', name: 'Roof', elevation: 6, height: 2, order: 2 }));
    must(deleteElement(c, 'e2'));
    must(updateElement(n, 'w1', { height: metres(2.5) }));
    expect(carryOver(f, c, n).skipped).toEqual([]);
    expect(readElement(n, 'w1')).toMatchObject({ name: 'Offline', props: { checked: true }, height: 2.5 });
    expect(readBuilding(n).storeys.L2?.name).toBe('Roof');
    expect(readElement(n, 'e2')).toBeUndefined();
    expect(getMaps(n).connections.has('c1')).toBe(false);
  });

  it('deletes a record it deleted even if the new lineage edited it meanwhile (as Yjs does)', () => {
    const { f, c, n } = rebased();
    must(deleteElement(c, 'e3'));
    must(updateElement(n, 'e3', { name: 'Edited after the rebase' }));
    carryOver(f, c, n);
    expect(getMaps(n).elements.has('e3')).toBe(false);
  });

  it('skips its edits to a record deleted on the new lineage meanwhile (as Yjs does)', () => {
    const { f, c, n } = rebased();
    must(updateElement(c, 'e3', { name: 'Edited offline', props: { k: 1 } }));
    must(deleteElement(n, 'e3'));
    const { edits, skipped } = carryOver(f, c, n);
    expect(skipped).toEqual(edits);
    expect(skipped.length).toBe(2);
    expect(getMaps(n).elements.has('e3')).toBe(false);
  });

  it('wins where both wrote the same field (Yjs would pick a winner by client id)', () => {
    const { f, c, n } = rebased();
    must(updateElement(c, 'w1', { name: 'Offline' }));
    must(updateElement(n, 'w1', { name: 'After the rebase' }));
    carryOver(f, c, n);
    expect(readElement(n, 'w1')?.name).toBe('Offline');
  });
});

/**
 * One rebase with an offline client, against plain Yjs without a rebase:
 * D is the building's history; C forks from D at some point and edits offline; F is D's final
 * state (the old lineage); N is the rebased copy of F with edits made after the rebase; R is what
 * plain Yjs gives: F + the same after-rebase edits + C's update, all on the old lineage.
 */
function rebaseWithOfflineClient(seed: number) {
  const r = rng(seed);
  const d = building(D_CLIENT);
  randomEdits(r, [d], 'old', 20 + r.int(40));
  const c = cloneDoc(d, C_CLIENT);
  randomEdits(r, [d], 'late', r.int(40));
  const f = cloneDoc(d);

  randomEdits(r, [c], 'c', 10 + r.int(40));

  const n = loadUpdate(copyWithoutHistory(f, ROOTS, REBASE_CLIENT), N_CLIENT);
  const oldTwin = cloneDoc(f, N_CLIENT);
  randomEdits(r, [n, oldTwin], 'n', 10 + r.int(30));

  const { a, edits, skipped } = carryOver(f, c, n);

  // Where both C and the after-rebase edits wrote, Yjs picks a winner by client id; the rebase
  // lets the translated edit win. Those keys are left out; everything else must be equal.
  const byClient = writtenKeys(f, a);
  const byNewLineage = writtenKeys(f, oldTwin);

  // Plain Yjs, no rebase.
  const plain = oldTwin;
  Y.applyUpdate(plain, Y.encodeStateAsUpdate(c));
  const both = new Set([...byClient].filter((key) => byNewLineage.has(key)));
  const out: Comparison = { mismatches: [], compared: 0, excluded: 0 };
  for (const name of ROOTS) compareMaps(n.getMap(name), plain.getMap(name), [name], both, out);

  // Delete wins both ways: records C deleted that the new lineage edited, and the reverse.
  const deletedByClient = edits.filter((e) => e.op === 'delete' && e.path.length === 2).map((e) => keyOf(e.path));
  const clientDeletedEdited = deletedByClient.filter((rk) => [...byNewLineage].some((key) => key.startsWith(`${rk}/`))).length;
  return { ...out, edits: edits.length, skipped: skipped.length, clientDeletedEdited, n };
}

const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);

describe('rebase with an offline client of the old lineage (seeded fuzz)', () => {
  it.each(SEEDS)('gives what plain Yjs gives, except keys both sides wrote (seed %i)', (seed) => {
    const result = rebaseWithOfflineClient(seed);
    expect(result.mismatches).toEqual([]);
    expect(result.edits).toBeGreaterThan(0);
    expect(result.compared).toBeGreaterThan(150);
    for (const record of getMaps(result.n).elements.values()) expect((record as Y.Map<unknown>).get('props')).toBeInstanceOf(Y.Map);
  });

  it('exercises conflicts, deletes against edits both ways, and excluded keys stay few', () => {
    const totals = { edits: 0, skipped: 0, clientDeletedEdited: 0, compared: 0, excluded: 0 };
    for (const seed of SEEDS) {
      const result = rebaseWithOfflineClient(seed);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
    }
    // Edits inside records deleted after the rebase are skipped (the delete wins)...
    expect(totals.skipped).toBeGreaterThan(0);
    // ...and records the client deleted are gone even where the new lineage edited them.
    expect(totals.clientDeletedEdited).toBeGreaterThan(0);
    expect(totals.excluded).toBeGreaterThan(0);
    expect(totals.excluded).toBeLessThan(totals.compared / 20);
  });
});
