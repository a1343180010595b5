import * as THREE from 'three';
import type { Element, Storey } from '@/lib/model';
import { reserveFor, shapeOf, type Bucket, type ElementShape, type ShapeContext } from './geometry';

/** Which storeys the 3D view shows: all, only the chosen one, or it and those below it. */
export type StoreyFilter = 'all' | 'one' | 'below';

/** Where an element lives in the batches (the scene's index; xeokit's SceneModelMesh, Speckle's NodeRenderView). */
interface Entry {
  readonly id: string;
  readonly batch: Batch;
  readonly instanceId: number;
  geometryId: number;
  /** The shared geometry's key (equipment symbols), or null for the element's own geometry. */
  sharedKey: string | null;
  storeyId: string;
  /** An opening's host wall (its hole is in the wall's geometry). */
  hostId: string | null;
  color: number;
  readonly local: THREE.Matrix4;
}

const BUCKETS: readonly Bucket[] = ['opaque', 'floor', 'glass'];
/** Spare room a batch keeps when it is built or grown, so edits rarely re-allocate. */
const HEADROOM = 1.5;
/** A batch is compacted when freed slots hold at least this many vertices … */
const MIN_WASTE = 4096;
/** … and at least this share of the vertices in use. */
const MAX_WASTE_SHARE = 0.25;

/**
 * One BatchedMesh per render state (three's BatchedMesh: one material, per-instance matrix, colour
 * and visibility, one multi-draw). Colour is data (`setColorAt`), never a material per element.
 */
class Batch {
  readonly mesh: THREE.BatchedMesh;
  /** instanceId → element id. */
  readonly ids: (string | undefined)[] = [];
  /** Shared geometries (equipment symbols): key → geometry id and how many instances use it. */
  readonly shared = new Map<string, { geometryId: number; users: number }>();
  /** Vertices reserved by deleted geometries: BatchedMesh reuses that space only after `optimize()`. */
  wastedVertices = 0;

  /** Frees a geometry slot, counting its space as waste until the batch is compacted. */
  deleteGeometry(geometryId: number): void {
    const range = this.mesh.getGeometryRangeAt(geometryId) as { reservedVertexCount?: number } | null;
    this.wastedVertices += range?.reservedVertexCount ?? 0;
    this.mesh.deleteGeometry(geometryId);
  }

  /** Compacts the batch when freed space passes a quarter of what is used (one full re-upload, rarely). */
  compactIfWasteful(): boolean {
    const position = this.mesh.geometry.getAttribute('position');
    const used = position ? position.count - this.mesh.unusedVertexCount : 0;
    if (this.wastedVertices < MIN_WASTE || this.wastedVertices < used * MAX_WASTE_SHARE) return false;
    this.mesh.optimize();
    this.wastedVertices = 0;
    return true;
  }

  constructor(
    readonly bucket: Bucket,
    material: THREE.Material,
    instances: number,
    vertices: number,
    indices: number,
  ) {
    this.mesh = new THREE.BatchedMesh(Math.max(16, instances), Math.max(64, vertices), Math.max(128, indices), material);
    this.mesh.name = `batch:${bucket}`;
    // The batch changes in place: its whole-mesh bounds would be stale, and per-instance
    // culling walks every instance every frame. Opaque batches need no sorting either.
    this.mesh.frustumCulled = false;
    this.mesh.perObjectFrustumCulled = false;
    this.mesh.sortObjects = bucket !== 'opaque';
    this.mesh.userData.bucket = bucket;
  }

  /** Makes room for `instances` more instances and `vertices`/`indices` more geometry, growing in steps. */
  reserve(instances: number, vertices: number, indices: number): boolean {
    const mesh = this.mesh;
    let grew = false;
    if (mesh.maxInstanceCount - mesh.instanceCount < instances) {
      mesh.setInstanceCount(Math.ceil((mesh.instanceCount + instances) * HEADROOM));
      grew = true;
    }
    if (mesh.unusedVertexCount < vertices || mesh.unusedIndexCount < indices) {
      // A batch that never held geometry has no attributes yet: nothing of it is used.
      const position = mesh.geometry.getAttribute('position');
      const index = mesh.geometry.getIndex();
      const usedV = position ? position.count - mesh.unusedVertexCount : 0;
      const usedI = index ? index.count - mesh.unusedIndexCount : 0;
      mesh.setGeometrySize(Math.ceil((usedV + vertices) * HEADROOM), Math.ceil((usedI + indices) * HEADROOM));
      grew = true;
    }
    return grew;
  }
}

/** Counters a test or benchmark reads (not timings). */
export interface SceneStats {
  /** Element geometries (re)built since the scene was made. */
  builtElements: number;
  /** Elements rebuilt by the last flush. */
  lastFlushRebuilt: readonly string[];
  /** Times a batch had to grow (a full re-upload). */
  grows: number;
  /** Times a batch was compacted to reuse freed slots (a full re-upload). */
  compactions: number;
}

/** Per-element display state, composed into one colour and one visibility (xeokit's flags). */
interface Display {
  selected: ReadonlySet<string>;
  hover: string | null;
  /** Others' selections: element id → their colour. */
  peers: ReadonlyMap<string, string>;
  filter: StoreyFilter;
  storeyId: string;
  /** Per-element colour override (a diff view, say), `#rrggbb` numbers. */
}

const SELECTED = new THREE.Color('#2563eb');
const HOVER_MIX = 0.35;
const tmpColor = new THREE.Color();
const tmpMatrix = new THREE.Matrix4();

/**
 * The 3D scene of one building, kept in as few draw calls as materials need: one BatchedMesh per
 * bucket (opaque, floor, glass), an index from element id to its instance, and in-place updates.
 * A model change marks only the elements it touched (and their dependants: a wall's openings, an
 * opening's host wall) dirty; {@link flush} rebuilds those and nothing else. The storey filter,
 * selection and hover change instance visibility and colour, never the buffers.
 *
 * It owns no React: the view mounts {@link root} as a primitive and calls `flush` before a frame
 * (notes/scene-anchors.md section 6).
 */
export class SceneController {
  readonly root = new THREE.Group();
  readonly stats: SceneStats = { builtElements: 0, lastFlushRebuilt: [], grows: 0, compactions: 0 };
  /** The section plane every batch material clips with (parked far away when off: the plane count never changes, so no shader recompiles). */
  readonly sectionPlane = new THREE.Plane(new THREE.Vector3(0, -1, 0), 1e9);
  readonly #batches = new Map<Bucket, Batch>();
  readonly #entries = new Map<string, Entry>();
  /** Wall id → ids of the openings it hosts. */
  readonly #openings = new Map<string, Set<string>>();
  readonly #storeys = new Map<string, Storey>();
  readonly #dirty = new Set<string>();
  #storeysDirty = false;
  #display: Display = { selected: new Set(), hover: null, peers: new Map(), filter: 'all', storeyId: '' };
  readonly #ctx: ShapeContext;

  constructor(readonly elements: ReadonlyMap<string, Element>) {
    this.root.name = 'building';
    this.#ctx = {
      get: (id) => this.elements.get(id),
      openingsOf: (wallId) => {
        const ids = this.#openings.get(wallId);
        if (!ids) return [];
        const out = [];
        for (const id of ids) {
          const e = this.elements.get(id);
          if (e && (e.kind === 'door' || e.kind === 'window') && e.hostId === wallId) out.push(e);
        }
        return out;
      },
    };
  }

  /** The batches' materials (the section plane and XR need them). */
  get materials(): THREE.Material[] {
    return [...this.#batches.values()].map((b) => b.mesh.material as THREE.Material);
  }
  get meshes(): THREE.BatchedMesh[] {
    return [...this.#batches.values()].map((b) => b.mesh);
  }
  get size(): number {
    return this.#entries.size;
  }
  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** Builds the whole scene from the current elements and storeys (first load, or a reload). */
  build(storeys: readonly Storey[]): void {
    this.dispose();
    this.#setStoreys(storeys);
    this.#openings.clear();
    for (const e of this.elements.values()) if (e.kind === 'door' || e.kind === 'window') this.#hostOpening(e.id, e.hostId);
    // Shapes first, so every batch is allocated once at its final size plus headroom.
    const shapes: [Element, ElementShape][] = [];
    const need = new Map<Bucket, { instances: number; vertices: number; indices: number }>(BUCKETS.map((b) => [b, { instances: 0, vertices: 0, indices: 0 }]));
    const sharedSeen = new Set<string>();
    for (const e of this.elements.values()) {
      const shape = shapeOf(e, this.#ctx);
      if (!shape) continue;
      shapes.push([e, shape]);
      const n = need.get(shape.bucket)!;
      n.instances++;
      if (shape.geometry) {
        const r = reserveFor(shape.geometry);
        n.vertices += r.vertices;
        n.indices += r.indices;
      } else if (shape.shared && !sharedSeen.has(shape.shared.key)) {
        sharedSeen.add(shape.shared.key);
        n.vertices += 512;
        n.indices += 1024;
      }
    }
    for (const bucket of BUCKETS) {
      const n = need.get(bucket)!;
      const batch = new Batch(bucket, makeMaterial(bucket, this.sectionPlane), Math.ceil(n.instances * 1.25) + 64, Math.ceil(n.vertices * 1.1) + 4096, Math.ceil(n.indices * 1.1) + 8192);
      this.#batches.set(bucket, batch);
      this.root.add(batch.mesh);
    }
    for (const [e, shape] of shapes) this.#add(e, shape);
    this.#dirty.clear();
    this.#storeysDirty = false;
    this.#applyAllDisplay();
  }

  /** Marks elements changed (added, updated or removed): rebuilt on the next {@link flush}. */
  markDirty(ids: Iterable<string>): void {
    for (const id of ids) this.#dirty.add(id);
  }
  /** Storeys changed (elevation, added, removed): matrices and the filter are re-applied on flush. */
  markStoreys(): void {
    this.#storeysDirty = true;
  }
  get pending(): boolean {
    return this.#dirty.size > 0 || this.#storeysDirty;
  }

  /**
   * Applies every pending change in one pass: each dirty element (and its dependants) is rebuilt
   * into its reserved slot; a pure move or a storey elevation is a matrix. Returns whether
   * anything changed (the view then renders a frame).
   */
  flush(storeys?: readonly Storey[]): boolean {
    if (!this.pending) return false;
    if (this.#storeysDirty && storeys) {
      this.#setStoreys(storeys);
      for (const entry of this.#entries.values()) this.#placeInstance(entry);
    }
    // Dependants: a wall's openings cut its geometry; an opening's old and new hosts change.
    const work = new Set<string>();
    for (const id of this.#dirty) {
      work.add(id);
      const entry = this.#entries.get(id);
      const e = this.elements.get(id);
      if (entry?.hostId) work.add(entry.hostId);
      if (e && (e.kind === 'door' || e.kind === 'window')) {
        if (entry?.hostId !== e.hostId) this.#unhostOpening(id);
        this.#hostOpening(id, e.hostId);
        work.add(e.hostId);
      } else if (!e && entry?.hostId) this.#unhostOpening(id);
      // A wall changed or was deleted (a deleted wall's openings are drawn no more, even when a
      // peer's concurrent edit left them in the doc).
      if (e?.kind === 'wall' || (!e && entry && !entry.hostId)) for (const o of this.#openings.get(id) ?? []) work.add(o);
    }
    this.#dirty.clear();
    const rebuilt: string[] = [];
    for (const id of work) {
      const e = this.elements.get(id);
      const shape = e ? shapeOf(e, this.#ctx) : null;
      const entry = this.#entries.get(id);
      if (!e || !shape) {
        if (entry) this.#remove(entry);
        continue;
      }
      rebuilt.push(id);
      if (entry && entry.batch.bucket === shape.bucket) this.#update(entry, e, shape);
      else {
        if (entry) this.#remove(entry);
        this.#add(e, shape);
      }
    }
    this.stats.lastFlushRebuilt = rebuilt;
    for (const batch of this.#batches.values()) if (batch.compactIfWasteful()) this.stats.compactions++;
    if (this.#storeysDirty) {
      this.#storeysDirty = false;
      this.#applyAllDisplay();
    }
    return true;
  }

  // --- display state ---
  setStoreyFilter(filter: StoreyFilter, storeyId: string): void {
    if (this.#display.filter === filter && this.#display.storeyId === storeyId) return;
    this.#display = { ...this.#display, filter, storeyId };
    for (const entry of this.#entries.values()) this.#applyVisibility(entry);
  }
  setSelection(selected: ReadonlySet<string>, hover: string | null, peers: ReadonlyMap<string, string>): void {
    const before = this.#display;
    this.#display = { ...before, selected, hover, peers };
    const touched = new Set<string>([...before.selected, ...selected, ...before.peers.keys(), ...peers.keys()]);
    if (before.hover) touched.add(before.hover);
    if (hover) touched.add(hover);
    for (const id of touched) {
      const entry = this.#entries.get(id);
      if (entry) this.#applyColor(entry);
    }
  }
  /** Whether a storey is shown under the current filter. */
  storeyShown(storeyId: string): boolean {
    const { filter, storeyId: chosen } = this.#display;
    if (filter === 'all') return true;
    if (filter === 'one') return storeyId === chosen;
    const a = this.#storeys.get(storeyId);
    const b = this.#storeys.get(chosen);
    return !!a && !!b && a.order <= b.order;
  }
  storeyElevation(storeyId: string): number {
    return this.#storeys.get(storeyId)?.elevation ?? 0;
  }

  /** Shows `ids` moved by (dx, dz) on the plan while a gizmo drags them (matrices only; the doc is written on release). */
  previewOffset(ids: readonly string[], dx: number, dz: number): void {
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (!entry) continue;
      tmpMatrix.makeTranslation(dx, this.storeyElevation(entry.storeyId), dz).multiply(entry.local);
      entry.batch.mesh.setMatrixAt(entry.instanceId, tmpMatrix);
    }
  }

  // --- picking ---
  /** The element an r3f/three intersection hit (`batchId` on a batch mesh). */
  elementAt(object: THREE.Object3D | undefined, batchId: number | undefined): string | undefined {
    if (batchId === undefined) return undefined;
    for (const batch of this.#batches.values()) if (batch.mesh === object) return batch.ids[batchId];
    return undefined;
  }
  /** World bounding box of an element (fit, gizmo). */
  boundsOf(id: string, target = new THREE.Box3()): THREE.Box3 | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    entry.batch.mesh.getBoundingBoxAt(entry.geometryId, target);
    entry.batch.mesh.getMatrixAt(entry.instanceId, tmpMatrix);
    return target.applyMatrix4(tmpMatrix);
  }
  /** The colour an element is drawn in now (base, selection, hover, others' selections), `#rrggbb`; undefined when not in the scene. */
  colorOf(id: string): string | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    entry.batch.mesh.getColorAt(entry.instanceId, tmpColor);
    return `#${tmpColor.getHexString()}`;
  }
  /** Whether an element is drawn (its storey is shown). */
  visibleOf(id: string): boolean | undefined {
    const entry = this.#entries.get(id);
    return entry ? entry.batch.mesh.getVisibleAt(entry.instanceId) : undefined;
  }

  /** World bounding box of what is shown. */
  shownBounds(target = new THREE.Box3()): THREE.Box3 {
    target.makeEmpty();
    const box = new THREE.Box3();
    for (const entry of this.#entries.values()) {
      if (!this.storeyShown(entry.storeyId)) continue;
      if (this.boundsOf(entry.id, box)) target.union(box);
    }
    return target;
  }

  /** What each batch submits: instances, ranges drawn last frame (a multi-draw counts as one call in renderer.info), vertices used. */
  batchInfo(): { bucket: Bucket; instances: number; ranges: number; maxInstances: number }[] {
    return [...this.#batches.values()].map((b) => {
      const m = b.mesh as THREE.BatchedMesh & { _multiDrawCount?: number };
      return { bucket: b.bucket, instances: m.instanceCount, ranges: m._multiDrawCount ?? 0, maxInstances: m.maxInstanceCount };
    });
  }

  dispose(): void {
    for (const batch of this.#batches.values()) {
      this.root.remove(batch.mesh);
      batch.mesh.dispose();
      (batch.mesh.material as THREE.Material).dispose();
    }
    this.#batches.clear();
    this.#entries.clear();
  }

  // --- internals ---
  #setStoreys(storeys: readonly Storey[]) {
    this.#storeys.clear();
    for (const s of storeys) this.#storeys.set(s.id, s);
  }
  #hostOpening(id: string, hostId: string) {
    let set = this.#openings.get(hostId);
    if (!set) this.#openings.set(hostId, (set = new Set()));
    set.add(id);
  }
  #unhostOpening(id: string) {
    const entry = this.#entries.get(id);
    if (entry?.hostId) this.#openings.get(entry.hostId)?.delete(id);
    for (const set of this.#openings.values()) set.delete(id);
  }

  #geometryFor(batch: Batch, shape: ElementShape): { geometryId: number; sharedKey: string | null } {
    if (shape.shared) {
      const known = batch.shared.get(shape.shared.key);
      if (known) {
        known.users++;
        return { geometryId: known.geometryId, sharedKey: shape.shared.key };
      }
      const geometry = shape.shared.build();
      if (batch.reserve(1, geometry.getAttribute('position').count, geometry.getIndex()?.count ?? 0)) this.stats.grows++;
      const geometryId = batch.mesh.addGeometry(geometry);
      batch.shared.set(shape.shared.key, { geometryId, users: 1 });
      return { geometryId, sharedKey: shape.shared.key };
    }
    const geometry = shape.geometry!;
    const r = reserveFor(geometry);
    if (batch.reserve(1, r.vertices, r.indices)) this.stats.grows++;
    return { geometryId: batch.mesh.addGeometry(geometry, r.vertices, r.indices), sharedKey: null };
  }

  /** Frees the entry's geometry unless other instances share it (three's deleteGeometry deletes the instances still pointing at it). */
  #releaseGeometry(entry: Entry) {
    const { batch } = entry;
    if (entry.sharedKey) {
      const known = batch.shared.get(entry.sharedKey);
      if (known && --known.users > 0) return;
      batch.shared.delete(entry.sharedKey);
    }
    batch.deleteGeometry(entry.geometryId);
  }

  #add(e: Element, shape: ElementShape) {
    const batch = this.#batches.get(shape.bucket)!;
    if (batch.reserve(1, 0, 0)) this.stats.grows++;
    const { geometryId, sharedKey } = this.#geometryFor(batch, shape);
    const instanceId = batch.mesh.addInstance(geometryId);
    batch.ids[instanceId] = e.id;
    const entry: Entry = {
      id: e.id,
      batch,
      instanceId,
      geometryId,
      sharedKey,
      storeyId: e.storeyId,
      hostId: e.kind === 'door' || e.kind === 'window' ? e.hostId : null,
      color: shape.color,
      local: shape.matrix.clone(),
    };
    this.#entries.set(e.id, entry);
    this.#placeInstance(entry);
    this.#applyColor(entry);
    this.#applyVisibility(entry);
    this.stats.builtElements++;
    shape.geometry?.dispose();
  }

  #update(entry: Entry, e: Element, shape: ElementShape) {
    const { batch } = entry;
    const key = shape.shared?.key ?? null;
    if (key !== null && key === entry.sharedKey) {
      // Same shared symbol: a move is a matrix.
    } else if (key === null && entry.sharedKey === null) {
      const geometry = shape.geometry!;
      const range = batch.mesh.getGeometryRangeAt(entry.geometryId) as { reservedVertexCount?: number; reservedIndexCount?: number };
      const fits = geometry.getAttribute('position').count <= (range.reservedVertexCount ?? 0) && (geometry.getIndex()?.count ?? 0) <= (range.reservedIndexCount ?? 0);
      if (fits) batch.mesh.setGeometryAt(entry.geometryId, geometry);
      else {
        // Outgrew its slot: a new, larger slot; the instance (and so picking) keeps its id.
        const old = entry.geometryId;
        const r = reserveFor(geometry);
        if (batch.reserve(0, r.vertices, r.indices)) this.stats.grows++;
        entry.geometryId = batch.mesh.addGeometry(geometry, r.vertices, r.indices);
        batch.mesh.setGeometryIdAt(entry.instanceId, entry.geometryId);
        batch.deleteGeometry(old);
      }
      geometry.dispose();
    } else {
      // Between shared and own geometry: a new geometry for the same instance.
      const next = this.#geometryFor(batch, shape);
      batch.mesh.setGeometryIdAt(entry.instanceId, next.geometryId);
      this.#releaseGeometry(entry);
      entry.geometryId = next.geometryId;
      entry.sharedKey = next.sharedKey;
      shape.geometry?.dispose();
    }
    entry.storeyId = e.storeyId;
    entry.hostId = e.kind === 'door' || e.kind === 'window' ? e.hostId : null;
    entry.color = shape.color;
    entry.local.copy(shape.matrix);
    this.#placeInstance(entry);
    this.#applyColor(entry);
    this.#applyVisibility(entry);
    this.stats.builtElements++;
  }

  #remove(entry: Entry) {
    entry.batch.mesh.deleteInstance(entry.instanceId);
    entry.batch.ids[entry.instanceId] = undefined;
    this.#releaseGeometry(entry);
    this.#entries.delete(entry.id);
  }

  #placeInstance(entry: Entry) {
    tmpMatrix.makeTranslation(0, this.storeyElevation(entry.storeyId), 0).multiply(entry.local);
    entry.batch.mesh.setMatrixAt(entry.instanceId, tmpMatrix);
  }

  #applyColor(entry: Entry) {
    const { selected, hover, peers } = this.#display;
    tmpColor.setHex(entry.color);
    const peer = peers.get(entry.id);
    if (selected.has(entry.id)) tmpColor.copy(SELECTED);
    else if (peer) tmpColor.lerp(new THREE.Color(peer), 0.6);
    if (hover === entry.id) tmpColor.lerp(SELECTED, HOVER_MIX).offsetHSL(0, 0, 0.08);
    entry.batch.mesh.setColorAt(entry.instanceId, tmpColor);
  }

  #applyVisibility(entry: Entry) {
    entry.batch.mesh.setVisibleAt(entry.instanceId, this.storeyShown(entry.storeyId));
  }

  #applyAllDisplay() {
    for (const entry of this.#entries.values()) {
      this.#applyColor(entry);
      this.#applyVisibility(entry);
    }
  }
}

function makeMaterial(bucket: Bucket, section: THREE.Plane): THREE.Material {
  const common = { color: 0xffffff, clippingPlanes: [section], side: THREE.DoubleSide };
  if (bucket === 'opaque') return new THREE.MeshLambertMaterial({ ...common });
  if (bucket === 'glass') return new THREE.MeshLambertMaterial({ ...common, transparent: true, opacity: 0.35, depthWrite: false });
  return new THREE.MeshLambertMaterial({ ...common, transparent: true, opacity: 0.45, depthWrite: false, polygonOffset: true, polygonOffsetFactor: -1 });
}
