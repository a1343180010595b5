/**
 * SceneController: the 3D scene's index over one THREE.BatchedMesh per bucket. Every test drives it
 * like the app does (mutate the element map, `markDirty` the ids, `flush(storeys)`) and reads the
 * result back from the batches themselves: instances through `elementAt` over every batchId, and
 * what an instance draws from the batch's own position/index buffers and instance matrix. Where an
 * incremental change is checked in full, the oracle is a fresh `build` of the same elements.
 */
import * as THREE from 'three';
import { afterEach, describe, expect, it } from 'vitest';
import { SceneController, type StoreyFilter } from '@/components/scene/SceneController';
import { shapeOf, type Bucket, type ShapeContext } from '@/components/scene/geometry';
import {
  EQUIPMENT_SYSTEMS,
  createElement,
  createStorey,
  metres,
  planPoint,
  radians,
  worldPoint,
  type Door,
  type Element,
  type EquipmentSystem,
  type ModelError,
  type PlanPoint,
  type Result,
  type Storey,
  type Window,
} from '@/lib/model';

// ---- model fixtures ------------------------------------------------------------------------

const ok = <T>(r: Result<T, ModelError>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const m = metres;
type XY = readonly [number, number];
const ring = (points: readonly XY[]): PlanPoint[] => points.map(([x, y]) => planPoint(x, y));
/** An axis-aligned rectangle as a plan polygon. */
const rect = (x0: number, y0: number, x1: number, y1: number): PlanPoint[] =>
  ring([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ]);
/** A regular polygon of `n` corners (a "round" room). */
const circle = (n: number, r: number, cx = 0, cy = 0): PlanPoint[] =>
  Array.from({ length: n }, (_, i) => planPoint(cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)));

const storey = (id: string, elevation: number, order: number): Storey => ok(createStorey({ id, name: id, elevation: m(elevation), height: m(3), order }));
const wall = (id: string, storeyId: string, a: XY, b: XY, height = 3): Element =>
  ok(createElement('wall', { id, storeyId, a: planPoint(a[0], a[1]), b: planPoint(b[0], b[1]), thickness: m(0.2), height: m(height) }));
const door = (id: string, storeyId: string, hostId: string, offset: number, width = 0.9): Door =>
  ok(createElement('door', { id, storeyId, hostId, offset: m(offset), width: m(width), height: m(2.1), sill: m(0) }));
const win = (id: string, storeyId: string, hostId: string, offset: number, width = 1.2): Window =>
  ok(createElement('window', { id, storeyId, hostId, offset: m(offset), width: m(width), height: m(1.2), sill: m(0.9) }));
const opening = (kind: 'door' | 'window', id: string, storeyId: string, hostId: string, offset: number): Door | Window =>
  kind === 'door' ? door(id, storeyId, hostId, offset) : win(id, storeyId, hostId, offset);
const equipment = (id: string, storeyId: string, system: EquipmentSystem, x: number, y: number, z = 0, rotation = 0): Element =>
  ok(createElement('equipment', { id, storeyId, system, type: 'device', position: worldPoint(x, y, z), rotation: radians(rotation) }));
const space = (id: string, storeyId: string, polygon: PlanPoint[]): Element => ok(createElement('space', { id, storeyId, polygon }));
const slab = (id: string, storeyId: string, polygon: PlanPoint[], thickness = 0.3): Element =>
  ok(createElement('slab', { id, storeyId, polygon, thickness: m(thickness) }));
const object = (id: string, storeyId: string, x: number, y: number, z = 0): Element => ok(createElement('object', { id, storeyId, position: worldPoint(x, y, z) }));

const S0 = storey('s0', 0, 0);
const S1 = storey('s1', 3, 1);
const S2 = storey('s2', 6, 2);

/**
 * `n` rooms per storey, each with every kind: a wall (8 m) hosting a door and a window, a room,
 * a slab, a piece of equipment (systems in turn) and an object; plus per storey four openings
 * that are not drawn: one whose host is gone, one whose host is a room, one off its wall's end,
 * and a window whose host is gone. `drawn` lists what each bucket must hold.
 */
function building(n: number, storeys: readonly Storey[]) {
  const elements: Element[] = [];
  const drawn: Record<Bucket, string[]> = { opaque: [], floor: [], glass: [] };
  const hidden: string[] = [];
  storeys.forEach((s, k) => {
    for (let i = 0; i < n; i++) {
      const [x, y] = [12 * i, 20 * k];
      const id = (what: string) => `${s.id}-${what}${i}`;
      elements.push(
        wall(id('w'), s.id, [x, y], [x + 8, y]),
        door(id('d'), s.id, id('w'), 1),
        win(id('n'), s.id, id('w'), 4),
        space(id('r'), s.id, rect(x, y + 1, x + 8, y + 6)),
        slab(id('f'), s.id, rect(x, y + 1, x + 8, y + 6)),
        equipment(id('e'), s.id, EQUIPMENT_SYSTEMS[i % EQUIPMENT_SYSTEMS.length]!, x + 2, y + 3, 1),
        object(id('o'), s.id, x + 5, y + 3),
      );
      drawn.opaque.push(id('w'), id('d'), id('f'), id('e'), id('o'));
      drawn.glass.push(id('n'));
      drawn.floor.push(id('r'));
    }
    elements.push(
      door(`${s.id}-no-host`, s.id, 'gone', 1),
      win(`${s.id}-no-host-window`, s.id, 'gone', 1),
      door(`${s.id}-room-host`, s.id, `${s.id}-r0`, 1),
      door(`${s.id}-off-the-end`, s.id, `${s.id}-w0`, 50),
    );
    hidden.push(`${s.id}-no-host`, `${s.id}-no-host-window`, `${s.id}-room-host`, `${s.id}-off-the-end`);
  });
  return { elements, drawn, hidden };
}

// ---- the scene under test --------------------------------------------------------------------

interface Harness {
  readonly elements: Map<string, Element>;
  storeys: Storey[];
  readonly scene: SceneController;
}

const live: SceneController[] = [];
afterEach(() => {
  for (const scene of live.splice(0)) scene.dispose();
});

function harness(storeys: readonly Storey[], elements: readonly Element[]): Harness {
  const map = new Map(elements.map((e) => [e.id, e]));
  const scene = new SceneController(map);
  live.push(scene);
  scene.build(storeys);
  return { elements: map, storeys: [...storeys], scene };
}

/** A doc change as the app applies it: the map first, then markDirty and one flush. */
function change(h: Harness, put: readonly Element[], remove: readonly string[] = []) {
  for (const e of put) h.elements.set(e.id, e);
  for (const id of remove) h.elements.delete(id);
  const before = h.scene.stats.builtElements;
  h.scene.markDirty([...put.map((e) => e.id), ...remove]);
  expect(h.scene.pending).toBe(true);
  expect(h.scene.flush(h.storeys)).toBe(true);
  expect(h.scene.pending).toBe(false);
  return { rebuilt: [...h.scene.stats.lastFlushRebuilt].sort(), built: h.scene.stats.builtElements - before };
}

const get = <K extends Element['kind']>(h: Harness, id: string, kind: K): Extract<Element, { kind: K }> => {
  const e = h.elements.get(id);
  if (e?.kind !== kind) throw new Error(`${id} is not a ${kind}`);
  return e as Extract<Element, { kind: K }>;
};

// ---- reading the batches back ----------------------------------------------------------------

/** Three's BatchedMesh bookkeeping (not in its typings). */
interface BatchInternals {
  _instanceInfo: { active: boolean; visible: boolean; geometryIndex: number }[];
  _geometryInfo: { active: boolean; reservedVertexCount: number }[];
  _nextVertexStart: number;
}
const internals = (mesh: THREE.BatchedMesh) => mesh as unknown as BatchInternals;
const meshOf = (scene: SceneController, bucket: Bucket): THREE.BatchedMesh => {
  const mesh = scene.meshes.find((x) => x.userData.bucket === bucket);
  if (!mesh) throw new Error(`no ${bucket} batch`);
  return mesh;
};
const activeGeometries = (mesh: THREE.BatchedMesh) => internals(mesh)._geometryInfo.filter((g) => g.active).length;

interface Drawn {
  readonly mesh: THREE.BatchedMesh;
  readonly instanceId: number;
  readonly bucket: Bucket;
}

/**
 * Every live instance of every batch, mapped back to its element with `elementAt(mesh, batchId)`
 * (the picking path). Fails when a live instance maps to nothing, an element is drawn twice, or a
 * freed instance still maps to an element.
 */
function instances(scene: SceneController): Map<string, Drawn> {
  const out = new Map<string, Drawn>();
  for (const mesh of scene.meshes) {
    const info = internals(mesh)._instanceInfo;
    for (let i = 0; i < info.length; i++) {
      const id = scene.elementAt(mesh, i);
      if (!info[i]!.active) {
        expect(id, `freed instance ${i} of ${mesh.name} still maps to an element`).toBeUndefined();
        continue;
      }
      expect(id, `live instance ${i} of ${mesh.name} maps to no element`).toBeDefined();
      expect(out.has(id!), `${id} is drawn twice`).toBe(false);
      out.set(id!, { mesh, instanceId: i, bucket: mesh.userData.bucket as Bucket });
    }
  }
  return out;
}
function drawnOf(scene: SceneController, id: string): Drawn {
  const d = instances(scene).get(id);
  if (!d) throw new Error(`${id} is not drawn`);
  return d;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4 + 0;

/**
 * What an instance draws, read from the batch's buffers (not from cached bounds): the corners of
 * its triangles in draw order, in world space (its instance matrix applied), rounded. Fails when an
 * index points outside the instance's geometry range.
 */
function triangles(d: Drawn): number[] {
  const { mesh, instanceId } = d;
  const range = mesh.getGeometryRangeAt(mesh.getGeometryIdAt(instanceId));
  const position = mesh.geometry.getAttribute('position');
  const index = mesh.geometry.getIndex()!;
  const matrix = mesh.getMatrixAt(instanceId, new THREE.Matrix4());
  const v = new THREE.Vector3();
  const out: number[] = [];
  for (let i = range.indexStart; i < range.indexStart + range.indexCount; i++) {
    const k = index.getX(i);
    if (k < range.vertexStart || k >= range.vertexStart + range.vertexCount) throw new Error(`index ${k} outside the geometry's vertices`);
    v.fromBufferAttribute(position as THREE.BufferAttribute, k).applyMatrix4(matrix);
    out.push(round(v.x), round(v.y), round(v.z));
  }
  expect(out.length).toBeGreaterThan(0);
  return out;
}
/** World box of what the instance draws, from the buffers. */
function drawnBox(d: Drawn): THREE.Box3 {
  const t = triangles(d);
  const box = new THREE.Box3();
  for (let i = 0; i < t.length; i += 3) box.expandByPoint(new THREE.Vector3(t[i], t[i + 1], t[i + 2]));
  return box;
}
const vertexCountOf = (d: Drawn) => d.mesh.getGeometryRangeAt(d.mesh.getGeometryIdAt(d.instanceId)).vertexCount;

/** `boundsOf` as [min, max] arrays (fails when the element is not in the scene). */
function bounds(scene: SceneController, id: string): [number[], number[]] {
  const box = scene.boundsOf(id);
  expect(box, `${id} has no bounds`).toBeDefined();
  return [box!.min.toArray(), box!.max.toArray()];
}
function expectBoxClose(actual: THREE.Box3 | [number[], number[]], expected: THREE.Box3 | [number[], number[]], digits = 5) {
  const arr = (b: THREE.Box3 | [number[], number[]]) => (b instanceof THREE.Box3 ? [...b.min.toArray(), ...b.max.toArray()] : [...b[0], ...b[1]]);
  const [a, e] = [arr(actual), arr(expected)];
  a.forEach((x, i) => expect(x, `bound ${i} of ${JSON.stringify(a)} vs ${JSON.stringify(e)}`).toBeCloseTo(e[i]!, digits));
}
/** A box moved by `d`. */
const shifted = ([min, max]: [number[], number[]], d: readonly [number, number, number]): [number[], number[]] => [min.map((x, i) => x + d[i]!), max.map((x, i) => x + d[i]!)];

/** An element's base colour as `shapeOf` gives it, `#rrggbb`. */
function baseColour(h: Harness, id: string): string {
  const ctx: ShapeContext = {
    get: (x) => h.elements.get(x),
    openingsOf: (wallId) => [...h.elements.values()].filter((e): e is Door | Window => (e.kind === 'door' || e.kind === 'window') && e.hostId === wallId),
  };
  const shape = shapeOf(h.elements.get(id)!, ctx);
  expect(shape).not.toBeNull();
  shape!.geometry?.dispose();
  return `#${shape!.color.toString(16).padStart(6, '0')}`;
}

const bucketCounts = (scene: SceneController) => Object.fromEntries(scene.batchInfo().map((b) => [b.bucket, b.instances]));

/**
 * The incremental scene draws exactly what a fresh build of the same elements and storeys draws:
 * the same elements in the same buckets, the same triangles from the buffers, the same bounds, and
 * (when `display`) the same colours and visibility.
 */
function expectSameAsFreshBuild(h: Harness, display = true) {
  const fresh = new SceneController(new Map(h.elements));
  live.push(fresh);
  fresh.build(h.storeys);
  const mine = instances(h.scene);
  const theirs = instances(fresh);
  expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
  expect(h.scene.size).toBe(fresh.size);
  expect(bucketCounts(h.scene)).toEqual(bucketCounts(fresh));
  for (const [id, d] of mine) {
    const f = theirs.get(id)!;
    expect(d.bucket, id).toBe(f.bucket);
    expect(triangles(d), `${id}'s triangles`).toEqual(triangles(f));
    expectBoxClose(bounds(h.scene, id), bounds(fresh, id));
    if (display) {
      expect(h.scene.colorOf(id), `${id}'s colour`).toBe(fresh.colorOf(id));
      expect(h.scene.visibleOf(id), `${id}'s visibility`).toBe(fresh.visibleOf(id));
    }
  }
}

// ---- 1. build ------------------------------------------------------------------------------

describe('build', () => {
  it.each([1, 4, 25])('%i rooms of every kind on 2 storeys: one instance per drawable element, in its bucket', (n) => {
    const { elements, drawn, hidden } = building(n, [S0, S1]);
    const h = harness([S0, S1], elements);
    const { scene } = h;
    const all = [...drawn.opaque, ...drawn.floor, ...drawn.glass];

    expect(elements.length).toBe(all.length + hidden.length);
    expect(scene.size).toBe(14 * n);
    expect(scene.size).toBe(all.length);
    expect(scene.stats.builtElements).toBe(scene.size);
    expect(scene.stats.grows).toBe(0);
    expect(scene.pending).toBe(false);

    expect(scene.batchInfo().map((b) => b.bucket).sort()).toEqual(['floor', 'glass', 'opaque']);
    expect(bucketCounts(scene)).toEqual({ opaque: 10 * n, floor: 2 * n, glass: 2 * n });
    for (const info of scene.batchInfo()) expect(info.maxInstances).toBeGreaterThanOrEqual(info.instances);
    expect(scene.meshes).toHaveLength(3);
    expect(scene.root.children).toHaveLength(3);

    const drawnNow = instances(scene);
    expect([...drawnNow.keys()].sort()).toEqual([...all].sort());
    for (const bucket of ['opaque', 'floor', 'glass'] as const) {
      for (const id of drawn[bucket]) {
        expect(drawnNow.get(id)!.bucket, id).toBe(bucket);
        expect(scene.has(id)).toBe(true);
        expect(scene.colorOf(id), `${id}'s colour`).toBe(baseColour(h, id));
        expect(scene.visibleOf(id)).toBe(true);
        // boundsOf agrees with what the buffers draw.
        expectBoxClose(bounds(scene, id), drawnBox(drawnNow.get(id)!), 4);
      }
    }
    for (const id of hidden) {
      expect(scene.has(id), id).toBe(false);
      expect(scene.boundsOf(id)).toBeUndefined();
      expect(scene.colorOf(id)).toBeUndefined();
      expect(scene.visibleOf(id)).toBeUndefined();
    }
    // The wall hosting a door and a window (and a door off its end) has both holes: 3 full-height
    // pieces, 1 over the door, 1 under and 1 over the window.
    expect(vertexCountOf(drawnNow.get('s0-w0')!)).toBe(24 * 6);
  });

  it('maps the plan to world (x, height, −y): a wall from (0, 0) to (4, 2), 3 m high', () => {
    const h = harness([S0], [wall('w', 's0', [0, 0], [4, 2])]);
    const [min, max] = bounds(h.scene, 'w');
    expect(min[1]).toBeCloseTo(0, 6);
    expect(max[1]).toBeCloseTo(3, 6);
    expect(min[0]).toBeLessThan(0.1);
    expect(max[0]).toBeGreaterThan(3.9);
    expect(min[2]).toBeLessThan(-1.9);
    expect(max[2]).toBeGreaterThan(-0.1);
    expect(max[2]).toBeLessThan(0.2);
  });

  it('a rebuild replaces the scene (no element drawn twice, the same buckets)', () => {
    const { elements } = building(2, [S0, S1]);
    const h = harness([S0, S1], elements);
    h.scene.build(h.storeys);
    expect(h.scene.size).toBe(28);
    expect(h.scene.meshes).toHaveLength(3);
    expect(h.scene.root.children).toHaveLength(3);
    expectSameAsFreshBuild(h);
  });

  it('flush with nothing pending does nothing', () => {
    const h = harness([S0], [wall('w', 's0', [0, 0], [4, 0])]);
    expect(h.scene.flush(h.storeys)).toBe(false);
    expect(h.scene.stats.builtElements).toBe(1);
  });
});

// ---- 2. storey elevation ---------------------------------------------------------------------

describe('storey elevation', () => {
  const onS1 = () => [
    wall('w', 's1', [0, 0], [6, 0]),
    door('d', 's1', 'w', 1),
    slab('f', 's1', rect(0, 0, 6, 5), 0.3),
    space('r', 's1', rect(0, 0, 6, 5)),
    equipment('e', 's1', 'hvac', 2, 2, 1),
    object('o', 's1', 4, 2),
    wall('ground', 's0', [0, 0], [6, 0]),
  ];

  it('puts elements on their storey: walls from the elevation up, a slab with its top at it', () => {
    const h = harness([S0, S1], onS1());
    const { scene } = h;
    expect(scene.storeyElevation('s1')).toBe(3);
    expect(bounds(scene, 'w')[0][1]).toBeCloseTo(3, 6);
    expect(bounds(scene, 'w')[1][1]).toBeCloseTo(6, 6);
    expect(bounds(scene, 'd')[0][1]).toBeCloseTo(3, 6);
    expect(bounds(scene, 'd')[1][1]).toBeCloseTo(5.1, 6);
    expect(bounds(scene, 'f')[1][1]).toBeCloseTo(3, 6);
    expect(bounds(scene, 'f')[0][1]).toBeCloseTo(2.7, 6);
    expect(bounds(scene, 'r')[0][1]).toBeGreaterThan(3);
    expect(bounds(scene, 'r')[1][1]).toBeLessThan(3.1);
    expect(bounds(scene, 'e')[0][1]).toBeCloseTo(4, 5);
    expect(bounds(scene, 'o')[0][1]).toBeCloseTo(3, 6);
    expect(bounds(scene, 'ground')[0][1]).toBeCloseTo(0, 6);
  });

  it.each([4.5, 0, -2.25, 3])('moving storey s1 from 3 m to %f m moves its elements by the difference and rebuilds nothing', (elevation) => {
    const h = harness([S0, S1], onS1());
    const { scene } = h;
    const ids = [...h.elements.keys()];
    const before = new Map(ids.map((id) => [id, bounds(scene, id)]));
    const geometryIds = new Map([...instances(scene)].map(([id, d]) => [id, d.mesh.getGeometryIdAt(d.instanceId)]));
    const built = scene.stats.builtElements;

    h.storeys = h.storeys.map((s) => (s.id === 's1' ? { ...s, elevation: m(elevation) } : s));
    scene.markStoreys();
    expect(scene.pending).toBe(true);
    expect(scene.flush(h.storeys)).toBe(true);

    expect(scene.stats.lastFlushRebuilt).toEqual([]);
    expect(scene.stats.builtElements).toBe(built);
    expect(scene.storeyElevation('s1')).toBe(elevation);
    for (const id of ids) {
      const delta = h.elements.get(id)!.storeyId === 's1' ? elevation - 3 : 0;
      expectBoxClose(bounds(scene, id), shifted(before.get(id)!, [0, delta, 0]));
    }
    expect(bounds(scene, 'ground')).toEqual(before.get('ground'));
    for (const [id, d] of instances(scene)) expect(d.mesh.getGeometryIdAt(d.instanceId), id).toBe(geometryIds.get(id));
    expectSameAsFreshBuild(h);
  });

  it('an element moved to another storey takes that storey’s elevation', () => {
    const h = harness([S0, S1, S2], [wall('w', 's0', [0, 0], [6, 0])]);
    const { rebuilt } = change(h, [{ ...get(h, 'w', 'wall'), storeyId: 's2' }]);
    expect(rebuilt).toEqual(['w']);
    expect(bounds(h.scene, 'w')[0][1]).toBeCloseTo(6, 6);
    expectSameAsFreshBuild(h);
  });
});

// ---- 3. a remote edit of one wall ------------------------------------------------------------

describe('a remote edit of one wall', () => {
  it.each([
    { name: 'hosting nothing', hosted: [] as ('door' | 'window')[] },
    { name: 'hosting a door', hosted: ['door'] as const },
    { name: 'hosting a door and a window', hosted: ['door', 'window'] as const },
  ])('a wall $name: rebuilds the wall and its openings only', ({ hosted }) => {
    const openings = hosted.map((kind, i) => opening(kind, `A-${kind}`, 's0', 'A', 1 + 3 * i));
    const h = harness(
      [S0],
      [
        wall('A', 's0', [0, 0], [8, 0]),
        wall('B', 's0', [0, 0], [0, 6]),
        wall('C', 's0', [8, 0], [8, 6]),
        door('B-door', 's0', 'B', 2),
        space('room', 's0', rect(0, 0, 8, 6)),
        equipment('e', 's0', 'fire', 3, 3),
        ...openings,
      ],
    );
    const { scene } = h;
    const others = ['B', 'C', 'B-door', 'room', 'e'];
    const before = new Map([...h.elements.keys()].map((id) => [id, bounds(scene, id)]));
    const othersDrawn = new Map(others.map((id) => [id, triangles(drawnOf(scene, id))]));
    const instanceOfA = drawnOf(scene, 'A').instanceId;
    const unused = scene.meshes.map((x) => [x.unusedVertexCount, x.unusedIndexCount]);

    const { rebuilt, built } = change(h, [{ ...get(h, 'A', 'wall'), b: planPoint(9, 2) }]);

    expect(rebuilt).toEqual(['A', ...openings.map((o) => o.id)].sort());
    expect(built).toBe(1 + openings.length);
    expect(scene.size).toBe(h.elements.size);
    expect(bounds(scene, 'A')).not.toEqual(before.get('A'));
    expect(bounds(scene, 'A')[1][0]).toBeGreaterThan(8.9);
    expect(bounds(scene, 'A')[0][2]).toBeLessThan(-1.9);
    for (const o of openings) expect(bounds(scene, o.id)).not.toEqual(before.get(o.id));
    for (const id of others) {
      expect(bounds(scene, id), id).toEqual(before.get(id));
      expect(triangles(drawnOf(scene, id)), id).toEqual(othersDrawn.get(id));
    }
    expect(drawnOf(scene, 'A').instanceId).toBe(instanceOfA);
    // Same number of pieces: every rebuilt geometry went back into its own reserved slot.
    expect(scene.meshes.map((x) => [x.unusedVertexCount, x.unusedIndexCount])).toEqual(unused);
    expect(scene.stats.grows).toBe(0);
    expectSameAsFreshBuild(h);
  });

  it('a wall shortened past its door drops the door, and lengthened again brings it back', () => {
    const h = harness([S0], [wall('w', 's0', [0, 0], [8, 0]), door('d', 's0', 'w', 6)]);
    let r = change(h, [{ ...get(h, 'w', 'wall'), b: planPoint(4, 0) }]);
    expect(r.rebuilt).toEqual(['w']);
    expect(h.scene.has('d')).toBe(false);
    expect(h.scene.size).toBe(1);
    expect(vertexCountOf(drawnOf(h.scene, 'w'))).toBe(24);
    expectSameAsFreshBuild(h);

    r = change(h, [{ ...get(h, 'w', 'wall'), b: planPoint(8, 0) }]);
    expect(r.rebuilt).toEqual(['d', 'w']);
    expect(h.scene.has('d')).toBe(true);
    expectSameAsFreshBuild(h);
  });
});

// ---- 4. dependants ---------------------------------------------------------------------------

describe.each(['door', 'window'] as const)('dependants of a %s', (kind) => {
  const setup = () =>
    harness(
      [S0],
      [
        wall('W1', 's0', [0, 0], [8, 0]),
        wall('W2', 's0', [0, 0], [0, 8]),
        wall('W3', 's0', [8, 0], [8, 8]),
        opening(kind, 'o', 's0', 'W1', 1),
        opening(kind, 'other', 's0', 'W3', 2),
      ],
    );

  it('editing its offset rebuilds it and its host wall (the hole moved), nothing else', () => {
    const h = setup();
    const { scene } = h;
    const hostBefore = triangles(drawnOf(scene, 'W1'));
    const oBefore = bounds(scene, 'o');
    const untouched = new Map(['W2', 'W3', 'other'].map((id) => [id, triangles(drawnOf(scene, id))]));

    const { rebuilt, built } = change(h, [{ ...(h.elements.get('o') as Door | Window), offset: m(4) }]);

    expect(rebuilt).toEqual(['W1', 'o']);
    expect(built).toBe(2);
    expect(triangles(drawnOf(scene, 'W1'))).not.toEqual(hostBefore);
    expectBoxClose(bounds(scene, 'o'), shifted(oBefore, [3, 0, 0]));
    for (const [id, t] of untouched) expect(triangles(drawnOf(scene, id)), id).toEqual(t);
    expectSameAsFreshBuild(h);
  });

  it('moving it to another host rebuilds it, the old host and the new host', () => {
    const h = setup();
    const { scene } = h;
    const untouched = new Map(['W3', 'other'].map((id) => [id, triangles(drawnOf(scene, id))]));
    expect(vertexCountOf(drawnOf(scene, 'W1'))).toBeGreaterThan(24);
    expect(vertexCountOf(drawnOf(scene, 'W2'))).toBe(24);

    const { rebuilt, built } = change(h, [{ ...(h.elements.get('o') as Door | Window), hostId: 'W2' }]);

    expect(rebuilt).toEqual(['W1', 'W2', 'o']);
    expect(built).toBe(3);
    expect(vertexCountOf(drawnOf(scene, 'W1'))).toBe(24); // solid again
    expect(vertexCountOf(drawnOf(scene, 'W2'))).toBeGreaterThan(24); // holed now
    for (const [id, t] of untouched) expect(triangles(drawnOf(scene, id)), id).toEqual(t);
    expectSameAsFreshBuild(h);

    // And back: the scene keeps track of the current host, not the first one.
    const back = change(h, [{ ...(h.elements.get('o') as Door | Window), hostId: 'W1' }]);
    expect(back.rebuilt).toEqual(['W1', 'W2', 'o']);
    expect(vertexCountOf(drawnOf(scene, 'W2'))).toBe(24);
    expectSameAsFreshBuild(h);

    // The wall it left no longer counts it as a dependant.
    expect(change(h, [{ ...get(h, 'W2', 'wall'), b: planPoint(0, 9) }]).rebuilt).toEqual(['W2']);
    expect(change(h, [{ ...get(h, 'W1', 'wall'), b: planPoint(9, 0) }]).rebuilt).toEqual(['W1', 'o']);
  });

  it('deleting it rebuilds its host and removes it', () => {
    const h = setup();
    const { scene } = h;
    const size = scene.size;
    const glassOrOpaque = kind === 'door' ? 'opaque' : 'glass';
    const countBefore = bucketCounts(scene)[glassOrOpaque]!;

    const { rebuilt, built } = change(h, [], ['o']);

    expect(rebuilt).toEqual(['W1']);
    expect(built).toBe(1);
    expect(scene.size).toBe(size - 1);
    expect(scene.has('o')).toBe(false);
    expect(scene.boundsOf('o')).toBeUndefined();
    expect(bucketCounts(scene)[glassOrOpaque]).toBe(countBefore - 1);
    expect(instances(scene).has('o')).toBe(false);
    expect(vertexCountOf(drawnOf(scene, 'W1'))).toBe(24);
    expectSameAsFreshBuild(h);
  });

  it('one that arrives before its host wall is drawn (with its hole) once the wall arrives', () => {
    const h = setup();
    let r = change(h, [opening(kind, 'early', 's0', 'W9', 1)]);
    expect(r.rebuilt).toEqual([]);
    expect(h.scene.has('early')).toBe(false);

    r = change(h, [wall('W9', 's0', [0, 10], [6, 10])]);
    expect(r.rebuilt).toEqual(['W9', 'early']);
    expect(h.scene.has('early')).toBe(true);
    expect(vertexCountOf(drawnOf(h.scene, 'W9'))).toBeGreaterThan(24);
    expectSameAsFreshBuild(h);
  });

  it('its host deleted without it (a peer added it while another deleted the wall) is no longer drawn, like a fresh build', () => {
    const h = setup();
    change(h, [], ['W1']);
    expect(h.scene.has('W1')).toBe(false);
    expect(h.scene.has('o')).toBe(false);
    expectSameAsFreshBuild(h);
  });
});

describe('colour overrides (a version comparison)', () => {
  it('colours the named elements, lets selection win over them, and clears them back to their own colour', () => {
    const { elements } = building(3, [S0]);
    const h = harness([S0], elements);
    const { scene } = h;
    const [a, b, c] = [...h.elements.keys()].filter((id) => h.elements.get(id)!.kind === 'wall');
    expect(c).toBeDefined();
    scene.setOverrides(new Map([[a!, 0x16a34a], [b!, 0xd97706]]));
    expect([scene.colorOf(a!), scene.colorOf(b!), scene.colorOf(c!)]).toEqual(['#16a34a', '#d97706', baseColour(h, c!)]);
    scene.setSelection(new Set([a!]), null, new Map());
    expect(scene.colorOf(a!)).toBe('#2563eb');
    scene.setSelection(new Set(), null, new Map());
    expect(scene.colorOf(a!)).toBe('#16a34a');
    scene.setOverrides(new Map());
    expect([scene.colorOf(a!), scene.colorOf(b!)]).toEqual([baseColour(h, a!), baseColour(h, b!)]);
  });
});

describe('hidden elements (Hide, Isolate, a review viewpoint)', () => {
  it('hides the named elements only, with the storey filter, keeps them hidden through a change, and shows them again', () => {
    const { elements } = building(2, [S0, S1]);
    const h = harness([S0, S1], elements);
    const { scene } = h;
    const [a, b] = ['s0-w0', 's1-w0'];
    const boundsBefore = scene.shownBounds();
    scene.setHidden(new Set([a, b, 'not-in-the-model']));
    expect([scene.visibleOf(a), scene.visibleOf(b), scene.visibleOf('s0-w1'), scene.visibleOf('s0-r0')]).toEqual([false, false, true, true]);
    // A hidden element stays hidden when it changes, and when its storey is shown again.
    change(h, [{ ...get(h, a, 'wall'), name: 'renamed' }]);
    expect(scene.visibleOf(a)).toBe(false);
    scene.setStoreyFilter('one', 's1');
    scene.setStoreyFilter('all', 's1');
    expect(scene.visibleOf(a)).toBe(false);
    // Shown again: only what its storey filter allows.
    scene.setStoreyFilter('one', 's1');
    scene.setHidden(new Set());
    expect([scene.visibleOf(a), scene.visibleOf(b), scene.visibleOf('s1-w1')]).toEqual([false, true, true]);
    scene.setStoreyFilter('all', 's1');
    expect(scene.visibleOf(a)).toBe(true);
    expect(scene.shownBounds().equals(boundsBefore)).toBe(true);
  });

  it('leaves hidden elements out of the shown bounds and out of picking', () => {
    const { elements } = building(2, [S0]);
    const h = harness([S0], elements);
    const { scene } = h;
    // Everything but the second room's elements hidden: the bounds shrink to that room.
    const keep = new Set([...h.elements.keys()].filter((id) => id.endsWith('1')));
    scene.setHidden(new Set([...h.elements.keys()].filter((id) => !keep.has(id))));
    const shown = scene.shownBounds();
    expect(shown.min.x).toBeGreaterThanOrEqual(12 - 0.5);
    // A ray down through the first room's wall hits nothing; through the second room's, its wall.
    const ray = (x: number) => {
      const raycaster = new THREE.Raycaster(new THREE.Vector3(x, 50, -0.0), new THREE.Vector3(0, -1, 0));
      const hits = raycaster.intersectObjects(scene.meshes, false);
      return hits.map((hit) => scene.elementAt(hit.object, hit.batchId)).filter(Boolean);
    };
    expect(ray(4)).toEqual([]);
    expect(ray(16)).toContain('s0-w1');
    scene.setHidden(new Set());
    expect(ray(4)).toContain('s0-w0');
  });
});

// ---- 5. growth -------------------------------------------------------------------------------

describe('growth', () => {
  it('takes 5,000 more walls in several flushes, keeping what was there (data, colour, visibility)', () => {
    const { elements } = building(3, [S0, S1]);
    const long = wall('long', 's0', [0, -10], [30, -10]);
    const h = harness([S0, S1], [...elements, long]);
    const { scene } = h;
    expect(scene.stats.grows).toBe(0);
    const selected = 's0-w1';
    scene.setSelection(new Set([selected]), null, new Map());
    scene.setStoreyFilter('one', 's0');
    const selectedColour = scene.colorOf(selected);
    const earlier = new Map([...instances(scene)].map(([id, d]) => [id, { drawn: triangles(d), colour: scene.colorOf(id), visible: scene.visibleOf(id) }]));
    const sizeBefore = scene.size;
    const opaqueBefore = bucketCounts(scene).opaque!;

    const added: string[] = [];
    for (let flush = 0; flush < 5; flush++) {
      const batch: Element[] = [];
      for (let i = 0; i < 1000; i++) {
        const n = flush * 1000 + i;
        const [x, y] = [(n % 100) * 3, 40 + Math.floor(n / 100) * 3];
        batch.push(wall(`g${n}`, n % 2 === 0 ? 's0' : 's1', [x, y], [x + 2, y + (n % 3)]));
      }
      expect(() => change(h, batch)).not.toThrow();
      expect(scene.stats.lastFlushRebuilt).toHaveLength(1000);
      added.push(...batch.map((e) => e.id));
    }

    expect(scene.stats.grows).toBeGreaterThan(0);
    // In steps (with headroom), not one re-allocation per added wall.
    expect(scene.stats.grows).toBeLessThan(50);
    expect(scene.size).toBe(sizeBefore + 5000);
    expect(bucketCounts(scene).opaque).toBe(opaqueBefore + 5000);
    const now = instances(scene);
    expect(now.size).toBe(scene.size);
    for (const id of added) {
      expect(scene.has(id), id).toBe(true);
      const d = now.get(id)!;
      expect(d.bucket).toBe('opaque');
      expectBoxClose(bounds(scene, id), drawnBox(d), 4);
      expect(scene.visibleOf(id), id).toBe(h.elements.get(id)!.storeyId === 's0');
    }
    for (const [id, was] of earlier) {
      expect(triangles(now.get(id)!), `${id} after growth`).toEqual(was.drawn);
      expect(scene.colorOf(id), id).toBe(was.colour);
      expect(scene.visibleOf(id), id).toBe(was.visible);
    }
    expect(scene.colorOf(selected)).toBe(selectedColour);
    expect(selectedColour).not.toBe(baseColour(h, selected));
    expectSameAsFreshBuild(h, false);
  });

  it('a wall that gains 6 openings outgrows its slot, is rebuilt and keeps its instance (picking)', () => {
    const neighbours = Array.from({ length: 20 }, (_, i) => wall(`n${i}`, 's0', [0, 2 + i], [5, 2 + i]));
    const h = harness([S0], [wall('long', 's0', [0, 0], [30, 0]), ...neighbours]);
    const { scene } = h;
    const opaque = meshOf(scene, 'opaque');
    const reverse = () => {
      const map = new Map<string, number>();
      const count = internals(opaque)._instanceInfo.length;
      for (let batchId = 0; batchId < count; batchId++) {
        const id = scene.elementAt(opaque, batchId);
        if (id !== undefined) map.set(id, batchId);
      }
      return map;
    };
    const before = reverse();
    const instanceId = before.get('long')!;
    const range = opaque.getGeometryRangeAt(opaque.getGeometryIdAt(instanceId));
    expect(range.vertexCount).toBe(24);
    const neighboursBefore = new Map(neighbours.map((n) => [n.id, triangles(drawnOf(scene, n.id))]));
    const boundsBefore = bounds(scene, 'long');

    const windows = Array.from({ length: 6 }, (_, i) => win(`long-win${i}`, 's0', 'long', 1 + 4.5 * i));
    const { rebuilt, built } = change(h, windows);

    expect(rebuilt).toEqual(['long', ...windows.map((w) => w.id)].sort());
    expect(built).toBe(7);
    // 7 full-height pieces and, per window, one under the sill and one over the head.
    const grown = opaque.getGeometryRangeAt(opaque.getGeometryIdAt(instanceId));
    expect(grown.vertexCount).toBe(24 * 19);
    expect(grown.vertexCount).toBeGreaterThan(range.reservedVertexCount);
    const after = reverse();
    expect(after.get('long')).toBe(instanceId);
    expect(scene.elementAt(opaque, instanceId)).toBe('long');
    for (const [id, batchId] of before) expect(after.get(id), id).toBe(batchId);
    expectBoxClose(bounds(scene, 'long'), boundsBefore);
    expectBoxClose(bounds(scene, 'long'), drawnBox(drawnOf(scene, 'long')), 4);
    for (const [id, t] of neighboursBefore) expect(triangles(drawnOf(scene, id)), id).toEqual(t);
    expectSameAsFreshBuild(h);

    // And it can shrink back into its (new) slot.
    const r = change(h, [], windows.map((w) => w.id));
    expect(r.rebuilt).toEqual(['long']);
    expect(vertexCountOf(drawnOf(scene, 'long'))).toBe(24);
    expect(reverse().get('long')).toBe(instanceId);
    expectSameAsFreshBuild(h);
  });

  it.each([
    { name: 'a 700-point room (more indices than the empty floor batch holds)', bucket: 'floor' as const, make: () => space('big', 's0', circle(700, 30)) },
    { name: 'a 1,200-point room (more vertices than the empty floor batch holds)', bucket: 'floor' as const, make: () => space('big', 's0', circle(1200, 40)) },
    { name: 'a 400-point slab into an empty opaque batch', bucket: 'opaque' as const, make: () => slab('big', 's0', circle(400, 20)) },
  ])('a batch empty at build takes $name', ({ bucket, make }) => {
    // The bucket under test holds nothing at build: its buffers are not even allocated yet.
    const h = harness([S0], bucket === 'floor' ? [wall('w', 's0', [0, 0], [4, 0])] : [space('room', 's0', rect(0, 0, 4, 4))]);
    expect(bucketCounts(h.scene)[bucket]).toBe(0);
    expect(() => change(h, [make()])).not.toThrow();
    expect(h.scene.has('big')).toBe(true);
    expect(drawnOf(h.scene, 'big').bucket).toBe(bucket);
    expectSameAsFreshBuild(h);
  });
});

// ---- 6. shared symbols -----------------------------------------------------------------------

describe('shared equipment symbols', () => {
  it('one geometry per system, kept while used and freed with its last user; a system change switches it', () => {
    const hvac = Array.from({ length: 100 }, (_, i) => equipment(`e${i}`, 's0', 'hvac', i % 10, Math.floor(i / 10), 0.5, i / 7));
    const h = harness([S0], [wall('w', 's0', [0, -2], [8, -2]), ...hvac, equipment('p0', 's0', 'plumbing', 20, 0), equipment('p1', 's0', 'plumbing', 21, 0)]);
    const { scene } = h;
    const opaque = meshOf(scene, 'opaque');
    const geometryOf = (id: string) => {
      const d = drawnOf(scene, id);
      expect(d.mesh).toBe(opaque);
      return opaque.getGeometryIdAt(d.instanceId);
    };
    // wall, hvac symbol, plumbing symbol.
    expect(activeGeometries(opaque)).toBe(3);
    const hvacGeometry = geometryOf('e0');
    for (const e of hvac) expect(geometryOf(e.id), e.id).toBe(hvacGeometry);
    expect(geometryOf('p0')).toBe(geometryOf('p1'));
    expect(geometryOf('p0')).not.toBe(hvacGeometry);
    expect(geometryOf('w')).not.toBe(hvacGeometry);
    // Each instance draws its symbol at its own place.
    for (const id of ['e0', 'e37', 'e99', 'p1']) expectBoxClose(bounds(scene, id), drawnBox(drawnOf(scene, id)), 4);
    expect(bounds(scene, 'e37')).not.toEqual(bounds(scene, 'e38'));

    // Another hvac item: no new geometry, no vertices used.
    const unused = opaque.unusedVertexCount;
    let r = change(h, [equipment('e100', 's0', 'hvac', 30, 30)]);
    expect(r.rebuilt).toEqual(['e100']);
    expect(opaque.unusedVertexCount).toBe(unused);
    expect(activeGeometries(opaque)).toBe(3);
    expect(geometryOf('e100')).toBe(hvacGeometry);

    // A system change: e0 now draws the plumbing symbol in the plumbing colour; the hvac symbol stays for the others.
    r = change(h, [{ ...get(h, 'e0', 'equipment'), system: 'plumbing' }]);
    expect(r.rebuilt).toEqual(['e0']);
    expect(geometryOf('e0')).toBe(geometryOf('p0'));
    expect(geometryOf('e1')).toBe(hvacGeometry);
    expect(scene.colorOf('e0')).toBe(baseColour(h, 'e0'));
    expect(scene.colorOf('e0')).toBe(scene.colorOf('p0'));
    expect(scene.colorOf('e0')).not.toBe(scene.colorOf('e1'));
    expect(activeGeometries(opaque)).toBe(3);
    expectSameAsFreshBuild(h);

    // A system nobody used yet: a new geometry.
    r = change(h, [{ ...get(h, 'e1', 'equipment'), system: 'security' }]);
    expect(activeGeometries(opaque)).toBe(4);
    expect(geometryOf('e2')).toBe(hvacGeometry);

    // Its only user leaves it: freed (and the user is still drawn with hvac).
    r = change(h, [{ ...get(h, 'e1', 'equipment'), system: 'hvac' }]);
    expect(activeGeometries(opaque)).toBe(3);
    expect(geometryOf('e1')).toBe(hvacGeometry);

    // Delete 99 of the 100 hvac items: the last is still drawn, at its place.
    const hvacIds = [...h.elements.values()].filter((e) => e.kind === 'equipment' && e.system === 'hvac').map((e) => e.id);
    expect(hvacIds).toHaveLength(100);
    const last = hvacIds.pop()!;
    r = change(h, [], hvacIds);
    expect(r.rebuilt).toEqual([]);
    expect(scene.size).toBe(1 + 3 + 1);
    expect(scene.has(last)).toBe(true);
    expect(internals(opaque)._instanceInfo[drawnOf(scene, last).instanceId]!.active).toBe(true);
    expect(scene.visibleOf(last)).toBe(true);
    expect(geometryOf(last)).toBe(hvacGeometry);
    expectBoxClose(bounds(scene, last), drawnBox(drawnOf(scene, last)), 4);
    expect(activeGeometries(opaque)).toBe(3);
    expectSameAsFreshBuild(h);

    // Delete the last one: its symbol is freed; the plumbing items keep theirs.
    r = change(h, [], [last]);
    expect(scene.has(last)).toBe(false);
    expect(activeGeometries(opaque)).toBe(2);
    for (const id of ['p0', 'p1', 'e0', 'w']) expect(scene.has(id), id).toBe(true);
    expectSameAsFreshBuild(h);

    // And a new hvac item gets a symbol again.
    r = change(h, [equipment('again', 's0', 'hvac', 1, 1)]);
    expect(activeGeometries(opaque)).toBe(3);
    expectBoxClose(bounds(scene, 'again'), drawnBox(drawnOf(scene, 'again')), 4);
    expectSameAsFreshBuild(h);
  });

  it.each(EQUIPMENT_SYSTEMS.map((s) => [s]))('a %s item sits with its bottom at its height on its storey', (system) => {
    const h = harness([S0, S1], [equipment('e', 's1', system, 2, 3, 1.5)]);
    const [min, max] = bounds(h.scene, 'e');
    expect(min[1]).toBeCloseTo(4.5, 5);
    expect(max[1]).toBeCloseTo(4.8, 5);
    expect((min[0]! + max[0]!) / 2).toBeCloseTo(2, 1);
    expect((min[2]! + max[2]!) / 2).toBeCloseTo(-3, 1);
  });
});

// ---- 7. storey filter ------------------------------------------------------------------------

describe('storey filter', () => {
  const setup = () =>
    harness(
      [S0, S1, S2],
      [S0, S1, S2].flatMap((s) => [
        wall(`${s.id}-w`, s.id, [0, 0], [5, 0]),
        win(`${s.id}-n`, s.id, `${s.id}-w`, 1),
        space(`${s.id}-r`, s.id, rect(0, 0, 5, 4)),
        equipment(`${s.id}-e`, s.id, 'network', 1, 1),
      ]),
    );

  it.each<[StoreyFilter, string, string[]]>([
    ['all', 's0', ['s0', 's1', 's2']],
    ['all', 's2', ['s0', 's1', 's2']],
    ['one', 's0', ['s0']],
    ['one', 's1', ['s1']],
    ['one', 's2', ['s2']],
    ['below', 's0', ['s0']],
    ['below', 's1', ['s0', 's1']],
    ['below', 's2', ['s0', 's1', 's2']],
    ['one', 'no-such-storey', []],
  ])('%s with %s shows %j, rebuilding nothing', (filter, storeyId, shown) => {
    const h = setup();
    const { scene } = h;
    const built = scene.stats.builtElements;
    const drawnBefore = new Map([...instances(scene)].map(([id, d]) => [id, triangles(d)]));

    scene.setStoreyFilter(filter, storeyId);

    expect(scene.pending).toBe(false);
    expect(scene.stats.builtElements).toBe(built);
    for (const s of ['s0', 's1', 's2']) expect(scene.storeyShown(s), s).toBe(shown.includes(s));
    for (const [id, e] of h.elements) {
      expect(scene.visibleOf(id), id).toBe(shown.includes(e.storeyId));
      const d = drawnOf(scene, id);
      expect(d.mesh.getVisibleAt(d.instanceId)).toBe(shown.includes(e.storeyId));
      expect(triangles(d), id).toEqual(drawnBefore.get(id));
    }
    const box = scene.shownBounds();
    expect(box.isEmpty()).toBe(shown.length === 0);

    scene.setStoreyFilter('all', storeyId);
    for (const id of h.elements.keys()) expect(scene.visibleOf(id), id).toBe(true);
    expect(scene.stats.builtElements).toBe(built);
  });

  it('applies to elements added or moved later, and follows a storey reorder', () => {
    const h = setup();
    const { scene } = h;
    scene.setStoreyFilter('below', 's1');
    change(h, [wall('late2', 's2', [0, 9], [3, 9]), wall('late0', 's0', [0, 9], [3, 9])]);
    expect(scene.visibleOf('late2')).toBe(false);
    expect(scene.visibleOf('late0')).toBe(true);
    change(h, [{ ...get(h, 'late2', 'wall'), storeyId: 's1' }]);
    expect(scene.visibleOf('late2')).toBe(true);

    // s2 becomes the lowest storey: it is now below s1.
    h.storeys = h.storeys.map((s) => (s.id === 's2' ? { ...s, order: -1 } : s));
    scene.markStoreys();
    scene.flush(h.storeys);
    expect(scene.stats.lastFlushRebuilt).toEqual([]);
    expect(scene.storeyShown('s2')).toBe(true);
    expect(scene.visibleOf('s2-w')).toBe(true);
    expect(scene.visibleOf('s0-w')).toBe(true);
  });
});

// ---- 8. selection, hover and peers' selections -----------------------------------------------

describe('selection colours', () => {
  const ids = ['w', 'd', 'n', 'r', 'f', 'e', 'o'];
  const setup = () =>
    harness(
      [S0],
      [
        wall('w', 's0', [0, 0], [8, 0]),
        door('d', 's0', 'w', 1),
        win('n', 's0', 'w', 4),
        space('r', 's0', rect(0, 0, 8, 6)),
        slab('f', 's0', rect(0, 0, 8, 6)),
        equipment('e', 's0', 'lighting', 2, 2),
        object('o', 's0', 5, 3),
      ],
    );
  const none = new Set<string>();
  const noPeers = new Map<string, string>();

  it.each(ids)('selecting, hovering and a peer selecting %s tint only it, and clearing restores its exact base colour', (id) => {
    const h = setup();
    const { scene } = h;
    const base = new Map(ids.map((x) => [x, scene.colorOf(x)!]));
    for (const x of ids) expect(base.get(x), x).toBe(baseColour(h, x));
    const built = scene.stats.builtElements;
    const othersKeep = () => {
      for (const x of ids) if (x !== id) expect(scene.colorOf(x), x).toBe(base.get(x));
    };

    scene.setSelection(new Set([id]), null, noPeers);
    const selected = scene.colorOf(id)!;
    expect(selected).not.toBe(base.get(id));
    othersKeep();

    scene.setSelection(new Set([id]), id, noPeers);
    const selectedHovered = scene.colorOf(id)!;
    expect(selectedHovered).not.toBe(selected);
    othersKeep();

    scene.setSelection(none, id, noPeers);
    const hovered = scene.colorOf(id)!;
    expect(hovered).not.toBe(base.get(id));
    expect(hovered).not.toBe(selected);
    othersKeep();

    scene.setSelection(none, null, new Map([[id, '#ff0000']]));
    const red = scene.colorOf(id)!;
    expect(red).not.toBe(base.get(id));
    expect(red).not.toBe(selected);
    othersKeep();
    scene.setSelection(none, null, new Map([[id, '#00ff00']]));
    const green = scene.colorOf(id)!;
    expect(green).not.toBe(base.get(id));
    expect(green).not.toBe(red);
    othersKeep();

    // My selection wins over a peer's.
    scene.setSelection(new Set([id]), null, new Map([[id, '#00ff00']]));
    expect(scene.colorOf(id)).toBe(selected);

    scene.setSelection(none, null, noPeers);
    for (const x of ids) expect(scene.colorOf(x), x).toBe(base.get(x));
    expect(scene.stats.builtElements).toBe(built);
  });

  it('the selection colour is the same for every kind, and survives a rebuild and a storey change', () => {
    const h = setup();
    const { scene } = h;
    scene.setSelection(new Set(ids), null, noPeers);
    const colours = new Set(ids.map((x) => scene.colorOf(x)));
    expect(colours.size).toBe(1);
    const [selected] = colours;

    change(h, [{ ...get(h, 'w', 'wall'), b: planPoint(9, 1) }]);
    expect(scene.stats.lastFlushRebuilt).toEqual(expect.arrayContaining(['w', 'd', 'n']));
    for (const x of ids) expect(scene.colorOf(x), x).toBe(selected);

    h.storeys = [{ ...S0, elevation: m(1) }];
    scene.markStoreys();
    scene.flush(h.storeys);
    for (const x of ids) expect(scene.colorOf(x), x).toBe(selected);

    scene.setSelection(new Set(['gone', 'w']), 'also-gone', new Map([['nope', '#123456']]));
    expect(scene.colorOf('w')).toBe(selected);
    expect(scene.colorOf('d')).toBe(baseColour(h, 'd'));
  });
});

// ---- 9. preview offset -----------------------------------------------------------------------

describe('previewOffset', () => {
  it.each([
    [1.5, -2],
    [0, 3],
    [-4, 0],
    [0.1, 0.1],
  ])('moves bounds by (%f, 0, %f) and (0, 0) restores them exactly', (dx, dz) => {
    const h = harness(
      [S0, S1],
      [
        wall('w', 's1', [0, 0], [6, 0]),
        door('d', 's1', 'w', 2),
        slab('f', 's1', rect(0, 0, 6, 4)),
        equipment('e', 's1', 'electrical', 2, 2, 0.5, 0.7),
        object('o', 's1', 4, 1),
        wall('still', 's0', [0, 0], [6, 0]),
      ],
    );
    const { scene } = h;
    const moved = ['w', 'd', 'f', 'e', 'o'];
    const before = new Map([...h.elements.keys()].map((id) => [id, bounds(scene, id)]));
    const drawnBefore = new Map([...h.elements.keys()].map((id) => [id, triangles(drawnOf(scene, id))]));
    const drawnBoxBefore = new Map(moved.map((id) => [id, drawnBox(drawnOf(scene, id))]));

    scene.previewOffset([...moved, 'not-in-scene'], dx, dz);
    for (const id of moved) {
      expectBoxClose(bounds(scene, id), shifted(before.get(id)!, [dx, 0, dz]));
      // What the instance draws moved too (its matrix), not just the reported bounds.
      const b = drawnBoxBefore.get(id)!;
      expectBoxClose(drawnBox(drawnOf(scene, id)), shifted([b.min.toArray(), b.max.toArray()], [dx, 0, dz]), 3);
    }
    expect(bounds(scene, 'still')).toEqual(before.get('still'));
    expect(scene.pending).toBe(false);

    scene.previewOffset(moved, 0, 0);
    for (const id of h.elements.keys()) {
      expect(bounds(scene, id), id).toEqual(before.get(id));
      expect(triangles(drawnOf(scene, id)), id).toEqual(drawnBefore.get(id));
    }
  });
});

// ---- 10. kinds changing bucket ---------------------------------------------------------------

describe('an id re-used by another kind', () => {
  const base = () => [
    wall('W', 's0', [0, 0], [8, 0]),
    wall('W2', 's0', [0, 3], [8, 3]),
    win('x-window', 's0', 'W', 1),
    door('x-door', 's0', 'W', 4),
    space('x-space', 's0', rect(0, 0, 4, 4)),
    equipment('x-equipment', 's0', 'fire', 6, 1),
    wall('x-wall', 's0', [10, 0], [14, 0]),
  ];
  const rows: { from: string; to: () => Element; fromBucket: Bucket; toBucket: Bucket }[] = [
    { from: 'x-window', to: () => door('x-window', 's0', 'W', 1), fromBucket: 'glass', toBucket: 'opaque' },
    { from: 'x-door', to: () => win('x-door', 's0', 'W2', 2), fromBucket: 'opaque', toBucket: 'glass' },
    { from: 'x-space', to: () => slab('x-space', 's0', rect(0, 0, 4, 4)), fromBucket: 'floor', toBucket: 'opaque' },
    { from: 'x-equipment', to: () => wall('x-equipment', 's0', [10, 5], [14, 5]), fromBucket: 'opaque', toBucket: 'opaque' },
    { from: 'x-wall', to: () => equipment('x-wall', 's0', 'fire', 11, 1), fromBucket: 'opaque', toBucket: 'opaque' },
    { from: 'x-wall', to: () => space('x-wall', 's0', rect(10, 0, 14, 4)), fromBucket: 'opaque', toBucket: 'floor' },
  ];

  describe.each([
    { how: 'removed in one flush and re-added in the next', steps: 2 },
    { how: 'replaced in one flush', steps: 1 },
  ])('$how', ({ steps }) => {
    it.each(rows.map((r) => [r.from, r.to().kind, r] as const))('%s becomes a %s', (from, _kind, { to, fromBucket, toBucket }) => {
      const h = harness([S0], base());
      const { scene } = h;
      const counts = bucketCounts(scene);
      expect(drawnOf(scene, from).bucket).toBe(fromBucket);

      if (steps === 2) {
        change(h, [], [from]);
        expect(scene.has(from)).toBe(false);
        expect(bucketCounts(scene)[fromBucket]).toBe(counts[fromBucket]! - 1);
        expectSameAsFreshBuild(h);
      }
      const next = to();
      const { rebuilt } = change(h, [next]);
      expect(rebuilt).toContain(from);

      expect(scene.has(from)).toBe(true);
      expect(scene.size).toBe(base().length);
      expect(drawnOf(scene, from).bucket).toBe(toBucket);
      expect(scene.colorOf(from)).toBe(baseColour(h, from));
      const expected = { ...counts };
      expected[fromBucket]!--;
      expected[toBucket]!++;
      expect(bucketCounts(scene)).toEqual(expected);
      expectSameAsFreshBuild(h);
    });
  });
});

describe('freed space is reused', () => {
  it('compacts a batch once deleted and outgrown slots pass a quarter of its use, and draws exactly what a fresh build does', () => {
    const walls = Array.from({ length: 600 }, (_, i) => wall(`w${i}`, 's0', [i * 5, 0], [i * 5 + 4, 0]));
    const h = harness([S0], walls);
    const opaque = meshOf(h.scene, 'opaque');
    // Delete most walls (their slots are freed), then give every other remaining wall three openings (each outgrows its slot).
    change(h, [], walls.slice(0, 500).map((w) => w.id));
    for (let i = 500; i < 600; i += 2) change(h, [door(`d${i}`, 's0', `w${i}`, 0.2), win(`a${i}`, 's0', `w${i}`, 1.4), win(`b${i}`, 's0', `w${i}`, 2.8, 0.8)]);
    expect(h.scene.stats.compactions).toBeGreaterThan(0);
    // Without compaction the freed slots (500 walls' worth, more than twice what is live) would stay
    // in the buffer; compacted, what lies between the live slots is under the threshold.
    const liveSlots = internals(opaque)
      ._geometryInfo.filter((g) => g.active)
      .reduce((sum, g) => sum + g.reservedVertexCount, 0);
    expect(internals(opaque)._nextVertexStart - liveSlots).toBeLessThan(Math.max(4096, liveSlots * 0.25));
    expectSameAsFreshBuild(h);
  });
});
