/**
 * The page side of `npm run bench:scene` (see main.ts): bundled with esbuild for the browser,
 * exposed as `window.bench`. One page measures one case (the batched SceneController, or the
 * baseline of one THREE.Mesh per element) on one generated building; main.ts opens a fresh
 * browser context for every measurement.
 */
import * as THREE from 'three';
import * as Y from 'yjs';
import { initBuildingDoc, listStoreys, observeBuilding, readBuilding, readElement, RemoteOrigin, LocalOrigin, transact, updateElement } from '@/lib/doc';
import { createElement, createStorey, metres, planPoint, worldPoint, radians, type Element, type EquipmentSystem, type Storey, type Wall } from '@/lib/model';
import { SceneController } from '@/components/scene/SceneController';
import { shapeOf, type Bucket, type ShapeContext } from '@/components/scene/geometry';
import { presetView } from '@/components/scene/view';

export type CaseName = 'batched' | 'baseline';

/** What {@link BenchApi.generate} made. */
export interface Generated {
  readonly total: number;
  readonly byKind: Record<string, number>;
  /** Walls hosting 0, 1 and 2 openings. */
  readonly wallsByOpenings: readonly [number, number, number];
  readonly ms: number;
}

/** One build measurement. All times in ms. */
export interface BuildResult {
  /** From the start of building to the first frame's pixels read back (build + fit + frame). */
  readonly total: number;
  /** Making the scene objects (the controller's build, or the meshes), added to the scene. */
  readonly build: number;
  /** Bounds of what is shown and the camera fitted to them. */
  readonly fit: number;
  /** The first `renderer.render` plus a one-pixel readPixels (shader compiles and uploads included). */
  readonly frame: number;
  /** Of which the `renderer.render` call. */
  readonly frameCpu: number;
  /** A second frame with nothing changed (render + readPixels), and its `renderer.render` call. */
  readonly secondFrame: number;
  readonly secondFrameCpu: number;
  readonly calls: number;
  readonly triangles: number;
  readonly programs: number;
  readonly geometries: number;
  readonly textures: number;
  readonly multiDraw: boolean;
  /** The controller only: per batch, instances and the ranges its multi-draw submitted. */
  readonly batches?: readonly { bucket: string; instances: number; ranges: number; maxInstances: number }[];
  /** Meshes in the scene (the baseline) or batches (the controller). */
  readonly objects: number;
  /** Non-black pixels in a 16x16 grid over the canvas: the building is really drawn. */
  readonly litSamples: number;
}

/** One remote edit: a wall's `b` moved by another peer, applied here. All times in ms. */
export interface EditResult {
  readonly wallId: string;
  /** Openings the wall hosts. */
  readonly hosted: number;
  /** The other peer: the validated write on doc B and encoding the update. */
  readonly remote: number;
  /** Here: Y.applyUpdate on doc A, whose observer re-reads the element into the map. */
  readonly apply: number;
  /** The scene update only: markDirty + flush, or the baseline's new geometries. */
  readonly scene: number;
  /** The frame after it (render + readPixels), or NaN when not drawn; and its `renderer.render` call. */
  readonly frame: number;
  readonly frameCpu: number;
  /** Elements the update rebuilt (the controller's stats.lastFlushRebuilt; the baseline's own count). */
  readonly rebuilt: number;
  readonly calls: number;
  /** The JS heap shrank during the scene update: a garbage collection ran in it. */
  readonly gcInUpdate: boolean;
}

export interface EditsResult {
  readonly edits: readonly EditResult[];
  /** Times a batch grew during the edits (a full re-upload). Controller only. */
  readonly grows?: number;
  /** `controller.shownBounds()` once the scene is built (the app calls it on every model version), ms. Controller only. */
  readonly shownBounds?: number;
}

export interface BenchApi {
  generate(count: number, seed: number): Generated;
  build(which: CaseName): BuildResult;
  /** `frames`: how many of the edits are each followed by a frame (the rest only update the scene). */
  edits(count: number, frames: number): EditsResult;
  memory(): { used: number; total: number } | null;
  gc(): void;
}

declare global {
  interface Window {
    bench: BenchApi;
    gc?: () => void;
  }
}

const WIDTH = 800;
const HEIGHT = 600;
const STOREYS = [0, 3, 6, 9] as const;
const SYSTEMS: readonly EquipmentSystem[] = ['electrical', 'hvac', 'plumbing', 'fire', 'network', 'lighting', 'security', 'other'];
/** Room grid cell, metres. */
const CELL = 6;

/** mulberry32: a small seeded PRNG, so every page generates the same building. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID v4 from the seeded PRNG (ids look like the app's, and are the same on every page). */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) + 8) as number).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/**
 * The elements of one storey, `per` of them: 12 % walls on a grid of 6 m rooms (of every 6 walls
 * one hosts a door, one a window, one both), those openings (8 %), 4 % rooms (every 5th L-shaped),
 * 2 % slabs (two cells each), the rest equipment across the 8 systems.
 */
function storeyElements(storeyId: string, per: number, random: () => number): Element[] {
  const rooms = Math.max(1, Math.round(0.04 * per));
  const walls = Math.round(0.12 * per);
  const slabs = Math.max(1, Math.round(0.02 * per));
  const cols = Math.ceil(Math.sqrt(rooms));
  const cell = (c: number) => [(c % cols) * CELL, Math.floor(c / cols) * CELL] as const;
  const out: Element[] = [];
  const id = () => uuid(random);
  for (let r = 0; r < rooms; r++) {
    const [x, y] = cell(r);
    const [x0, y0, x1, y1] = [x + 0.1, y + 0.1, x + CELL - 0.1, y + CELL - 0.1];
    const polygon =
      r % 5 === 4
        ? [planPoint(x0, y0), planPoint(x1, y0), planPoint(x1, y + 3), planPoint(x + 3, y + 3), planPoint(x + 3, y1), planPoint(x0, y1)]
        : [planPoint(x0, y0), planPoint(x1, y0), planPoint(x1, y1), planPoint(x0, y1)];
    out.push(must(createElement('space', { id: id(), storeyId, name: `Room ${r}`, number: `${r}`, usage: 'office', polygon })));
  }
  for (let s = 0; s < slabs; s++) {
    const [x, y] = cell(2 * s);
    out.push(must(createElement('slab', { id: id(), storeyId, name: `Slab ${s}`, polygon: [planPoint(x, y), planPoint(x + 2 * CELL, y), planPoint(x + 2 * CELL, y + CELL), planPoint(x, y + CELL)] })));
  }
  for (let w = 0; w < walls; w++) {
    const [x, y] = cell(w % rooms);
    const side = Math.floor(w / rooms) % 3;
    const shift = Math.floor(w / (3 * rooms)) * 0.5;
    const [a, b] =
      side === 0
        ? [planPoint(x, y + shift), planPoint(x + CELL, y + shift)]
        : side === 1
          ? [planPoint(x + shift, y), planPoint(x + shift, y + CELL)]
          : [planPoint(x + CELL / 2 + shift, y), planPoint(x + CELL / 2 + shift, y + CELL)];
    const wall = must(createElement('wall', { id: id(), storeyId, name: `Wall ${w}`, a, b }));
    out.push(wall);
    const k = w % 6;
    if (k === 0 || k === 2) out.push(must(createElement('door', { id: id(), storeyId, name: `Door ${w}`, hostId: wall.id, offset: metres(0.8), width: metres(0.9), height: metres(2.1), sill: metres(0) })));
    if (k === 1 || k === 2) out.push(must(createElement('window', { id: id(), storeyId, name: `Window ${w}`, hostId: wall.id, offset: metres(3.2), width: metres(1.6), height: metres(1.2), sill: metres(0.9) })));
  }
  for (let e = 0; out.length < per; e++) {
    const [x, y] = cell(e % rooms);
    const system = SYSTEMS[e % SYSTEMS.length]!;
    out.push(
      must(
        createElement('equipment', {
          id: id(),
          storeyId,
          name: `Item ${e}`,
          system,
          type: 'item',
          position: worldPoint(x + 0.5 + random() * (CELL - 1), y + 0.5 + random() * (CELL - 1), 0.2 + random() * 2.4),
          rotation: radians(random() * Math.PI * 2),
        }),
      ),
    );
  }
  return out;
}

type PerformanceWithMemory = Performance & { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } };
/** performance.memory.usedJSHeapSize (precise with --enable-precise-memory-info), or NaN. */
const usedHeap = () => (performance as PerformanceWithMemory).memory?.usedJSHeapSize ?? NaN;

// ---- page state --------------------------------------------------------------------------

const canvas = document.getElementById('c') as HTMLCanvasElement;
// As the app's <Canvas>: dpr 1, no antialias, preserveDrawingBuffer, local clipping (SceneView.tsx).
const renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
renderer.setPixelRatio(1);
renderer.setSize(WIDTH, HEIGHT, false);
renderer.localClippingEnabled = true;
const gl = renderer.getContext();
const scene = new THREE.Scene();
scene.add(new THREE.AmbientLight(0xffffff, 1.6));
const sun = new THREE.DirectionalLight(0xffffff, 1.8);
sun.position.set(30, 60, 20);
scene.add(sun);
const camera = new THREE.PerspectiveCamera(50, WIDTH / HEIGHT, 0.05, 5000);
const pixel = new Uint8Array(4);

let docA: Y.Doc | undefined;
let docB: Y.Doc | undefined;
const elements = new Map<string, Element>();
let storeys: Storey[] = [];
let wallIds: string[] = [];
/** Wall id → ids of its openings (from the generator). */
const hostedBy = new Map<string, string[]>();
let current: { which: 'batched'; controller: SceneController } | { which: 'baseline'; baseline: Baseline } | undefined;

/**
 * Renders one frame and waits for it (a one-pixel readPixels blocks until the GPU is done).
 * `total`: both, ms; `cpu`: the `renderer.render` call alone (three's JS and the GL calls it
 * issues; on SwiftShader the rasterising mostly falls in the wait).
 */
function frame(): { total: number; cpu: number } {
  const t0 = performance.now();
  renderer.render(scene, camera);
  const t1 = performance.now();
  gl.readPixels(WIDTH / 2, HEIGHT / 2, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  return { total: performance.now() - t0, cpu: t1 - t0 };
}

function litSamples(): number {
  let lit = 0;
  const px = new Uint8Array(4);
  for (let i = 0; i < 16; i++)
    for (let j = 0; j < 16; j++) {
      gl.readPixels(Math.floor(((i + 0.5) * WIDTH) / 16), Math.floor(((j + 0.5) * HEIGHT) / 16), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      if (px[0]! + px[1]! + px[2]! > 0) lit++;
    }
  return lit;
}

function fit(box: THREE.Box3) {
  const view = presetView('iso', box, camera.fov, WIDTH / HEIGHT);
  camera.position.copy(view.position);
  camera.lookAt(view.target);
  camera.updateMatrixWorld();
}

// ---- the baseline: one THREE.Mesh per element ----------------------------------------------

/** The baseline's materials: one per bucket, as the controller's (SceneController.ts makeMaterial, not exported). */
function bucketMaterial(bucket: Bucket, section: THREE.Plane): THREE.Material {
  const common = { color: 0xffffff, clippingPlanes: [section], side: THREE.DoubleSide };
  if (bucket === 'opaque') return new THREE.MeshLambertMaterial({ ...common });
  if (bucket === 'glass') return new THREE.MeshLambertMaterial({ ...common, transparent: true, opacity: 0.35, depthWrite: false });
  return new THREE.MeshLambertMaterial({ ...common, transparent: true, opacity: 0.45, depthWrite: false, polygonOffset: true, polygonOffsetFactor: -1 });
}

/**
 * The same shapes as the controller (shapeOf with the same ShapeContext: openings from a host
 * map), each its own THREE.Mesh: unique geometry, or the shared symbol geometry built once per key.
 */
class Baseline {
  readonly root = new THREE.Group();
  readonly meshes = new Map<string, THREE.Mesh>();
  readonly #openings = new Map<string, Set<string>>();
  readonly #shared = new Map<string, THREE.BufferGeometry>();
  readonly #materials: Record<Bucket, THREE.Material>;
  readonly #elevations = new Map<string, number>();
  readonly #ctx: ShapeContext;
  readonly section = new THREE.Plane(new THREE.Vector3(0, -1, 0), 1e9);

  constructor(
    readonly elements: ReadonlyMap<string, Element>,
    storeys: readonly Storey[],
  ) {
    for (const s of storeys) this.#elevations.set(s.id, s.elevation);
    this.#materials = { opaque: bucketMaterial('opaque', this.section), floor: bucketMaterial('floor', this.section), glass: bucketMaterial('glass', this.section) };
    this.#ctx = {
      get: (id) => this.elements.get(id),
      openingsOf: (wallId) => {
        const out = [];
        for (const id of this.#openings.get(wallId) ?? []) {
          const e = this.elements.get(id);
          if (e && (e.kind === 'door' || e.kind === 'window') && e.hostId === wallId) out.push(e);
        }
        return out;
      },
    };
    for (const e of elements.values()) {
      if (e.kind !== 'door' && e.kind !== 'window') continue;
      let set = this.#openings.get(e.hostId);
      if (!set) this.#openings.set(e.hostId, (set = new Set()));
      set.add(e.id);
    }
    for (const e of elements.values()) this.#place(e);
  }

  /** (Re)builds one element's mesh; returns whether it has one. */
  #place(e: Element): boolean {
    const shape = shapeOf(e, this.#ctx);
    const old = this.meshes.get(e.id);
    if (!shape) {
      if (old) {
        this.root.remove(old);
        this.meshes.delete(e.id);
      }
      return false;
    }
    let geometry = shape.geometry;
    if (!geometry) {
      const key = shape.shared!.key;
      geometry = this.#shared.get(key);
      if (!geometry) this.#shared.set(key, (geometry = shape.shared!.build()));
    }
    let mesh = old;
    if (mesh) {
      if (!this.#isShared(mesh.geometry)) mesh.geometry.dispose();
      mesh.geometry = geometry;
      mesh.material = this.#materials[shape.bucket];
    } else {
      mesh = new THREE.Mesh(geometry, this.#materials[shape.bucket]);
      mesh.matrixAutoUpdate = false;
      this.meshes.set(e.id, mesh);
      this.root.add(mesh);
    }
    mesh.matrix.makeTranslation(0, this.#elevations.get(e.storeyId) ?? 0, 0).multiply(shape.matrix);
    mesh.matrixWorldNeedsUpdate = true;
    return true;
  }

  #isShared(geometry: THREE.BufferGeometry): boolean {
    for (const g of this.#shared.values()) if (g === geometry) return true;
    return false;
  }

  /** A wall changed: its geometry and its openings' (they sit in it) are rebuilt. Returns how many. */
  update(id: string): number {
    let n = 0;
    const e = this.elements.get(id);
    if (e && this.#place(e)) n++;
    if (e?.kind === 'wall')
      for (const o of this.#openings.get(id) ?? []) {
        const opening = this.elements.get(o);
        if (opening && this.#place(opening)) n++;
      }
    return n;
  }
}

// ---- the API main.ts drives ----------------------------------------------------------------

window.bench = {
  generate(count, seed) {
    const t0 = performance.now();
    const random = prng(seed);
    docA = new Y.Doc();
    must(initBuildingDoc(docA, { name: 'Scene bench', createdAt: '2026-01-01T00:00:00Z' }));
    const origin = new LocalOrigin('bench-seeder');
    const storeyRecords = STOREYS.map((elevation, order) => must(createStorey({ id: uuid(random), name: `Level ${order}`, elevation: metres(elevation), height: metres(3), order })));
    must(transact(docA, origin, (tx) => storeyRecords.forEach((s) => tx.addStorey(s))));
    const all: Element[] = [];
    STOREYS.forEach((_, i) => all.push(...storeyElements(storeyRecords[i]!.id, Math.floor(count / 4) + (i < count % 4 ? 1 : 0), random)));
    for (let i = 0; i < all.length; i += 1000) {
      const batch = all.slice(i, i + 1000);
      must(transact(docA, origin, (tx) => batch.forEach((e) => tx.addElement(e))));
    }
    // Doc B: another peer with the same state (its edits reach A as Yjs updates).
    docB = new Y.Doc();
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
    // Read as the app's read model does (BuildingReadModel.reload).
    elements.clear();
    for (const element of Object.values(readBuilding(docA).elements)) elements.set(element.id, element);
    storeys = listStoreys(docA);
    wallIds = all.filter((e) => e.kind === 'wall').map((e) => e.id);
    hostedBy.clear();
    for (const e of all) if (e.kind === 'door' || e.kind === 'window') hostedBy.set(e.hostId, [...(hostedBy.get(e.hostId) ?? []), e.id]);
    const byKind: Record<string, number> = {};
    for (const e of elements.values()) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    const wallsByOpenings: [number, number, number] = [0, 0, 0];
    for (const w of wallIds) wallsByOpenings[Math.min(2, hostedBy.get(w)?.length ?? 0) as 0 | 1 | 2] += 1;
    return { total: elements.size, byKind, wallsByOpenings, ms: performance.now() - t0 };
  },

  build(which) {
    if (current) throw new Error('one build per page');
    const t0 = performance.now();
    let objects: number;
    if (which === 'batched') {
      const controller = new SceneController(elements);
      controller.build(storeys);
      scene.add(controller.root);
      current = { which, controller };
      objects = controller.meshes.length;
    } else {
      const baseline = new Baseline(elements, storeys);
      scene.add(baseline.root);
      current = { which, baseline };
      objects = baseline.meshes.size;
    }
    const t1 = performance.now();
    const box = current.which === 'batched' ? current.controller.shownBounds() : new THREE.Box3().setFromObject(current.baseline.root);
    fit(box);
    const t2 = performance.now();
    const first = frame();
    const t3 = performance.now();
    const { calls, triangles } = renderer.info.render;
    const batches =
      current.which === 'batched'
        ? current.controller.meshes.map((m) => ({
            bucket: String(m.userData.bucket),
            instances: m.instanceCount,
            ranges: (m as THREE.BatchedMesh & { _multiDrawCount: number })._multiDrawCount,
            maxInstances: m.maxInstanceCount,
          }))
        : undefined;
    const secondFrame = frame();
    return {
      total: t3 - t0,
      build: t1 - t0,
      fit: t2 - t1,
      frame: first.total,
      frameCpu: first.cpu,
      secondFrame: secondFrame.total,
      secondFrameCpu: secondFrame.cpu,
      calls,
      triangles,
      programs: renderer.info.programs?.length ?? 0,
      geometries: renderer.info.memory.geometries,
      textures: renderer.info.memory.textures,
      multiDraw: renderer.extensions.has('WEBGL_multi_draw'),
      batches,
      objects,
      litSamples: litSamples(),
    };
  },

  edits(count, frames) {
    if (!current || !docA || !docB) throw new Error('build first');
    // The read model's path: the doc's events name the changed elements, which are re-read.
    const changed: string[] = [];
    const off = observeBuilding(docA, (events) => {
      for (const event of events) {
        if (!event.type.startsWith('element-')) continue;
        const element = event.type === 'element-removed' ? undefined : readElement(docA!, event.id);
        if (element) elements.set(event.id, element);
        else elements.delete(event.id);
        changed.push(event.id);
      }
    });
    const remote = new LocalOrigin('remote-user');
    const out: EditResult[] = [];
    // A different wall each time, spread over the building, hosting 0, 1 and 2 openings in turn.
    const picked = new Set<string>();
    const pick = (i: number): string => {
      const start = Math.floor((i * wallIds.length) / count);
      for (let k = 0; k < wallIds.length; k++) {
        const id = wallIds[(start + k) % wallIds.length]!;
        if (!picked.has(id) && (hostedBy.get(id)?.length ?? 0) === i % 3) return id;
      }
      throw new Error(`no wall with ${i % 3} openings left`);
    };
    const grows = current.which === 'batched' ? current.controller.stats.grows : 0;
    try {
      for (let i = 0; i < count; i++) {
        const wallId = pick(i);
        picked.add(wallId);
        const wall = elements.get(wallId) as Wall;
        // On doc B (the other peer): move b 0.3 m east and 0.4 m north (the wall turns and grows; its openings still fit).
        const tr = performance.now();
        const before = Y.encodeStateVector(docA);
        must(updateElement(docB, wallId, { b: planPoint(wall.b[0] + 0.3, wall.b[1] + 0.4) }, remote));
        const update = Y.encodeStateAsUpdate(docB, before);
        changed.length = 0;
        const t0 = performance.now();
        Y.applyUpdate(docA, update, new RemoteOrigin('peer-b'));
        const applied = performance.now() - t0;
        if (changed.length !== 1 || changed[0] !== wallId) throw new Error(`expected one changed element ${wallId}, got ${changed.join(', ')}`);
        const heap = usedHeap();
        const t1 = performance.now();
        let rebuilt: number;
        if (current.which === 'batched') {
          current.controller.markDirty(changed);
          current.controller.flush(storeys);
          rebuilt = current.controller.stats.lastFlushRebuilt.length;
        } else {
          rebuilt = current.baseline.update(wallId);
        }
        const t2 = performance.now();
        const gcInUpdate = usedHeap() < heap;
        const after = i < frames ? frame() : { total: NaN, cpu: NaN };
        out.push({ wallId, hosted: hostedBy.get(wallId)?.length ?? 0, remote: t0 - tr, apply: applied, scene: t2 - t1, frame: after.total, frameCpu: after.cpu, rebuilt, calls: i < frames ? renderer.info.render.calls : NaN, gcInUpdate });
      }
    } finally {
      off();
    }
    if (current.which !== 'batched') return { edits: out };
    const t0 = performance.now();
    current.controller.shownBounds();
    const shownBounds = performance.now() - t0;
    return { edits: out, grows: current.controller.stats.grows - grows, shownBounds };
  },

  memory() {
    const m = (performance as PerformanceWithMemory).memory;
    return m ? { used: m.usedJSHeapSize, total: m.totalJSHeapSize } : null;
  },

  gc() {
    if (!window.gc) throw new Error('gc() is not exposed: launch Chromium with --js-flags=--expose-gc');
    window.gc();
    window.gc();
  },
};
