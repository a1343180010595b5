import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { classifyClient, editsOfEndedLineageClient, MalformedClientUpdate, rebaseDue, rebaseState } from '@/collab-server/lineage';
import type { LineageInfo } from '@/lib/db/documentStore';
import { countStructs, getMaps, readBuilding, updateElement } from '@/lib/doc';
import { planPoint } from '@/lib/model';
import v0 from '@/test/fixtures/model/building.v0.json';
import { writeRawBuilding } from '../doc/helpers';
import { must, seedBuilding } from '../../integration/collab/model';

const sv = (entries: [number, number][]) => new Map(entries);
const svOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

describe('classifyClient', () => {
  const rebasedTwice: LineageInfo = {
    current: 2,
    baseClient: 300,
    ended: [
      { lineage: 0, baseClient: null, finalStateVector: new Uint8Array([0]) },
      { lineage: 1, baseClient: 200, finalStateVector: new Uint8Array([0]) },
    ],
  };

  it.each([
    ['an empty state vector is a fresh client', sv([]), rebasedTwice, { kind: 'fresh' }],
    ['anyone is current on a document never rebased', sv([[7, 3]]), { current: 0, baseClient: null, ended: [] }, { kind: 'current' }],
    ['holding the current base client is current', sv([[7, 3], [300, 5000]]), rebasedTwice, { kind: 'current' }],
    ['holding an older base client is that lineage', sv([[7, 3], [200, 40]]), rebasedTwice, { kind: 'ended', lineage: rebasedTwice.ended[1] }],
    ['holding no base client is lineage 0', sv([[7, 3], [8, 1]]), rebasedTwice, { kind: 'ended', lineage: rebasedTwice.ended[0] }],
  ])('%s', (_, vector, info, expected) => {
    expect(classifyClient(vector, info)).toEqual(expected);
  });
});

describe('rebaseDue', () => {
  it('needs both the absolute and the relative amount of tombstones', () => {
    const doc = new Y.Doc();
    seedBuilding(doc, ['w1', 'w2']);
    for (let i = 1; i <= 30; i++) must(updateElement(doc, i % 2 ? 'w1' : 'w2', { a: planPoint(i, 0) }));
    const { items, deleted } = countStructs(doc);
    expect(deleted).toBeGreaterThan(20);
    const live = items - deleted;
    expect(rebaseDue(doc, { rebaseAfterDeleted: deleted, rebaseDeletedRatio: deleted / live })).toMatchObject({ due: true, items, deleted });
    expect(rebaseDue(doc, { rebaseAfterDeleted: deleted + 1, rebaseDeletedRatio: 0.01 }).due).toBe(false);
    expect(rebaseDue(doc, { rebaseAfterDeleted: 1, rebaseDeletedRatio: (deleted + 1) / live }).due).toBe(false);
  });
});

describe('rebaseState', () => {
  it('re-creates the content by a client id the document never used, and keeps the old state as it was', () => {
    const doc = new Y.Doc();
    seedBuilding(doc, ['w1', 'w2']);
    for (let i = 1; i <= 10; i++) must(updateElement(doc, 'w1', { a: planPoint(i, 0) }));
    const { finalState, newState, baseClient } = rebaseState(doc);
    expect(Array.from(finalState)).toEqual(Array.from(Y.encodeStateAsUpdate(doc)));
    expect(doc.store.clients.has(baseClient)).toBe(false);
    const rebased = new Y.Doc();
    Y.applyUpdate(rebased, newState);
    expect([...svOf(rebased).keys()]).toEqual([baseClient]);
    expect(readBuilding(rebased)).toEqual(readBuilding(doc));
    expect(countStructs(rebased).deleted).toBe(0);
  });
});

describe('editsOfEndedLineageClient', () => {
  /** The ended lineage's final state, and an offline client's copy of it. */
  function endedLineage(build: (doc: Y.Doc) => void) {
    const final = new Y.Doc();
    build(final);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(final));
    return { finalState: Y.encodeStateAsUpdate(final), final, client };
  }

  it('gives exactly the fields the client changed, as its update sent against the final state', () => {
    const { finalState, final, client } = endedLineage((d) => seedBuilding(d, ['w1', 'w2']));
    must(updateElement(client, 'w2', { name: 'offline name', props: { fireRating: 'EI60' } }));
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(final));
    expect(editsOfEndedLineageClient(finalState, [update])).toEqual({
      incomplete: false,
      edits: [
        { op: 'set', path: ['elements', 'w2', 'name'], value: { json: 'offline name' } },
        { op: 'set', path: ['elements', 'w2', 'props', 'fireRating'], value: { json: 'EI60' } },
      ],
    });
    expect(editsOfEndedLineageClient(finalState, [])).toEqual({ incomplete: false, edits: [] });
  });

  it('migrates both sides alike: on an old-schema lineage only the client\'s own change comes out', () => {
    // A v0 document whose element props are plain values: migration re-creates them as Y.Maps.
    const { finalState, final, client } = endedLineage((d) => {
      writeRawBuilding(d, v0);
      (getMaps(d).elements.get('w3') as Y.Map<unknown>).set('props', { fireRating: 'EI30' });
    });
    (getMaps(client).elements.get('w2') as Y.Map<unknown>).set('name', 'renamed offline');
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(final));
    expect(editsOfEndedLineageClient(finalState, [update]).edits).toEqual([{ op: 'set', path: ['elements', 'w2', 'name'], value: { json: 'renamed offline' } }]);
  });

  it('reports structs that depend on something neither side holds, and refuses undecodable updates', () => {
    const { finalState } = endedLineage((d) => seedBuilding(d, ['w1']));
    const elsewhere = new Y.Doc();
    seedBuilding(elsewhere, ['w9']);
    const dependent = new Y.Doc();
    Y.applyUpdate(dependent, Y.encodeStateAsUpdate(elsewhere));
    const before = Y.encodeStateVector(dependent);
    must(updateElement(dependent, 'w9', { name: 'depends on w9' }));
    expect(editsOfEndedLineageClient(finalState, [Y.encodeStateAsUpdate(dependent, before)])).toMatchObject({ incomplete: true, edits: [] });
    expect(() => editsOfEndedLineageClient(finalState, [new Uint8Array([1, 200, 7, 3, 255, 255, 255])])).toThrow(MalformedClientUpdate);
  });
});
