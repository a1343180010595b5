import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { copyWithoutHistory, countStructs, getMaps, moveElements, ORIGIN, readBuilding, updateElement } from '@/lib/doc';
import { planVector } from '@/lib/model';
import { rng } from '@/test/helpers/random';
import { building, loadUpdate, randomEdits, REBASE_CLIENT, ROOTS, rootsJSON } from './buildingEdits';
import { stateOf } from './helpers';

describe('copyWithoutHistory', () => {
  it('re-creates a heavily edited building with the same content, no tombstones and one client id', () => {
    const doc = building(100);
    randomEdits(rng(7), [doc], 'h', 400);
    const before = countStructs(doc);
    expect(before.deleted).toBeGreaterThan(100);

    const copy = loadUpdate(copyWithoutHistory(doc, ROOTS, REBASE_CLIENT, ORIGIN.migration));

    expect(rootsJSON(copy)).toEqual(rootsJSON(doc));
    expect(readBuilding(copy)).toEqual(readBuilding(doc));
    const after = countStructs(copy);
    expect(after.deleted).toBe(0);
    expect(after.items).toBeLessThan(before.items);
    // One item per live value: exactly the original's items that are not tombstones.
    expect(after.items).toBe(before.items - before.deleted);
    expect([...copy.store.clients.keys()]).toEqual([REBASE_CLIENT]);
    for (const record of getMaps(copy).elements.values()) {
      expect(record).toBeInstanceOf(Y.Map);
      expect((record as Y.Map<unknown>).get('props')).toBeInstanceOf(Y.Map);
    }
  });

  it('re-creates nested Y.Array and Y.Text as such', () => {
    const doc = new Y.Doc();
    const root = doc.getMap<unknown>('things');
    root.set('list', Y.Array.from([1, 'two']));
    root.set('note', new Y.Text('hello'));
    root.set('nested', new Y.Map<unknown>([['deeper', new Y.Map<unknown>([['list', Y.Array.from([{ a: 1 }])]])]]));
    root.set('plain', { a: [1, 2], b: null });

    const copy = loadUpdate(copyWithoutHistory(doc, ['things'], 1));
    const things = copy.getMap<unknown>('things');
    expect(things.toJSON()).toEqual(root.toJSON());
    expect(things.get('list')).toBeInstanceOf(Y.Array);
    expect(things.get('note')).toBeInstanceOf(Y.Text);
    const deeper = (things.get('nested') as Y.Map<unknown>).get('deeper') as Y.Map<unknown>;
    expect(deeper.get('list')).toBeInstanceOf(Y.Array);
  });

  it('gives byte-identical updates for equal content, whatever the history', () => {
    const quick = building(1);
    const slow = building(2);
    updateElement(slow, 'w0', { name: 'Renamed' });
    updateElement(slow, 'w0', { name: 'Wall 0' });
    moveElements(slow, ['e1'], planVector(1, 0));
    moveElements(slow, ['e1'], planVector(-1, 0));
    expect(rootsJSON(slow)).toEqual(rootsJSON(quick));
    expect(copyWithoutHistory(slow, ROOTS, 9)).toEqual(copyWithoutHistory(quick, ROOTS, 9));
  });

  it('copies a root read from an update before anyone defined it', () => {
    const loaded = loadUpdate(stateOf(building(1)));
    expect(loaded.share.get('elements')?.constructor).toBe(Y.AbstractType);
    const copy = loadUpdate(copyWithoutHistory(loaded, ROOTS, 3));
    expect(rootsJSON(copy)).toEqual(rootsJSON(loaded));
  });

  it('keeps an empty or never written root empty', () => {
    const doc = new Y.Doc();
    doc.getMap('empty');
    const copy = loadUpdate(copyWithoutHistory(doc, ['empty', 'never'], 4));
    expect(copy.getMap('empty').size).toBe(0);
    expect(copy.getMap('never').size).toBe(0);
    expect(countStructs(copy)).toEqual({ items: 0, deleted: 0 });
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN])('refuses the client id %s', (clientId) => {
    expect(() => copyWithoutHistory(building(1), ROOTS, clientId)).toThrow(/clientId must be a uint32/);
  });

  it('refuses a root of another type and unsupported values inside a map', () => {
    const xmlRoot = new Y.Doc();
    xmlRoot.getXmlFragment('x').insert(0, [new Y.XmlText('t')]);
    expect(() => copyWithoutHistory(xmlRoot, ['x'], 1)).toThrow('copyWithoutHistory: root "x" is a YXmlFragment, not a Y.Map');
    const loadedXml = loadUpdate(stateOf(xmlRoot));
    expect(() => copyWithoutHistory(loadedXml, ['x'], 1)).toThrow(/root "x" is an undefined type holding list content/);

    const nested = new Y.Doc();
    nested.getMap('m').set('k', new Y.Map<unknown>([['xml', new Y.XmlFragment()]]));
    expect(() => copyWithoutHistory(nested, ['m'], 1)).toThrow('unsupported value at ["m","k","xml"]: a YXmlFragment');

    const formatted = new Y.Doc();
    const text = new Y.Text();
    formatted.getMap('m').set('t', text);
    text.insert(0, 'bold', { bold: true });
    expect(() => copyWithoutHistory(formatted, ['m'], 1)).toThrow('unsupported value at ["m","t"]: a Y.Text with formatting or embeds');

    const subdoc = new Y.Doc();
    subdoc.getMap('m').set('doc', new Y.Doc());
    expect(() => copyWithoutHistory(subdoc, ['m'], 1)).toThrow('a Y.Doc (subdocument)');
  });
});

describe('countStructs', () => {
  it('counts items and tombstones, and not the GC structs of a deleted record', () => {
    const doc = new Y.Doc();
    const records = doc.getMap<unknown>('records');
    records.set('a', new Y.Map<unknown>([['x', 1], ['y', 2]]));
    expect(countStructs(doc)).toEqual({ items: 3, deleted: 0 });
    (records.get('a') as Y.Map<unknown>).set('x', 3);
    expect(countStructs(doc)).toEqual({ items: 4, deleted: 1 });
    records.delete('a');
    // The record's item stays as a tombstone; its fields become GC structs.
    expect(countStructs(doc)).toEqual({ items: 1, deleted: 1 });
  });
});
