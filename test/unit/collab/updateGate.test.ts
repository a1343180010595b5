/**
 * The update gate's fast path (field writes checked from the update's structs) against its
 * scratch-copy path, on the same seeded random edits: same verdicts, same issues, same documents.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, MAP_NAMES, ORIGIN, RemoteOrigin } from '@/lib/doc';
import { structRanges, UpdateGate, type GateResult } from '@/collab-server/UpdateGate';
import { validateModelChange, validateModelFieldWrites } from '@/collab-server/validateChange';
import { rng } from '@/test/helpers/random';
import { must, seedBuilding, snapshot, wallRecord } from '@/test/integration/collab/model';

const FAST = { collections: ['storeys', 'elements', 'connections'], validate: validateModelFieldWrites };

function equipmentRecord(id: string) {
  return { id, kind: 'equipment', storeyId: 'L0', name: id, props: {}, position: [1, 2, 0], rotation: 0, system: 'hvac', type: 'fan', status: 'ok', path: `/hvac/${id}` };
}

/** One random edit of `doc` as raw Yjs writes (so invalid values get through), in one transaction. */
function randomEdit(doc: Y.Doc, random: () => number, step: number): void {
  const elements = doc.getMap<Y.Map<unknown>>('elements');
  const ids = [...elements.keys()];
  if (ids.length === 0) {
    doc.transact(() => {
      const map = new Y.Map<unknown>();
      elements.set(`new-${step}`, map);
      for (const [k, v] of Object.entries(wallRecord(`new-${step}`, step))) map.set(k, v);
    }, ORIGIN.local);
    return;
  }
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const id = pick(ids);
  const record = elements.get(id)!;
  const r = random();
  doc.transact(() => {
    if (r < 0.45) record.set(pick(['name', 'thickness', 'height', 'position', 'rotation', 'status']), pick<unknown>(['Renamed', '', 'x'.repeat(300), 0.3, -1, 3, [1, 2], [4, 5, 0], 'ok', 'broken', 2.5, null]));
    else if (r < 0.55) {
      record.set('name', `n${step}`);
      record.set('thickness', pick([0.25, -2]));
    } else if (r < 0.62) record.set(pick(['kind', 'id']), pick(['door', 'other-id']));
    else if (r < 0.67) record.set('bogus', 1);
    else if (r < 0.7) record.delete('name');
    else if (r < 0.73) {
      // A write plus a deletion the fast path must not wave through (a required field, a record).
      record.set('name', `n${step}`);
      if (random() < 0.5) record.delete('storeyId');
      else elements.delete(pick(ids.filter((other) => other !== id).concat(id)));
    } else if (r < 0.77) elements.delete(id);
    else if (r < 0.85) {
      const map = new Y.Map<unknown>();
      elements.set(`new-${step}`, map);
      for (const [k, v] of Object.entries(random() < 0.5 ? wallRecord(`new-${step}`, step) : equipmentRecord(`new-${step}`))) map.set(k, v);
    } else if (r < 0.87) record.set('a', pick([[0, 0], [9, 9]]));
    else if (r < 0.92) {
      // A key of the record's nested props map, sometimes with a value props do not allow.
      const props = record.get('props');
      if (props instanceof Y.Map) props.set(pick(['note', 'benchSentAt', 'fire rating']), pick<unknown>(['EI 60', 42, true, { deep: 1 }, null]));
      else record.set('props', { note: 'plain' });
      if (random() < 0.3) record.set('name', `with props ${step}`);
    }
    else if (r < 0.96) record.set('path', pick(['/hvac/moved', '/electrical/x', 'not a path']));
    else doc.getMap('meta').set('name', pick(['Renamed building', '']));
  }, ORIGIN.local);
}

const verdict = (r: GateResult) => (r.kind === 'invalid' ? { kind: r.kind, issues: r.issues } : r.kind === 'applied' ? { kind: r.kind, mergeInvalid: r.mergeInvalid } : { kind: r.kind });

describe('UpdateGate fast path', () => {
  it.each([1, 2, 3, 4, 5])('gives the scratch copy\'s verdicts and documents on seeded random edits (seed %i)', (seed) => {
    const random = rng(seed).next;
    const base = new Y.Doc();
    seedBuilding(base, ['w1', 'w2', 'w3']);
    must(addElement(base, equipmentRecord('e1')));
    must(addElement(base, equipmentRecord('e2')));
    const state = Y.encodeStateAsUpdate(base);
    const [fastDoc, slowDoc] = [new Y.Doc(), new Y.Doc()];
    Y.applyUpdate(fastDoc, state);
    Y.applyUpdate(slowDoc, state);
    const fast = new UpdateGate(fastDoc, MAP_NAMES, validateModelChange, FAST);
    const slow = new UpdateGate(slowDoc, MAP_NAMES, validateModelChange);
    let client = new Y.Doc();
    Y.applyUpdate(client, state);
    const via = { fields: 0, scratch: 0 };
    for (let step = 0; step < 300; step++) {
      const updates: Uint8Array[] = [];
      const record = (u: Uint8Array) => updates.push(u);
      client.on('update', record);
      randomEdit(client, random, step);
      client.off('update', record);
      if (updates.length === 0) continue;
      const a = fast.apply(updates[0]!, new RemoteOrigin('c'), 'user');
      const b = slow.apply(updates[0]!, new RemoteOrigin('c'), 'user');
      expect(verdict(a), `step ${step}`).toEqual(verdict(b));
      if (a.kind === 'applied' || a.kind === 'invalid') via[a.via]++;
      if (a.kind === 'invalid') {
        // The server refused it: the client starts over from the server's state.
        client = new Y.Doc();
        Y.applyUpdate(client, Y.encodeStateAsUpdate(fastDoc));
      }
      expect(Y.encodeStateVector(fastDoc)).toEqual(Y.encodeStateVector(slowDoc));
    }
    expect(snapshot(fastDoc)).toEqual(snapshot(slowDoc));
    expect(fastDoc.getMap('elements').toJSON()).toEqual(slowDoc.getMap('elements').toJSON());
    // Both paths were exercised, the fast one for most edits.
    expect(via.fields).toBeGreaterThan(60);
    expect(via.scratch).toBeGreaterThan(20);
    // The scratch copy still agrees after the fast path moved the live doc on (backlog caught up).
    const check = new Y.Doc();
    Y.applyUpdate(check, Y.encodeStateAsUpdate(fastDoc));
    expect(check.getMap('elements').toJSON()).toEqual(fastDoc.getMap('elements').toJSON());
  });
});

describe('UpdateGate.write (the server\'s own writes)', () => {
  it('reports the structs it added, per client, exactly as decoding its update would', () => {
    const live = new Y.Doc();
    seedBuilding(live, ['w1', 'w2', 'w3']);
    const gate = new UpdateGate(live, MAP_NAMES, validateModelChange, FAST);
    const writes: ((doc: Y.Doc) => void)[] = [
      (doc) => {
        for (const id of ['e1', 'e2']) must(addElement(doc, { ...equipmentRecord(id), props: { 'Pset.A': 1, 'Pset.B': 'two' } }));
      },
      (doc) => {
        const elements = doc.getMap<Y.Map<unknown>>('elements');
        elements.get('w1')!.set('name', 'Renamed');
        (elements.get('e1')!.get('props') as Y.Map<unknown>).set('Pset.C', true);
        elements.delete('w2');
      },
      (doc) => doc.getMap<Y.Map<unknown>>('elements').delete('w3'),
    ];
    for (const write of writes) {
      const result = gate.write(write, new RemoteOrigin('server'));
      expect(result.kind).toBe('applied');
      if (result.kind !== 'applied') continue;
      expect(result.ranges).toEqual(structRanges(result.update));
    }
  });
});
