/**
 * SceneController with geometry assets: objects and equipment carrying `asset` draw their mesh once
 * the loader has it (a fake same-origin server, no network), placed by position, rotation and
 * storey elevation; boxes and symbols until then, or for good when it fails. Read back from the
 * batches' own buffers, instance matrices and colours, as sceneController.test.ts does.
 */
import * as THREE from 'three';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssetLoader } from '@/components/scene/assets';
import { SceneController } from '@/components/scene/SceneController';
import type { Bucket } from '@/components/scene/geometry';
import { createElement, createStorey, metres, planPoint, radians, worldPoint, type Element, type ModelError, type Result, type Storey } from '@/lib/model';
import type { MeshPart } from '@/lib/ifc/meshAsset';
import { assetBytes, boxPart, fakeServer, hashOf, settle, type Served } from './assetFixtures';

// ---- fixtures ------------------------------------------------------------------------------

const ok = <T>(r: Result<T, ModelError>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const storey = (id: string, elevation: number, order: number): Storey => ok(createStorey({ id, name: id, elevation: metres(elevation), height: metres(3), order }));
const S0 = storey('s0', 0, 0);
const S1 = storey('s1', 3, 1);

type Placed = { x: number; y: number; z?: number; rotation?: number; asset?: string; storeyId?: string };
const object = (id: string, p: Placed): Element =>
  ok(createElement('object', { id, storeyId: p.storeyId ?? 's0', category: 'furniture', position: worldPoint(p.x, p.y, p.z ?? 0), rotation: radians(p.rotation ?? 0), ...(p.asset ? { asset: p.asset } : {}) }));
const equipment = (id: string, p: Placed): Element =>
  ok(createElement('equipment', { id, storeyId: p.storeyId ?? 's0', system: 'hvac', type: 'ahu', position: worldPoint(p.x, p.y, p.z ?? 0), rotation: radians(p.rotation ?? 0), ...(p.asset ? { asset: p.asset } : {}) }));
const wall = (id: string, a: [number, number], b: [number, number]): Element =>
  ok(createElement('wall', { id, storeyId: 's0', a: planPoint(...a), b: planPoint(...b), thickness: metres(0.2), height: metres(3) }));

type V3 = readonly [number, number, number];
type Rgba = [number, number, number, number];
/** A chair-ish asset: a 1 × 0.5 × 2 m box from the origin, so its corners say where each axis went. */
const CHAIR_MIN: V3 = [0, 0, 0];
const CHAIR_MAX: V3 = [1, 0.5, 2];
const RED: Rgba = [1, 0, 0, 1];
const BLUE: Rgba = [0, 0, 1, 1];
const chair = (color: Rgba = RED) => boxPart(CHAIR_MIN, CHAIR_MAX, color);
/** Two opaque colours and a translucent pane. */
const cabinet = (): MeshPart[] => [boxPart([0, 0, 0], [1, 1, 1], RED), boxPart([0, 0, 1], [1, 1, 1.2], BLUE), boxPart([0.1, -0.01, 0.1], [0.9, 0, 0.9], [0.2, 0.8, 0.6, 0.5])];

const CHAIR = hashOf(1);
const CABINET = hashOf(2);
const MISSING = hashOf(404);
const GARBAGE = hashOf(0xbad);
const OTHER = hashOf(3);

// ---- the scene under test --------------------------------------------------------------------

const live: SceneController[] = [];
afterEach(() => {
  for (const scene of live.splice(0)) scene.dispose();
  vi.restoreAllMocks();
});

function harness(elements: readonly Element[], served: Record<string, Served> = { [CHAIR]: assetBytes(chair()), [CABINET]: assetBytes(...cabinet()), [OTHER]: assetBytes(chair(BLUE)), [GARBAGE]: new Uint8Array([7, 7, 7, 7, 7, 7, 7, 7, 7]) }, storeys = [S0, S1]) {
  const server = fakeServer(served);
  const warn = vi.fn<(message: string, error: unknown) => void>();
  const loader = new AssetLoader({ fetch: server.fetch, retryDelayMs: 0, warn });
  const map = new Map(elements.map((e) => [e.id, e]));
  const scene = new SceneController(map, { assets: loader });
  live.push(scene);
  const wakeups = vi.fn();
  scene.subscribe(wakeups);
  scene.build(storeys);
  return { elements: map, storeys, scene, loader, server, warn, wakeups };
}
type Harness = ReturnType<typeof harness>;

/** Lets the fetches finish, then flushes as the view's next frame does; returns what it rebuilt. */
async function arrive(h: Harness): Promise<string[]> {
  await settle(h.loader);
  h.scene.flush(h.storeys);
  return [...h.scene.stats.lastFlushRebuilt].sort();
}
function change(h: Harness, put: readonly Element[], remove: readonly string[] = []): string[] {
  for (const e of put) h.elements.set(e.id, e);
  for (const id of remove) h.elements.delete(id);
  h.scene.markDirty([...put.map((e) => e.id), ...remove]);
  expect(() => h.scene.flush(h.storeys)).not.toThrow();
  return [...h.scene.stats.lastFlushRebuilt].sort();
}

// ---- reading the batches back ----------------------------------------------------------------

interface BatchInternals {
  _instanceInfo: { active: boolean }[];
  _geometryInfo: { active: boolean }[];
}
const internals = (mesh: THREE.BatchedMesh) => mesh as unknown as BatchInternals;
const meshOf = (scene: SceneController, bucket: Bucket) => scene.meshes.find((m) => m.userData.bucket === bucket)!;
const activeGeometries = (mesh: THREE.BatchedMesh) => internals(mesh)._geometryInfo.filter((g) => g.active).length;

interface Drawn {
  readonly mesh: THREE.BatchedMesh;
  readonly bucket: Bucket;
  readonly instanceId: number;
}
/** Every live instance of `id` in every batch, found through `elementAt` (the picking path). */
function instancesOf(scene: SceneController, id: string): Drawn[] {
  const out: Drawn[] = [];
  for (const mesh of scene.meshes) {
    const info = internals(mesh)._instanceInfo;
    for (let i = 0; i < info.length; i++) if (info[i]!.active && scene.elementAt(mesh, i) === id) out.push({ mesh, bucket: mesh.userData.bucket as Bucket, instanceId: i });
  }
  return out;
}
const round = (x: number) => Math.round(x * 1e3) / 1e3 + 0;
/** The distinct world-space vertices an instance draws (its triangles' corners, instance matrix applied), rounded and sorted. */
function drawnVertices(d: Drawn): string[] {
  const { mesh, instanceId } = d;
  const range = mesh.getGeometryRangeAt(mesh.getGeometryIdAt(instanceId));
  const position = mesh.geometry.getAttribute('position') as THREE.BufferAttribute;
  const index = mesh.geometry.getIndex()!;
  const matrix = mesh.getMatrixAt(instanceId, new THREE.Matrix4());
  const v = new THREE.Vector3();
  const out = new Set<string>();
  for (let i = range.indexStart; i < range.indexStart + range.indexCount; i++) {
    v.fromBufferAttribute(position, index.getX(i)).applyMatrix4(matrix);
    out.add([v.x, v.y, v.z].map(round).join(' '));
  }
  return [...out].sort();
}
/** All an element draws: per instance its bucket and vertices, sorted. */
const drawnOf = (scene: SceneController, id: string) =>
  instancesOf(scene, id)
    .map((d) => `${d.bucket}: ${drawnVertices(d).join(', ')}`)
    .sort();

/**
 * Where an asset point lands in the world, computed by hand (not by three): turned by `rotation`
 * on the plan (counter-clockwise, +x towards +y), moved to `position`, lifted by the storey's
 * elevation, then plan (x, y, up) → world (x, up, −y).
 */
function expectedWorld(p: V3, at: Placed, elevation: number): string {
  const c = Math.cos(at.rotation ?? 0);
  const s = Math.sin(at.rotation ?? 0);
  const planX = at.x + c * p[0] - s * p[1];
  const planY = at.y + s * p[0] + c * p[1];
  return [planX, elevation + (at.z ?? 0) + p[2], -planY].map(round).join(' ');
}
const corners = (min: V3, max: V3): V3[] => Array.from({ length: 8 }, (_, k) => [k & 1 ? max[0] : min[0], k & 2 ? max[1] : min[1], k & 4 ? max[2] : min[2]] as const);
const expectedBox = (min: V3, max: V3, at: Placed, elevation: number) => [...new Set(corners(min, max).map((p) => expectedWorld(p, at, elevation)))].sort();

// ---- 1. drawing an asset -----------------------------------------------------------------------

describe('an element with an asset', () => {
  it.each([
    { name: 'unturned, on the ground storey', at: { x: 5, y: 2, z: 0.5, storeyId: 's0' }, elevation: 0 },
    { name: 'a quarter turn, on storey s1 (3 m)', at: { x: 5, y: 2, z: 0.5, rotation: Math.PI / 2, storeyId: 's1' }, elevation: 3 },
    { name: 'turned 0.3 rad, off the origin', at: { x: -7.25, y: 11, z: 0, rotation: 0.3, storeyId: 's1' }, elevation: 3 },
    { name: 'turned half round', at: { x: 0, y: 0, z: 1.2, rotation: Math.PI, storeyId: 's0' }, elevation: 0 },
  ])('draws its box until the asset arrives, then the asset in world coordinates ($name)', async ({ at, elevation }) => {
    const h = harness([object('o', { ...at, asset: CHAIR }), wall('w', [0, 0], [4, 0])]);
    const { scene } = h;
    // Before: the object's default 0.6 × 0.6 × 0.9 box, and a request under way.
    expect(scene.drawnAs('o')).toEqual({ asset: null, instances: 1 });
    expect(scene.assetStats()).toMatchObject({ pending: 1, drawn: 0, boxed: 1 });
    const box = scene.boundsOf('o')!;
    expect(box.max.y - box.min.y).toBeCloseTo(0.9, 5);
    const wallBefore = drawnOf(scene, 'w');

    expect(await arrive(h)).toEqual(['o']);
    expect(h.wakeups).toHaveBeenCalledTimes(1);
    expect(scene.drawnAs('o')).toEqual({ asset: CHAIR, instances: 1 });
    expect(scene.assetStats()).toMatchObject({ loaded: 1, pending: 0, failed: 0, drawn: 1, boxed: 0 });

    // Every corner of the chair where the hand-computed transform puts it (a vertex check of the whole mesh).
    expect(drawnOf(scene, 'o')).toEqual([`opaque: ${expectedBox(CHAIR_MIN, CHAIR_MAX, at, elevation).join(', ')}`]);
    // Its asset x axis end (1, 0, 0) in particular.
    expect(drawnVertices(instancesOf(scene, 'o')[0]!)).toContain(expectedWorld([1, 0, 0], at, elevation));
    // Bounds (fit, gizmo) agree with what is drawn.
    const b = scene.boundsOf('o')!;
    const pts = expectedBox(CHAIR_MIN, CHAIR_MAX, at, elevation).map((s) => s.split(' ').map(Number));
    for (const axis of [0, 1, 2] as const) {
      expect(b.min.getComponent(axis)).toBeCloseTo(Math.min(...pts.map((p) => p[axis]!)), 3);
      expect(b.max.getComponent(axis)).toBeCloseTo(Math.max(...pts.map((p) => p[axis]!)), 3);
    }
    expect(scene.shownBounds().containsBox(b)).toBe(true);
    // Nothing else was touched; still one batch per bucket.
    expect(drawnOf(scene, 'w')).toEqual(wallBefore);
    expect(scene.meshes).toHaveLength(3);
    expect(scene.root.children).toHaveLength(3);
    expect(h.warn).not.toHaveBeenCalled();
  });

  it('a window in a slab (a roof window) draws a flat pane until its asset arrives, then the asset where an object would', async () => {
    const at = { x: 2, y: 3, z: 0.4, rotation: 0.5, storeyId: 's1' };
    const roof = ok(createElement('slab', { id: 'roof', storeyId: 's1', polygon: [planPoint(0, 0), planPoint(6, 0), planPoint(6, 6), planPoint(0, 6)], thickness: metres(0.3) }));
    const skylight = ok(createElement('window', { id: 'k', storeyId: 's1', hostId: 'roof', width: metres(1), height: metres(1.2), position: worldPoint(at.x, at.y, at.z), rotation: radians(at.rotation), asset: CHAIR }));
    const h = harness([roof, skylight]);
    expect(h.scene.drawnAs('k')).toEqual({ asset: null, instances: 1 });
    // The pane: 1 × 1.2 m on the plan about its position, 3 cm thick, from its z (storey s1 at 3 m) up.
    const pane = h.scene.boundsOf('k')!;
    expect(pane.min.y).toBeCloseTo(3.4, 5);
    expect(pane.max.y).toBeCloseTo(3.43, 5);
    const c = Math.cos(at.rotation), s = Math.sin(at.rotation);
    expect(pane.max.x - pane.min.x).toBeCloseTo(Math.abs(c * 1) + Math.abs(s * 1.2), 5);
    expect((pane.max.x + pane.min.x) / 2).toBeCloseTo(at.x, 5);
    // Its asset arriving redraws it alone: the hole it cuts in the roof stays the same.
    expect(await arrive(h)).toEqual(['k']);
    expect(h.scene.drawnAs('k')).toEqual({ asset: CHAIR, instances: 1 });
    expect(drawnOf(h.scene, 'k')).toEqual([`opaque: ${expectedBox(CHAIR_MIN, CHAIR_MAX, at, 3).join(', ')}`]);
    // Moved, it takes its hole along: the roof is rebuilt with it (geometry.test.ts: the hole).
    expect(change(h, [{ ...skylight, position: worldPoint(4, 3, at.z) } as Element])).toEqual(['k', 'roof']);
    expect(change(h, [], ['k'])).toEqual(['roof']);
    expect(h.scene.has('k')).toBe(false);
  });

  it('equipment draws its asset from its position up (not the symbol’s centre)', async () => {
    const at = { x: 2, y: 3, z: 1.5, rotation: 0.5, storeyId: 's1' };
    const h = harness([equipment('e', { ...at, asset: CHAIR }), equipment('plain', { x: 0, y: 0 })]);
    const symbol = drawnOf(h.scene, 'plain');
    expect(h.scene.drawnAs('e')).toEqual({ asset: null, instances: 1 });
    expect(await arrive(h)).toEqual(['e']);
    expect(drawnOf(h.scene, 'e')).toEqual([`opaque: ${expectedBox(CHAIR_MIN, CHAIR_MAX, at, 3).join(', ')}`]);
    expect(h.scene.boundsOf('e')!.min.y).toBeCloseTo(4.5, 3);
    expect(drawnOf(h.scene, 'plain')).toEqual(symbol);
  });

  it('a multi-colour asset: one instance per part in one multi-draw per bucket, translucent parts in the glass batch', async () => {
    const h = harness([object('c', { x: 1, y: 1, asset: CABINET }), object('c2', { x: 4, y: 1, asset: CABINET })]);
    const { scene } = h;
    const counts = () => Object.fromEntries(scene.batchInfo().map((b) => [b.bucket, b.instances]));
    expect(counts()).toEqual({ opaque: 2, floor: 0, glass: 0 });
    await arrive(h);
    expect(counts()).toEqual({ opaque: 4, floor: 0, glass: 2 });
    expect(scene.meshes).toHaveLength(3);
    expect(scene.root.children).toHaveLength(3);
    expect(scene.drawnAs('c')).toEqual({ asset: CABINET, instances: 3 });
    const parts = instancesOf(scene, 'c');
    expect(parts.map((d) => d.bucket).sort()).toEqual(['glass', 'opaque', 'opaque']);

    // Each part in its colour (sRGB as the file says), the pane with its own opacity (alpha × the glass material's 0.35).
    const colours = (id: string) =>
      instancesOf(scene, id)
        .map((d) => {
          const c = d.mesh.getColorAt(d.instanceId, new THREE.Vector4());
          return `${d.bucket} #${new THREE.Color(c.x, c.y, c.z).getHexString()} ${round(c.w * (d.bucket === 'glass' ? 0.35 : 1))}`;
        })
        .sort();
    expect(colours('c')).toEqual(['glass #33cc99 0.502', 'opaque #0000ff 1', 'opaque #ff0000 1']);

    // Selection, hover and a peer tint every part; clearing restores each part's colour.
    scene.setSelection(new Set(['c']), null, new Map());
    expect(new Set(colours('c').map((c) => c.split(' ')[1]))).toEqual(new Set(['#2563eb']));
    expect(colours('c2')).toEqual(['glass #33cc99 0.502', 'opaque #0000ff 1', 'opaque #ff0000 1']);
    expect(scene.colorOf('c')).toBe('#2563eb');
    scene.setSelection(new Set(), 'c', new Map([['c', '#00ff00']]));
    expect(colours('c').filter((c) => c.includes('#ff0000') || c.includes('#0000ff') || c.includes('#33cc99'))).toEqual([]);
    scene.setSelection(new Set(), null, new Map());
    expect(colours('c')).toEqual(['glass #33cc99 0.502', 'opaque #0000ff 1', 'opaque #ff0000 1']);

    // The storey filter hides every part; previewOffset moves every part.
    scene.setStoreyFilter('one', 's1');
    expect(parts.map((d) => d.mesh.getVisibleAt(d.instanceId))).toEqual([false, false, false]);
    expect(scene.visibleOf('c')).toBe(false);
    scene.setStoreyFilter('all', 's1');
    expect(parts.map((d) => d.mesh.getVisibleAt(d.instanceId))).toEqual([true, true, true]);
    const before = drawnOf(scene, 'c');
    scene.previewOffset(['c'], 2, -1);
    const moved = drawnOf(scene, 'c');
    expect(moved).not.toEqual(before);
    scene.previewOffset(['c'], 0, 0);
    expect(drawnOf(scene, 'c')).toEqual(before);

    // Bounds cover every part (the pane sticks out in front, the blue top above).
    const all = parts.flatMap((d) => drawnVertices(d).map((v) => v.split(' ').map(Number)));
    const b = scene.boundsOf('c')!;
    for (const axis of [0, 1, 2] as const) {
      expect(b.min.getComponent(axis)).toBeCloseTo(Math.min(...all.map((p) => p[axis]!)), 3);
      expect(b.max.getComponent(axis)).toBeCloseTo(Math.max(...all.map((p) => p[axis]!)), 3);
    }
    expect(b.max.y).toBeCloseTo(1.2, 3);
    expect(b.max.z).toBeCloseTo(-1 + 0.01, 3);

    // Picking: every part maps back to its element.
    for (const d of parts) expect(scene.elementAt(d.mesh, d.instanceId)).toBe('c');
  });
});

// ---- 2. sharing ----------------------------------------------------------------------------

describe('elements sharing a hash', () => {
  it('load it once and share one geometry slot per part', async () => {
    const h = harness([object('a', { x: 0, y: 0, asset: CHAIR }), object('b', { x: 3, y: 0, rotation: 1, asset: CHAIR }), equipment('e', { x: 6, y: 0, asset: CHAIR })]);
    expect(h.server.urls).toEqual([`/api/assets/${CHAIR}`]);
    expect(await arrive(h)).toEqual(['a', 'b', 'e']);
    expect(h.server.urls).toEqual([`/api/assets/${CHAIR}`]);
    const geometryIds = ['a', 'b', 'e'].map((id) => {
      const [d] = instancesOf(h.scene, id);
      return d!.mesh.getGeometryIdAt(d!.instanceId);
    });
    expect(new Set(geometryIds).size).toBe(1);
    // The boxes' slots (two objects) and the hvac symbol's were freed: one geometry is left.
    expect(activeGeometries(meshOf(h.scene, 'opaque'))).toBe(1);

    // Another element of the hash later: no fetch, no new geometry, drawn at once.
    const unused = meshOf(h.scene, 'opaque').unusedVertexCount;
    expect(change(h, [object('late', { x: 9, y: 9, asset: CHAIR })])).toEqual(['late']);
    expect(h.scene.drawnAs('late')).toEqual({ asset: CHAIR, instances: 1 });
    expect(meshOf(h.scene, 'opaque').unusedVertexCount).toBe(unused);
    expect(h.server.urls).toHaveLength(1);
  });

  it('a second scene (another view of the page) uses the loader’s cache and draws the asset in its first build', async () => {
    const h = harness([object('a', { x: 0, y: 0, asset: CHAIR })]);
    await arrive(h);
    const other = new SceneController(new Map(h.elements), { assets: h.loader });
    live.push(other);
    other.build(h.storeys);
    expect(other.drawnAs('a')).toEqual({ asset: CHAIR, instances: 1 });
    expect(drawnOf(other, 'a')).toEqual(drawnOf(h.scene, 'a'));
    expect(h.server.urls).toHaveLength(1);
  });
});

// ---- 3. failures ------------------------------------------------------------------------------

describe('an asset that fails', () => {
  it.each([
    { name: 'a fetch that fails twice (404)', hash: MISSING, fetches: 2 },
    { name: 'garbage bytes (decode error)', hash: GARBAGE, fetches: 1 },
  ])('$name leaves the box, warns once, and never throws', async ({ hash, fetches }) => {
    const h = harness([object('o', { x: 1, y: 1, asset: hash }), object('o2', { x: 3, y: 1, asset: hash }), object('plain', { x: 1, y: 1 })]);
    const box = drawnOf(h.scene, 'o');
    expect(box).toEqual(drawnOf(h.scene, 'plain'));
    expect(await arrive(h)).toEqual([]);
    expect(h.scene.drawnAs('o')).toEqual({ asset: null, instances: 1 });
    expect(drawnOf(h.scene, 'o')).toEqual(box);
    expect(h.warn).toHaveBeenCalledTimes(1);
    expect(String(h.warn.mock.calls[0]![0])).toContain(hash);
    expect(h.server.urls).toHaveLength(fetches);
    expect(h.scene.assetStats()).toMatchObject({ failed: 1, pending: 0, drawn: 0, boxed: 2 });

    // Edits keep drawing the box (moved), without asking again or warning again.
    expect(change(h, [object('o', { x: 2, y: 1, asset: hash })])).toEqual(['o']);
    expect(h.scene.boundsOf('o')!.min.x).toBeCloseTo(2 - 0.3, 5);
    await settle(h.loader);
    expect(h.server.urls).toHaveLength(fetches);
    expect(h.warn).toHaveBeenCalledTimes(1);
  });
});

// ---- 4. edits of asset elements ---------------------------------------------------------------

describe('edits of an element drawing its asset', () => {
  const setup = async () => {
    const h = harness([
      object('a', { x: 0, y: 0, asset: CABINET }),
      object('b', { x: 5, y: 0, asset: CABINET }),
      equipment('e', { x: 8, y: 2, z: 1, asset: CHAIR }),
      wall('w', [0, -2], [10, -2]),
      object('plain', { x: 2, y: 5 }),
    ]);
    await arrive(h);
    return h;
  };

  it('a remote move rebuilds only it: a matrix, no geometry, in place', async () => {
    const h = await setup();
    const { scene } = h;
    const others = ['b', 'e', 'w', 'plain'];
    const before = new Map(others.map((id) => [id, drawnOf(scene, id)]));
    const instanceIds = instancesOf(scene, 'a').map((d) => `${d.bucket}:${d.instanceId}`);
    const unused = scene.meshes.map((m) => [m.unusedVertexCount, m.unusedIndexCount]);
    const geometries = scene.meshes.map(activeGeometries);
    const grows = scene.stats.grows;

    const at = { x: 1.5, y: -0.5, z: 0.25, rotation: 0.7 };
    expect(change(h, [object('a', { ...at, asset: CABINET })])).toEqual(['a']);

    const expected = cabinet()
      .map((p) => {
        const min = [0, 1, 2].map((i) => Math.min(p.positions[i]!, p.positions[21 + i]!)) as unknown as V3;
        const max = [0, 1, 2].map((i) => Math.max(p.positions[i]!, p.positions[21 + i]!)) as unknown as V3;
        return `${p.color[3] < 1 ? 'glass' : 'opaque'}: ${expectedBox(min, max, at, 0).join(', ')}`;
      })
      .sort();
    expect(drawnOf(scene, 'a')).toEqual(expected);
    for (const id of others) expect(drawnOf(scene, id), id).toEqual(before.get(id));
    expect(instancesOf(scene, 'a').map((d) => `${d.bucket}:${d.instanceId}`)).toEqual(instanceIds);
    expect(scene.meshes.map((m) => [m.unusedVertexCount, m.unusedIndexCount])).toEqual(unused);
    expect(scene.meshes.map(activeGeometries)).toEqual(geometries);
    expect(scene.stats.grows).toBe(grows);
  });

  it('a storey elevation change lifts every part and rebuilds nothing', async () => {
    const h = await setup();
    const built = h.scene.stats.builtElements;
    const before = h.scene.boundsOf('a')!.clone();
    const storeys = [{ ...S0, elevation: metres(1.25) }, S1];
    h.scene.markStoreys();
    h.scene.flush(storeys);
    expect(h.scene.stats.builtElements).toBe(built);
    expect(h.scene.boundsOf('a')!.min.y).toBeCloseTo(before.min.y + 1.25, 5);
    for (const d of instancesOf(h.scene, 'a')) expect(drawnVertices(d).every((v) => Number(v.split(' ')[1]) >= 1.25 - 0.011)).toBe(true);
  });

  it('another hash, no hash, and deletion: slots follow their users, and it all matches a fresh build', async () => {
    const h = await setup();
    const { scene } = h;
    const opaque = meshOf(scene, 'opaque');
    const glass = meshOf(scene, 'glass');
    // cabinet (2 opaque + 1 glass) ×2 and chair: 3 opaque slots, 1 glass slot, 1 wall, 1 box.
    expect([activeGeometries(opaque), activeGeometries(glass)]).toEqual([5, 1]);

    // b turns into a chair (hash already drawn): one opaque instance now.
    expect(change(h, [object('b', { x: 5, y: 0, asset: CHAIR })])).toEqual(['b']);
    expect(scene.drawnAs('b')).toEqual({ asset: CHAIR, instances: 1 });
    expect([activeGeometries(opaque), activeGeometries(glass)]).toEqual([5, 1]);
    // a drops its asset: a box; the cabinet's slots are freed (nobody draws it).
    expect(change(h, [object('a', { x: 0, y: 0 })])).toEqual(['a']);
    expect(scene.drawnAs('a')).toEqual({ asset: null, instances: 1 });
    expect([activeGeometries(opaque), activeGeometries(glass)]).toEqual([4, 0]);
    expect(Object.fromEntries(scene.batchInfo().map((b) => [b.bucket, b.instances]))).toMatchObject({ glass: 0 });
    // A window takes the freed pane's glass instance: drawn at the glass opacity, not the pane's.
    change(h, [ok(createElement('window', { id: 'n', storeyId: 's0', hostId: 'w', offset: metres(1), width: metres(1), height: metres(1), sill: metres(1) }))]);
    const [pane] = instancesOf(scene, 'n');
    expect(pane!.mesh.getColorAt(pane!.instanceId, new THREE.Vector4()).w).toBe(1);
    // An asset not loaded yet: the box stays until it arrives, then only that element is rebuilt.
    expect(change(h, [object('plain', { x: 2, y: 5, asset: OTHER })])).toEqual(['plain']);
    expect(scene.drawnAs('plain')).toEqual({ asset: null, instances: 1 });
    expect(await arrive(h)).toEqual(['plain']);
    expect(scene.drawnAs('plain')).toEqual({ asset: OTHER, instances: 1 });
    // Deleting the chair's users frees its slot.
    change(h, [], ['b', 'e']);
    expect(scene.has('b')).toBe(false);
    expect(instancesOf(scene, 'e')).toEqual([]);

    const fresh = new SceneController(new Map(h.elements), { assets: h.loader });
    live.push(fresh);
    fresh.build(h.storeys);
    for (const id of h.elements.keys()) expect(drawnOf(scene, id), id).toEqual(drawnOf(fresh, id));
    expect(scene.batchInfo().map((b) => b.instances)).toEqual(fresh.batchInfo().map((b) => b.instances));
    expect(scene.meshes.map(activeGeometries)).toEqual(fresh.meshes.map(activeGeometries));
  });

  it('a hash still drawn needs no fetch when the loader’s cache dropped it; one no longer drawn is fetched again', async () => {
    const server = fakeServer({ [CHAIR]: assetBytes(chair()), [OTHER]: assetBytes(chair(BLUE)) });
    // A cache of one asset: the chair is dropped when the other arrives.
    const loader = new AssetLoader({ fetch: server.fetch, maxBytes: 1, warn: vi.fn() });
    const elements = new Map([object('a', { x: 0, y: 0, asset: CHAIR })].map((e) => [e.id, e]));
    const scene = new SceneController(elements, { assets: loader });
    live.push(scene);
    scene.build([S0]);
    const h = { elements, storeys: [S0], scene, loader, server } as unknown as Harness;
    await arrive(h);
    expect(change(h, [object('o', { x: 9, y: 0, asset: OTHER })])).toEqual(['o']);
    await arrive(h);
    expect(loader.stateOf(CHAIR)).toBe('idle');

    // a moves, and a new chair arrives in the doc: drawn from the chair's slot, no fetch.
    expect(change(h, [object('a', { x: 1, y: 1, asset: CHAIR }), object('a2', { x: 4, y: 4, asset: CHAIR })])).toEqual(['a', 'a2']);
    expect(scene.drawnAs('a')).toEqual({ asset: CHAIR, instances: 1 });
    expect(scene.drawnAs('a2')).toEqual({ asset: CHAIR, instances: 1 });
    expect(drawnOf(scene, 'a2')).toEqual([`opaque: ${expectedBox(CHAIR_MIN, CHAIR_MAX, { x: 4, y: 4 }, 0).join(', ')}`]);
    expect(server.urls.filter((u) => u.endsWith(CHAIR))).toHaveLength(1);

    // Nobody draws the chair any more; the next one is a box until the chair is fetched again.
    change(h, [], ['a', 'a2']);
    expect(change(h, [object('a3', { x: 2, y: 2, asset: CHAIR })])).toEqual(['a3']);
    expect(scene.drawnAs('a3')).toEqual({ asset: null, instances: 1 });
    expect(await arrive(h)).toEqual(['a3']);
    expect(scene.drawnAs('a3')).toEqual({ asset: CHAIR, instances: 1 });
    expect(server.urls.filter((u) => u.endsWith(CHAIR))).toHaveLength(2);

    // Another view loads the chair again (dropped once more): this scene, which draws it, rebuilds nothing and is not woken.
    await loader.load(OTHER);
    expect(loader.stateOf(CHAIR)).toBe('idle');
    const wakeups = vi.fn();
    scene.subscribe(wakeups);
    const other = new SceneController(new Map([object('b', { x: 0, y: 0, asset: CHAIR })].map((e) => [e.id, e])), { assets: loader });
    live.push(other);
    other.build([S0]);
    await settle(loader);
    expect(server.urls.filter((u) => u.endsWith(CHAIR))).toHaveLength(3);
    expect(other.pending).toBe(true);
    expect(scene.pending).toBe(false);
    expect(wakeups).not.toHaveBeenCalled();
  });

  it('many asset elements coming and going keep the batches compact', async () => {
    const h = harness([]);
    const ids = Array.from({ length: 400 }, (_, i) => `o${i}`);
    change(
      h,
      ids.map((id, i) => object(id, { x: i, y: 0, asset: i % 2 ? CABINET : CHAIR })),
    );
    await arrive(h);
    expect(h.scene.assetStats()).toMatchObject({ drawn: 400, boxed: 0 });
    change(h, [], ids.slice(0, 399));
    change(h, [wall('w', [0, 0], [1, 0])]);
    const opaque = meshOf(h.scene, 'opaque');
    // The cabinet's two opaque parts and the wall.
    expect(activeGeometries(opaque)).toBe(3);
    expect(h.scene.stats.compactions).toBeGreaterThan(0);
  });
});

describe('assets arriving together', () => {
  it('are all drawn even when the loader’s cache cannot hold them all until the next frame', async () => {
    const server = fakeServer({ [CHAIR]: assetBytes(chair()), [OTHER]: assetBytes(chair(BLUE)), [CABINET]: assetBytes(...cabinet()) });
    const loader = new AssetLoader({ fetch: server.fetch, maxBytes: 1, warn: vi.fn() });
    const elements = new Map([object('a', { x: 0, y: 0, asset: CHAIR }), object('b', { x: 2, y: 0, asset: OTHER }), object('c', { x: 4, y: 0, asset: CABINET })].map((e) => [e.id, e]));
    const scene = new SceneController(elements, { assets: loader });
    live.push(scene);
    scene.build([S0]);
    await settle(loader);
    expect(loader.stats().loaded).toBe(1);
    scene.flush([S0]);
    expect(['a', 'b', 'c'].map((id) => scene.drawnAs(id)?.asset)).toEqual([CHAIR, OTHER, CABINET]);
    expect(server.urls).toHaveLength(3);
  });
});

// ---- 5. no loader -------------------------------------------------------------------------------

describe('without a loader', () => {
  it('an element with an asset is its box or symbol (nothing fetched)', () => {
    const elements = new Map([object('o', { x: 0, y: 0, asset: CHAIR }), equipment('e', { x: 1, y: 1, asset: CHAIR })].map((e) => [e.id, e]));
    const scene = new SceneController(elements);
    live.push(scene);
    scene.build([S0]);
    expect(scene.drawnAs('o')).toEqual({ asset: null, instances: 1 });
    expect(scene.drawnAs('e')).toEqual({ asset: null, instances: 1 });
    expect(scene.assetStats()).toEqual({ loaded: 0, pending: 0, failed: 0, bytes: 0, drawn: 0, boxed: 0 });
  });
});
