/**
 * The model rules the collab server validates with: one field of a record (`validateRecordField`),
 * and the cross-field rules, which the server re-checks on an existing record exactly when an
 * update writes a field the rule reads (SPEC.md rule 5).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addConnection, addElement, MAP_NAMES, ORIGIN, RemoteOrigin } from '@/lib/doc';
import { BUILT_IN_KINDS, connectionType, storeyType, validateRecordField, type RecordCollection, type RecordType } from '@/lib/model';
import { UpdateGate } from '@/collab-server/UpdateGate';
import { createModelValidators } from '@/collab-server/validateChange';
import { must, seedBuilding } from '@/test/integration/collab/model';

const EQUIPMENT = { id: 'e1', kind: 'equipment', storeyId: 'L0', name: 'Fan', props: {}, position: [1, 2, 0], rotation: 0, system: 'hvac', type: 'fan', status: 'ok', path: '/hvac/e1' };

describe('validateRecordField', () => {
  const cases: { collection: RecordCollection; kind?: string; field: string; value: unknown; issues: { path: string; message: string }[] }[] = [
    { collection: 'elements', kind: 'wall', field: 'thickness', value: 0.3, issues: [] },
    { collection: 'elements', kind: 'wall', field: 'thickness', value: -1, issues: [{ path: 'thickness', message: 'must be greater than 0' }] },
    { collection: 'elements', kind: 'wall', field: 'a', value: [Infinity, 0], issues: [{ path: 'a[0]', message: 'must be a finite number' }] },
    // A rule spanning fields is not a field's: `b` equal to `a` is for the whole-record check.
    { collection: 'elements', kind: 'wall', field: 'b', value: [0, 0], issues: [] },
    { collection: 'elements', kind: 'wall', field: 'colour', value: 'red', issues: [{ path: 'colour', message: 'is not a known field' }] },
    { collection: 'elements', kind: 'wall', field: 'constructor', value: {}, issues: [{ path: 'constructor', message: 'is not a known field' }] },
    { collection: 'elements', kind: 'wall', field: 'props', value: { note: 'EI 60', level: 2 }, issues: [] },
    { collection: 'elements', kind: 'wall', field: 'props', value: { '': 1 }, issues: [{ path: 'props', message: 'has a property with an empty name' }] },
    { collection: 'elements', kind: 'roof', field: 'name', value: 'x', issues: [{ path: 'kind', message: 'is not a known element kind' }] },
    { collection: 'elements', kind: undefined, field: 'name', value: 'x', issues: [{ path: 'kind', message: 'is not a known element kind' }] },
    { collection: 'elements', kind: 'door', field: 'width', value: 0, issues: [{ path: 'width', message: 'must be greater than 0' }] },
    { collection: 'elements', kind: 'equipment', field: 'path', value: 'not a path', issues: [] },
    { collection: 'elements', kind: 'equipment', field: 'type', value: '', issues: [{ path: 'type', message: 'must not be empty' }] },
    { collection: 'elements', kind: 'object', field: 'position', value: [1, 2], issues: [{ path: 'position', message: 'must have at least 3 items' }] },
    { collection: 'storeys', field: 'height', value: 0, issues: [{ path: 'height', message: 'must be greater than 0' }] },
    { collection: 'storeys', field: 'order', value: 1.5, issues: [{ path: 'order', message: 'must be an integer' }] },
    { collection: 'storeys', field: 'kind', value: 'wall', issues: [{ path: 'kind', message: 'is not a known field' }] },
    { collection: 'connections', field: 'to', value: 'w1', issues: [] },
    { collection: 'connections', field: 'from', value: 42, issues: [{ path: 'from', message: 'must be a string, got 42' }] },
    { collection: 'meta', field: 'name', value: '', issues: [{ path: 'name', message: 'must not be empty' }] },
    { collection: 'meta', field: 'units', value: 'ft', issues: [{ path: 'units', message: 'must be "m"' }] },
  ];
  const titled = cases.map((c) => [`${c.collection}${c.kind === undefined ? '' : ` (${c.kind})`}: ${c.field} = ${JSON.stringify(c.value)} -> ${JSON.stringify(c.issues)}`, c] as const);
  it.each(titled)('%s', (_title, { collection, kind, field, value, issues }) => {
    const result = validateRecordField(collection, kind, field, value);
    expect(result.ok ? [] : result.error.issues).toEqual(issues);
  });
});

/** Every record type with a cross-field rule, with a valid record of it. */
const RULES: [string, RecordType, Record<string, unknown>][] = [
  ['wall', BUILT_IN_KINDS[0], { id: 'w1', kind: 'wall', storeyId: 'L0', name: '', props: {}, a: [0, 0], b: [0, 4], thickness: 0.2, height: 3 }],
  ['equipment', BUILT_IN_KINDS[5], EQUIPMENT],
  ['connection', connectionType, { id: 'c1', from: 'w1', to: 'e1', medium: 'power' }],
];

describe('cross-field rules', () => {
  it('are the rules of exactly the wall, equipment and connection types', () => {
    const withRule = [...BUILT_IN_KINDS, storeyType, connectionType].filter((type) => type.crossField !== undefined).map((type) => type.label);
    expect(withRule).toEqual(RULES.map(([label]) => label));
  });

  it.each(RULES)('%s: its rule reads only the fields it lists, and they are fields of the record', (_label, type, record) => {
    const read = new Set<string>();
    const spy = new Proxy(record, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const issues: string[] = [];
    type.crossField!.check(spy, (field, message) => issues.push(`${field}: ${message}`));
    expect(issues).toEqual([]);
    expect(read.size).toBeGreaterThan(0);
    for (const field of read) expect(type.crossField!.reads).toContain(field);
    for (const field of type.crossField!.reads) expect(Object.keys(type.fields)).toContain(field);
  });
});

describe('validateModelChange: cross-field re-checks of existing records', () => {
  /** w1 (a wall), e1 (equipment), c1 (w1 feeds e1), after `setup` wrote to the live doc directly. */
  function gates(setup: (elements: Y.Map<Y.Map<unknown>>) => void) {
    const { validate, fastPath } = createModelValidators();
    return (['fields', 'scratch'] as const).map((via) => {
      const live = new Y.Doc();
      seedBuilding(live, ['w1']);
      must(addElement(live, EQUIPMENT));
      must(addConnection(live, { id: 'c1', from: 'w1', to: 'e1', medium: 'power' }));
      setup(live.getMap('elements'));
      return { live, gate: new UpdateGate(live, MAP_NAMES, validate, via === 'fields' ? fastPath : undefined) };
    });
  }

  it.each(([
    { name: 'a wall whose a changes to equal b is re-checked and counted', edit: ['elements', 'w1', 'a', [0, 4]], mergeInvalid: ['elements.w1'] },
    { name: 'a wall whose a changes and stays valid is re-checked and passes', edit: ['elements', 'w1', 'a', [1, 0]], mergeInvalid: [] },
    { name: 'a degenerate wall whose b changes is re-checked and counted', setup: ['w1', 'a', [0, 4]], edit: ['elements', 'w1', 'b', [0, 4]], mergeInvalid: ['elements.w1'] },
    { name: 'a degenerate wall whose thickness changes is not re-checked', setup: ['w1', 'a', [0, 4]], edit: ['elements', 'w1', 'thickness', 0.3], mergeInvalid: [] },
    { name: 'equipment whose system no longer starts its path is counted', edit: ['elements', 'e1', 'system', 'electrical'], mergeInvalid: ['elements.e1'] },
    { name: 'equipment whose path no longer parses is counted', edit: ['elements', 'e1', 'path', 'not a path'], mergeInvalid: ['elements.e1'] },
    { name: 'equipment with a mismatched path whose status changes is not re-checked', setup: ['e1', 'path', '/electrical/e1'], edit: ['elements', 'e1', 'status', 'offline'], mergeInvalid: [] },
    { name: 'a connection whose to becomes its from is counted', edit: ['connections', 'c1', 'to', 'w1'], mergeInvalid: ['connections.c1'] },
    { name: 'a storey (no cross-field rule) is never re-checked', edit: ['storeys', 'L0', 'height', 4], mergeInvalid: [] },
  ] as { name: string; setup?: [string, string, unknown]; edit: [string, string, string, unknown]; mergeInvalid: string[] }[]).map((c) => [c.name, c] as const))(
    '%s',
    (_name, { setup, edit: [collection, id, field, value], mergeInvalid }) => {
      for (const { live, gate } of gates((elements) => setup && elements.get(setup[0])!.set(setup[1], setup[2]))) {
        const client = new Y.Doc();
        Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
        let update: Uint8Array | undefined;
        client.on('update', (u: Uint8Array) => (update = u));
        client.transact(() => client.getMap<Y.Map<unknown>>(collection).get(id)!.set(field, value), ORIGIN.local);
        const result = gate.apply(update!, new RemoteOrigin('c'), 'user');
        expect(result).toMatchObject({ kind: 'applied', mergeInvalid });
      }
    },
  );
});
