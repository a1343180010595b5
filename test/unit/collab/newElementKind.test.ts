/**
 * Adding an element kind is one file plus a registry line (lib/model/README.md): the `stair` of
 * test/fixtures/model/stairKind.ts, registered beside the built-in kinds, is validated by the
 * collab server's gate on real Yjs updates, like any built-in kind.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAP_NAMES, ORIGIN, RemoteOrigin } from '@/lib/doc';
import { BUILT_IN_KINDS, createElementRegistry, validateRecordField, type ElementRegistry } from '@/lib/model';
import { UpdateGate, type GateResult } from '@/collab-server/UpdateGate';
import { createModelValidators } from '@/collab-server/validateChange';
import { seedBuilding } from '@/test/integration/collab/model';
import { stairKind } from '@/test/fixtures/model/stairKind';

const WITH_STAIRS = createElementRegistry([...BUILT_IN_KINDS, stairKind]);

/** 16 risers of 0.1875 m for a 3 m rise. */
function stairRecord(id: string, extra: Record<string, unknown> = {}) {
  return { id, kind: 'stair', storeyId: 'L0', name: id, props: {}, position: [1, 1, 0], rotation: 0, form: 'straight', width: 1.1, rise: 3, risers: 16, ...extra };
}

/** A room's live model document behind a gate built on `elements`, fed updates as clients send them. */
function roomWith(elements?: ElementRegistry) {
  const live = new Y.Doc();
  seedBuilding(live, ['w1']);
  const { validate, fastPath } = createModelValidators(elements);
  const gate = new UpdateGate(live, MAP_NAMES, validate, fastPath);
  /** A client in step with the room makes `change` in one local transaction; the gate gets its update. */
  const send = (change: (elements: Y.Map<Y.Map<unknown>>) => void): GateResult => {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    let update: Uint8Array | undefined;
    client.on('update', (u: Uint8Array) => (update = u));
    client.transact(() => change(client.getMap('elements')), ORIGIN.local);
    return gate.apply(update!, new RemoteOrigin('client'), 'user');
  };
  const add = (record: Record<string, unknown>) =>
    send((elements) => {
      const map = new Y.Map<unknown>();
      elements.set(String(record.id), map);
      for (const [field, value] of Object.entries(record)) map.set(field, value);
    });
  const set = (id: string, field: string, value: unknown) => send((elements) => elements.get(id)!.set(field, value));
  return { live, add, set };
}

const verdict = (result: GateResult) =>
  result.kind === 'invalid'
    ? { kind: result.kind, via: result.via, issues: result.issues }
    : result.kind === 'applied'
      ? { kind: result.kind, via: result.via, mergeInvalid: result.mergeInvalid }
      : { kind: result.kind };

describe('a new element kind registered beside the built-in ones', () => {
  it('is accepted by the gate when valid, new or edited field by field', () => {
    const room = roomWith(WITH_STAIRS);
    expect(verdict(room.add(stairRecord('s1')))).toEqual({ kind: 'applied', via: 'scratch', mergeInvalid: [] });
    expect(verdict(room.set('s1', 'width', 1.2))).toEqual({ kind: 'applied', via: 'fields', mergeInvalid: [] });
    expect(room.live.getMap<Y.Map<unknown>>('elements').get('s1')!.toJSON()).toEqual(stairRecord('s1', { width: 1.2 }));
  });

  it('refuses a field value its own schema refuses, in a new stair and in an edit', () => {
    const room = roomWith(WITH_STAIRS);
    expect(verdict(room.add(stairRecord('s1', { risers: -16 })))).toEqual({
      kind: 'invalid',
      via: 'scratch',
      issues: [{ path: 'elements.s1.risers', message: 'must be greater than 0' }],
    });
    room.add(stairRecord('s1'));
    expect(verdict(room.set('s1', 'risers', 15.5))).toEqual({ kind: 'invalid', via: 'fields', issues: [{ path: 'elements.s1.risers', message: 'must be an integer' }] });
    expect(verdict(room.set('s1', 'landing', true))).toEqual({ kind: 'invalid', via: 'fields', issues: [{ path: 'elements.s1.landing', message: 'is not a known field' }] });
    expect(room.live.getMap<Y.Map<unknown>>('elements').get('s1')!.get('risers')).toBe(16);
  });

  it('refuses a new stair that breaks its cross-field rule', () => {
    const room = roomWith(WITH_STAIRS);
    expect(verdict(room.add(stairRecord('s2', { risers: 5 })))).toEqual({
      kind: 'invalid',
      via: 'scratch',
      issues: [{ path: 'elements.s2.risers', message: 'must be at least 14 for a rise of 3 m (a riser is at most 0.22 m)' }],
    });
    expect(room.live.getMap('elements').has('s2')).toBe(false);
  });

  it('re-checks an existing stair whole only when an edit writes a field its rule reads (SPEC 5: accepted, counted)', () => {
    const room = roomWith(WITH_STAIRS);
    room.add(stairRecord('s1'));
    expect(verdict(room.set('s1', 'risers', 10))).toEqual({ kind: 'applied', via: 'fields', mergeInvalid: ['elements.s1'] });
    expect(verdict(room.set('s1', 'name', 'Main stair'))).toEqual({ kind: 'applied', via: 'fields', mergeInvalid: [] });
    expect(verdict(room.set('s1', 'rise', 2))).toEqual({ kind: 'applied', via: 'fields', mergeInvalid: [] });
  });

  it('refuses a change of a field the kind declares immutable', () => {
    const room = roomWith(WITH_STAIRS);
    room.add(stairRecord('s1'));
    expect(verdict(room.set('s1', 'form', 'spiral'))).toEqual({ kind: 'invalid', via: 'scratch', issues: [{ path: 'elements.s1.form', message: 'is immutable' }] });
    expect(verdict(room.set('s1', 'form', 'straight'))).toEqual({ kind: 'applied', via: 'scratch', mergeInvalid: [] });
    expect(verdict(room.set('s1', 'kind', 'wall'))).toEqual({ kind: 'invalid', via: 'scratch', issues: [{ path: 'elements.s1.kind', message: 'is immutable' }] });
  });

  it('is an unknown kind to the built-in registry, which refuses a stair', () => {
    const room = roomWith();
    const result = room.add(stairRecord('s1'));
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.issues).toEqual([{ path: 'elements.s1.kind', message: expect.stringContaining('must be one of "wall"') }]);
    expect(room.live.getMap('elements').has('s1')).toBe(false);
    expect(validateRecordField('elements', 'stair', 'risers', 16).ok).toBe(false);
    expect(validateRecordField('elements', 'stair', 'risers', 16, WITH_STAIRS).ok).toBe(true);
  });
});
