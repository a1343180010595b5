import { describe, expect, it } from 'vitest';
import {
  ELEMENT_KINDS,
  createElement,
  metres,
  planPoint,
  radians,
  validateElement,
  validateElementPatch,
  worldPoint,
  type Element,
} from '@/lib/model';

const base = { storeyId: 'L0', name: 'x', props: {} };
const valid: Record<Element['kind'], Record<string, unknown>> = {
  wall: { ...base, id: 'w1', kind: 'wall', a: [0, 0], b: [5, 0], thickness: 0.2, height: 3 },
  space: { ...base, id: 'r1', kind: 'space', polygon: [[0, 0], [4, 0], [4, 3]], number: '1.01', usage: 'office' },
  door: { ...base, id: 'd1', kind: 'door', hostId: 'w1', offset: 1, width: 0.9, height: 2.1, sill: 0 },
  window: { ...base, id: 'n1', kind: 'window', hostId: 'w1', offset: 1, width: 1.2, height: 1.2, sill: 0.9 },
  slab: { ...base, id: 's1', kind: 'slab', polygon: [[0, 0], [4, 0], [4, 3], [0, 3]], thickness: 0.25 },
  equipment: {
    ...base,
    id: 'e1',
    kind: 'equipment',
    position: [1, 2, 0.3],
    rotation: 0,
    system: 'electrical',
    type: 'outlet',
    status: 'ok',
    path: '/electrical/circuits/2/outlet_2A',
  },
  object: { ...base, id: 'o1', kind: 'object', category: 'furniture', position: [1, 1, 0], rotation: 0.5 },
};

function rejects(input: unknown, ...fragments: string[]) {
  const result = validateElement(input);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe('invalid_element');
    for (const f of fragments) expect(result.error.message).toContain(f);
  }
}

describe('validateElement', () => {
  it.each(ELEMENT_KINDS)('accepts a valid %s', (kind) => {
    const result = validateElement(valid[kind]);
    expect(result).toEqual({ ok: true, value: valid[kind] });
  });

  it('accepts optional ifc and asset fields', () => {
    const withRefs = { ...valid.wall, ifc: { globalId: '2O2Fr$t4X7Zf8NOew3FLOH', type: 'IfcWall' }, asset: 'a'.repeat(64) };
    expect(validateElement(withRefs).ok).toBe(true);
  });

  it.each([
    { name: 'a non-object', input: 42, fragments: ['element: must be an object'] },
    { name: 'a missing kind', input: { id: 'x' }, fragments: ['element.kind: is required'] },
    { name: 'an unknown kind', input: { ...valid.wall, kind: 'roof' }, fragments: ['element.kind: must be one of "wall"'] },
  ])('rejects $name', ({ input, fragments }) => rejects(input, ...fragments));

  const bad: { kind: Element['kind']; name: string; patch: Record<string, unknown>; fragments: string[] }[] = [
    { kind: 'wall', name: 'zero thickness', patch: { thickness: 0 }, fragments: ['wall.thickness: must be greater than 0'] },
    { kind: 'wall', name: 'negative height', patch: { height: -3 }, fragments: ['wall.height: must be greater than 0'] },
    { kind: 'wall', name: 'NaN thickness', patch: { thickness: Number.NaN }, fragments: ['wall.thickness: must be a finite number'] },
    { kind: 'wall', name: 'an infinite coordinate', patch: { a: [Infinity, 0] }, fragments: ['wall.a[0]: must be a finite number'] },
    { kind: 'wall', name: 'a 3D end point', patch: { b: [1, 2, 3] }, fragments: ['wall.b: must have at most 2 items'] },
    { kind: 'wall', name: 'a string coordinate', patch: { b: ['1', 0] }, fragments: ['wall.b[0]: must be a number, got "1"'] },
    { kind: 'wall', name: 'equal end points', patch: { b: [0, 0] }, fragments: ['wall.b: must not be the same point as the other end'] },
    { kind: 'wall', name: 'a missing field', patch: { thickness: undefined }, fragments: ['wall.thickness: is required'] },
    { kind: 'wall', name: 'an unknown field', patch: { colour: 'red' }, fragments: ['wall.colour: is not a known field'] },
    { kind: 'wall', name: 'an empty id', patch: { id: '' }, fragments: ['wall.id: must not be empty'] },
    { kind: 'wall', name: 'a bad asset hash', patch: { asset: 'abc' }, fragments: ['wall.asset: must be a sha256 digest'] },
    { kind: 'wall', name: 'an ifc ref without type', patch: { ifc: { globalId: 'x' } }, fragments: ['wall.ifc.type: is required'] },
    { kind: 'wall', name: 'a nested prop value', patch: { props: { a: { b: 1 } } }, fragments: ['wall.props.a'] },
    { kind: 'space', name: 'two points', patch: { polygon: [[0, 0], [1, 0]] }, fragments: ['space.polygon: must have at least 3 points'] },
    { kind: 'space', name: 'a zero-area polygon', patch: { polygon: [[0, 0], [1, 0], [2, 0]] }, fragments: ['space.polygon: must enclose a non-zero area'] },
    { kind: 'space', name: 'a bow tie', patch: { polygon: [[0, 0], [2, 2], [2, 0], [0, 2]] }, fragments: ['space.polygon: must not intersect itself'] },
    { kind: 'space', name: 'a numeric number', patch: { number: 12 }, fragments: ['space.number: must be a string, got 12'] },
    { kind: 'door', name: 'a negative offset', patch: { offset: -1 }, fragments: ['door.offset: must be 0 or greater'] },
    { kind: 'door', name: 'zero width', patch: { width: 0 }, fragments: ['door.width: must be greater than 0'] },
    { kind: 'door', name: 'no host', patch: { hostId: undefined }, fragments: ['door.hostId: is required'] },
    { kind: 'window', name: 'a negative sill', patch: { sill: -0.1 }, fragments: ['window.sill: must be 0 or greater'] },
    { kind: 'slab', name: 'negative thickness', patch: { thickness: -1 }, fragments: ['slab.thickness: must be greater than 0'] },
    { kind: 'equipment', name: 'an unknown system', patch: { system: 'steam' }, fragments: ['equipment.system: must be one of "electrical"'] },
    { kind: 'equipment', name: 'an unknown status', patch: { status: 'broken' }, fragments: ['equipment.status: must be one of "ok", "needs-repair"'] },
    { kind: 'equipment', name: 'a 2D position', patch: { position: [1, 2] }, fragments: ['equipment.position: must have at least 3 items'] },
    { kind: 'equipment', name: 'an invalid path', patch: { path: '/electrical//x' }, fragments: ['equipment.path: segment [1] must not be empty'] },
    { kind: 'equipment', name: 'a path of another system', patch: { path: '/hvac/ahu_1' }, fragments: ['equipment.path: must start with "/electrical"'] },
    { kind: 'equipment', name: 'an empty type', patch: { type: '' }, fragments: ['equipment.type: must not be empty'] },
    { kind: 'object', name: 'an empty category', patch: { category: '' }, fragments: ['object.category: must not be empty'] },
    { kind: 'object', name: 'an infinite rotation', patch: { rotation: -Infinity }, fragments: ['object.rotation: must be a finite number'] },
  ];
  it.each(bad)('rejects a $kind with $name', ({ kind, patch, fragments }) => {
    const input: Record<string, unknown> = { ...valid[kind], ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete input[k];
    rejects(input, ...fragments);
  });

  it('reports every problem, not just the first', () => {
    const result = validateElement({ ...valid.wall, thickness: 0, height: -1, extra: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues.map((i) => i.path).sort()).toEqual(['extra', 'height', 'thickness']);
    }
  });
});

describe('validateElementPatch', () => {
  const wall = validateElement(valid.wall);
  if (!wall.ok) throw new Error('fixture');

  it('applies a patch and validates the result', () => {
    const result = validateElementPatch(wall.value, { name: 'North wall', thickness: metres(0.3) });
    expect(result.ok && result.value).toMatchObject({ name: 'North wall', thickness: 0.3, a: [0, 0] });
  });

  it('removes optional fields set to undefined', () => {
    const withAsset = { ...wall.value, asset: 'b'.repeat(64) };
    const result = validateElementPatch(withAsset, { asset: undefined });
    expect(result.ok && 'asset' in result.value).toBe(false);
  });

  it.each([
    { field: 'kind', value: 'space' },
    { field: 'id', value: 'w2' },
  ])('refuses to change $field', ({ field, value }) => {
    const result = validateElementPatch(wall.value, { [field]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_patch');
      expect(result.error.message).toBe(`wall.${field}: cannot be changed`);
    }
  });

  it('allows repeating id and kind unchanged', () => {
    expect(validateElementPatch(wall.value, { id: 'w1', kind: 'wall', name: 'y' }).ok).toBe(true);
  });

  it('rejects a patch that makes the element invalid', () => {
    const result = validateElementPatch(wall.value, { b: planPoint(0, 0) });
    expect(!result.ok && result.error.message).toContain('wall.b: must not be the same point as the other end');
  });
});

describe('createElement', () => {
  it('fills the kind defaults', () => {
    const result = createElement('wall', { id: 'w9', storeyId: 'L0', a: planPoint(0, 0), b: planPoint(3, 0) });
    expect(result).toEqual({
      ok: true,
      value: { id: 'w9', kind: 'wall', storeyId: 'L0', name: 'Wall', props: {}, a: [0, 0], b: [3, 0], thickness: 0.2, height: 3 },
    });
  });

  it('generates an id and an equipment path', () => {
    const result = createElement('equipment', { storeyId: 'L0', position: worldPoint(0, 0, 0), system: 'hvac' });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.value.path).toBe(`/hvac/${result.value.id}`);
      expect(result.value.status).toBe('ok');
      expect(result.value.rotation).toBe(radians(0));
    }
  });

  it('validates the result', () => {
    const result = createElement('door', { storeyId: 'L0', hostId: 'w1', width: metres(-1) });
    expect(!result.ok && result.error.message).toContain('door.width: must be greater than 0');
  });
});
