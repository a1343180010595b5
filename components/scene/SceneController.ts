import * as THREE from 'three';
import { isOpening, type Door, type Element, type Storey, type Window } from '@/lib/model';
import { assetHashOf, assetPlaced, assetPlacement, type AssetLoader, type AssetLoaderStats, type AssetPiece, type SceneAsset } from './assets';
import { Batch, BUCKET_OPACITY, BUCKETS, makeMaterial } from './Batch';
import { reserveFor, shapeOf, type Bucket, type ElementShape, type ShapeContext } from './geometry';

/** Which storeys the 3D view shows: all, only the chosen one, or it and those below it. */
export type StoreyFilter = 'all' | 'one' | 'below';

/** The element whose geometry `e` cuts: the wall or slab a door or window is in; null for anything else. */
function hostOf(e: Element): string | null {
  return isOpening(e) ? e.hostId : null;
}

/** One instance of an element in a batch: most elements have one; an asset has one per part (colour). */
interface Instance {
  readonly batch: Batch;
  readonly instanceId: number;
  geometryId: number;
  /** The shared geometry's key (equipment symbols, asset parts), or null for the element's own geometry. */
  sharedKey: string | null;
  /** Base colour, 0xRRGGBB (sRGB). */
  color: number;
  /** Instance alpha: multiplies the batch material's opacity (1 but for translucent asset parts). */
  alpha: number;
}

/** Where an element lives in the batches (the scene's index; xeokit's SceneModelMesh, Speckle's NodeRenderView). */
interface Entry {
  readonly id: string;
  /** Its instances, all placed by `local` (one bucket each; an asset's parts may span opaque and glass). */
  readonly instances: readonly Instance[];
  storeyId: string;
  /** An opening's host wall or slab (its hole is in the host's geometry). */
  hostId: string | null;
  /** The hash of the asset it draws, or null when it draws its own shape (box, symbol…). */
  asset: string | null;
  readonly local: THREE.Matrix4;
}

/** What one instance of an element draws: a shape without its placement, with its alpha. */
type InstanceShape = Omit<ElementShape, 'matrix'> & { readonly alpha?: number };

/** What the scene draws for an element: its instances, placed together. */
interface Look {
  readonly instances: readonly InstanceShape[];
  /** Storey-local placement. */
  readonly matrix: THREE.Matrix4;
  /** The asset drawn, or null for the element's own shape. */
  readonly asset: DrawnAsset | null;
}

/** An asset some elements draw: its parts' buckets and colours (the geometry is in the batches' shared slots). */
interface DrawnAsset {
  readonly hash: string;
  readonly parts: readonly Pick<AssetPiece, 'bucket' | 'color' | 'opacity'>[];
}

/** Options of a {@link SceneController}. */
export interface SceneOptions {
  /**
   * Where geometry assets come from (components/scene/assets.ts). Default: none, and an element
   * with an `asset` keeps its box or symbol.
   */
  readonly assets?: AssetLoader;
}

/** What the dev handle's `assets()` reads: the loader's counts and how many elements draw their asset. */
export interface SceneAssetStats extends AssetLoaderStats {
  /** Elements drawing their asset. */
  readonly drawn: number;
  /** Elements with an asset still drawn as a box or symbol (it is loading, or failed). */
  readonly boxed: number;
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
  /** Per-element colour override (a version comparison), 0xRRGGBB; selection and hover still win. */
  overrides: ReadonlyMap<string, number>;
  /** Elements hidden in this session (never drawn, never picked). */
  hidden: ReadonlySet<string>;
}

const SELECTED = new THREE.Color('#2563eb');
const HOVER_MIX = 0.35;
const tmpColor = new THREE.Color();
const tmpPeer = new THREE.Color();
const tmpRgba = new THREE.Vector4();
const tmpMatrix = new THREE.Matrix4();
const tmpBox = new THREE.Box3();

/**
 * The 3D scene of one building, kept in as few draw calls as materials need: one BatchedMesh per
 * bucket (opaque, floor, glass), an index from element id to its instance, and in-place updates.
 * A model change marks only the elements it touched (and their dependants: a wall's openings, an
 * opening's host wall) dirty; {@link flush} rebuilds those and nothing else. The storey filter,
 * selection and hover change instance visibility and colour, never the buffers.
 *
 * Geometry assets: an object or equipment with an `asset` draws it once the {@link SceneOptions.assets}
 * loader has it, one instance per part (colour), each part a geometry slot shared by every element
 * of that hash in its batch (as equipment symbols share theirs); until then, or when it fails, it
 * draws its box or symbol. An arriving asset marks only its elements dirty (the same flush path),
 * and {@link subscribe}rs hear that a flush is due.
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
  /** Wall or slab id → ids of the openings it hosts. */
  readonly #openings = new Map<string, Set<string>>();
  readonly #storeys = new Map<string, Storey>();
  readonly #dirty = new Set<string>();
  /** Elements whose asset arrived: redrawn on flush, without their host (its hole is the same). */
  readonly #redraw = new Set<string>();
  #storeysDirty = false;
  #display: Display = { selected: new Set(), hover: null, peers: new Map(), filter: 'all', storeyId: '', overrides: new Map(), hidden: new Set() };
  readonly #ctx: ShapeContext;
  readonly #assets: AssetLoader | undefined;
  #offAssets: (() => void) | null = null;
  /** Asset hash → the elements whose `asset` it is (drawn or still boxed). */
  readonly #wanting = new Map<string, Set<string>>();
  /** Element id → its `asset` (the inverse of #wanting). */
  readonly #wantOf = new Map<string, string>();
  /** Assets drawn by at least one element, and by how many (their part slots live while users > 0). */
  readonly #drawnAssets = new Map<string, { asset: DrawnAsset; users: number }>();
  /** Assets that arrived since the last flush, held for it (the loader's cache may drop them meanwhile). */
  readonly #arrived = new Map<string, SceneAsset>();
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly elements: ReadonlyMap<string, Element>,
    options: SceneOptions = {},
  ) {
    this.#assets = options.assets;
    this.root.name = 'building';
    this.#ctx = {
      get: (id) => this.elements.get(id),
      openingsOf: (hostId) => {
        const ids = this.#openings.get(hostId);
        if (!ids) return [];
        const out = [];
        for (const id of ids) {
          const e = this.elements.get(id);
          if (e && hostOf(e) === hostId) out.push(e as Door | Window);
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
    if (this.#assets) this.#offAssets = this.#assets.subscribe((hash, asset) => this.#onAsset(hash, asset));
    for (const e of this.elements.values()) {
      const host = hostOf(e);
      if (host !== null) this.#hostOpening(e.id, host);
    }
    // Looks first, so every batch is allocated once at its final size plus headroom.
    const looks: [Element, Look][] = [];
    const need = new Map<Bucket, { instances: number; vertices: number; indices: number }>(BUCKETS.map((b) => [b, { instances: 0, vertices: 0, indices: 0 }]));
    const sharedSeen = new Set<string>();
    for (const e of this.elements.values()) {
      this.#want(e.id, assetHashOf(e));
      const look = this.#lookOf(e);
      if (!look) continue;
      looks.push([e, look]);
      for (const shape of look.instances) {
        const n = need.get(shape.bucket)!;
        n.instances++;
        if (shape.geometry) {
          const r = reserveFor(shape.geometry);
          n.vertices += r.vertices;
          n.indices += r.indices;
        } else if (shape.shared && !sharedSeen.has(`${shape.bucket}/${shape.shared.key}`)) {
          sharedSeen.add(`${shape.bucket}/${shape.shared.key}`);
          const geometry = shape.shared.build();
          n.vertices += geometry.getAttribute('position').count;
          n.indices += geometry.getIndex()?.count ?? 0;
        }
      }
    }
    for (const bucket of BUCKETS) {
      const n = need.get(bucket)!;
      const batch = new Batch(bucket, makeMaterial(bucket, this.sectionPlane), Math.ceil(n.instances * 1.25) + 64, Math.ceil(n.vertices * 1.1) + 4096, Math.ceil(n.indices * 1.1) + 8192);
      this.#batches.set(bucket, batch);
      this.root.add(batch.mesh);
    }
    for (const [e, look] of looks) this.#add(e, look);
    this.#arrived.clear();
    this.#dirty.clear();
    this.#redraw.clear();
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
    return this.#dirty.size > 0 || this.#redraw.size > 0 || this.#storeysDirty;
  }
  /**
   * Calls `listener` when the scene has changes that did not come from the model (a geometry
   * asset arrived): the view renders a frame, which flushes. Returns the unsubscribe.
   */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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
      const host = e ? hostOf(e) : null;
      if (host !== null) {
        if (entry?.hostId !== host) this.#unhostOpening(id);
        this.#hostOpening(id, host);
        work.add(host);
      } else if (entry?.hostId) this.#unhostOpening(id);
      // A wall changed or was deleted (a deleted wall's openings are drawn no more, even when a
      // peer's concurrent edit left them in the doc).
      if (e?.kind === 'wall' || (!e && entry && !entry.hostId)) for (const o of this.#openings.get(id) ?? []) work.add(o);
    }
    this.#dirty.clear();
    for (const id of this.#redraw) work.add(id);
    this.#redraw.clear();
    const rebuilt: string[] = [];
    for (const id of work) {
      const e = this.elements.get(id);
      this.#want(id, e ? assetHashOf(e) : null);
      const look = e ? this.#lookOf(e) : null;
      const entry = this.#entries.get(id);
      if (!e || !look) {
        if (entry) this.#remove(entry);
        continue;
      }
      rebuilt.push(id);
      // The same instances in the same buckets are updated in place (picking keeps their ids).
      if (entry && entry.instances.length === look.instances.length && entry.instances.every((x, i) => x.batch.bucket === look.instances[i]!.bucket)) this.#update(entry, e, look);
      else {
        if (entry) this.#remove(entry);
        this.#add(e, look);
      }
    }
    this.#arrived.clear();
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
  /**
   * Colours some elements (a version comparison: added green, changed amber); an empty map
   * clears them. Only the elements whose colour changes are written.
   */
  setOverrides(overrides: ReadonlyMap<string, number>): void {
    const before = this.#display.overrides;
    this.#display = { ...this.#display, overrides };
    for (const id of new Set([...before.keys(), ...overrides.keys()])) {
      if (before.get(id) === overrides.get(id)) continue;
      const entry = this.#entries.get(id);
      if (entry) this.#applyColor(entry);
    }
  }

  /** Hides elements (Hide, Isolate, a review viewpoint's); only the elements whose visibility changes are written. */
  setHidden(hidden: ReadonlySet<string>): void {
    const before = this.#display.hidden;
    if (before === hidden) return;
    this.#display = { ...this.#display, hidden };
    for (const id of new Set([...before, ...hidden])) {
      if (before.has(id) === hidden.has(id)) continue;
      const entry = this.#entries.get(id);
      if (entry) this.#applyVisibility(entry);
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
      for (const x of entry.instances) x.batch.mesh.setMatrixAt(x.instanceId, tmpMatrix);
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
    target.makeEmpty();
    for (const x of entry.instances) {
      x.batch.mesh.getBoundingBoxAt(x.geometryId, tmpBox);
      x.batch.mesh.getMatrixAt(x.instanceId, tmpMatrix);
      target.union(tmpBox.applyMatrix4(tmpMatrix));
    }
    return target;
  }
  /**
   * The colour an element is drawn in now (base, selection, hover, others' selections), `#rrggbb`
   * (an asset's first part); undefined when not in the scene.
   */
  colorOf(id: string): string | undefined {
    const x = this.#entries.get(id)?.instances[0];
    if (!x) return undefined;
    x.batch.mesh.getColorAt(x.instanceId, tmpColor);
    return `#${tmpColor.getHexString()}`;
  }
  /** Whether an element is drawn (its storey is shown and it is not hidden). */
  visibleOf(id: string): boolean | undefined {
    const x = this.#entries.get(id)?.instances[0];
    return x ? x.batch.mesh.getVisibleAt(x.instanceId) : undefined;
  }
  /** What element `id` draws: its own shape, or its asset (by hash); undefined when not in the scene. */
  drawnAs(id: string): { readonly asset: string | null; readonly instances: number } | undefined {
    const entry = this.#entries.get(id);
    return entry && { asset: entry.asset, instances: entry.instances.length };
  }
  /** The asset loader's counts, and how many elements draw their asset or still a box. */
  assetStats(): SceneAssetStats {
    const loader = this.#assets?.stats() ?? { loaded: 0, pending: 0, failed: 0, bytes: 0 };
    let drawn = 0;
    for (const [id, hash] of this.#wantOf) if (this.#entries.get(id)?.asset === hash) drawn++;
    return { ...loader, drawn, boxed: this.#wantOf.size - drawn };
  }

  /** World bounding box of what is shown. */
  shownBounds(target = new THREE.Box3()): THREE.Box3 {
    target.makeEmpty();
    const box = new THREE.Box3();
    for (const entry of this.#entries.values()) {
      if (!this.storeyShown(entry.storeyId) || this.#display.hidden.has(entry.id)) continue;
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
    this.#offAssets?.();
    this.#offAssets = null;
    this.#wanting.clear();
    this.#wantOf.clear();
    this.#drawnAssets.clear();
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

  /** Keeps #wanting in step with element `id`'s asset (null: none, or gone). */
  #want(id: string, hash: string | null) {
    if (!this.#assets) return;
    const before = this.#wantOf.get(id) ?? null;
    if (before === hash) return;
    if (before) {
      const ids = this.#wanting.get(before);
      ids?.delete(id);
      if (ids?.size === 0) this.#wanting.delete(before);
      this.#wantOf.delete(id);
    }
    if (hash) {
      let ids = this.#wanting.get(hash);
      if (!ids) this.#wanting.set(hash, (ids = new Set()));
      ids.add(id);
      this.#wantOf.set(id, hash);
    }
  }

  /** An asset arrived (or failed: nothing to do, its elements stay boxes): its boxed elements are rebuilt on the next flush. */
  #onAsset(hash: string, asset: SceneAsset | null) {
    if (!asset) return;
    const ids = [...(this.#wanting.get(hash) ?? [])].filter((id) => this.#entries.get(id)?.asset !== hash);
    if (ids.length === 0) return;
    this.#arrived.set(hash, asset);
    for (const id of ids) this.#redraw.add(id);
    for (const listener of [...this.#listeners]) listener();
  }

  /** What `e` draws: its asset when the loader has it (or the batches already do), else its own shape. */
  #lookOf(e: Element): Look | null {
    const hash = this.#assets ? assetHashOf(e) : null;
    const look = hash && assetPlaced(e) ? this.#assetLook(hash, assetPlacement(e)) : null;
    if (look) return look;
    const shape = shapeOf(e, this.#ctx);
    return shape && { instances: [shape], matrix: shape.matrix, asset: null };
  }

  #assetLook(hash: string, matrix: THREE.Matrix4): Look | null {
    const loaded = this.#arrived.get(hash) ?? this.#assets!.get(hash);
    // Drawn by other elements: every part has its slot, so no geometry is needed even when the loader's cache dropped it.
    const asset: DrawnAsset | undefined = loaded ? { hash, parts: loaded.pieces } : this.#drawnAssets.get(hash)?.asset;
    if (!asset) {
      this.#assets!.request(hash);
      return null;
    }
    const geometryOf = (i: number) => {
      const geometry = loaded?.pieces[i]?.geometry;
      if (!geometry) throw new Error(`asset ${hash} part ${i} has no slot and no geometry`);
      return geometry;
    };
    return {
      instances: asset.parts.map((p, i) => ({ bucket: p.bucket, color: p.color, alpha: p.opacity / BUCKET_OPACITY[p.bucket], shared: { key: `asset:${hash}:${i}`, build: () => geometryOf(i) } })),
      matrix,
      asset,
    };
  }

  #useAsset(asset: DrawnAsset | null) {
    if (!asset) return;
    const drawn = this.#drawnAssets.get(asset.hash);
    if (drawn) drawn.users++;
    else this.#drawnAssets.set(asset.hash, { asset: { hash: asset.hash, parts: asset.parts.map(({ bucket, color, opacity }) => ({ bucket, color, opacity })) }, users: 1 });
  }
  #releaseAsset(hash: string | null) {
    const drawn = hash ? this.#drawnAssets.get(hash) : undefined;
    if (drawn && --drawn.users <= 0) this.#drawnAssets.delete(hash!);
  }

  #geometryFor(batch: Batch, shape: InstanceShape): { geometryId: number; sharedKey: string | null } {
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

  /** Frees the instance's geometry unless other instances share it (three's deleteGeometry deletes the instances still pointing at it). */
  #releaseGeometry(x: Instance) {
    const { batch } = x;
    if (x.sharedKey) {
      const known = batch.shared.get(x.sharedKey);
      if (known && --known.users > 0) return;
      batch.shared.delete(x.sharedKey);
    }
    batch.deleteGeometry(x.geometryId);
  }

  #add(e: Element, look: Look) {
    const instances = look.instances.map((shape): Instance => {
      const batch = this.#batches.get(shape.bucket)!;
      if (batch.reserve(1, 0, 0)) this.stats.grows++;
      const { geometryId, sharedKey } = this.#geometryFor(batch, shape);
      const instanceId = batch.mesh.addInstance(geometryId);
      batch.ids[instanceId] = e.id;
      shape.geometry?.dispose();
      return { batch, instanceId, geometryId, sharedKey, color: shape.color, alpha: shape.alpha ?? 1 };
    });
    const entry: Entry = {
      id: e.id,
      instances,
      storeyId: e.storeyId,
      hostId: hostOf(e),
      asset: look.asset?.hash ?? null,
      local: look.matrix.clone(),
    };
    this.#useAsset(look.asset);
    this.#entries.set(e.id, entry);
    this.#placeInstance(entry);
    this.#applyColor(entry);
    this.#applyVisibility(entry);
    this.stats.builtElements++;
  }

  /** Updates an entry whose instances are in the same buckets as `look`'s, one by one in place. */
  #update(entry: Entry, e: Element, look: Look) {
    entry.instances.forEach((x, i) => this.#updateInstance(x, look.instances[i]!));
    const hash = look.asset?.hash ?? null;
    if (hash !== entry.asset) {
      this.#useAsset(look.asset);
      this.#releaseAsset(entry.asset);
      entry.asset = hash;
    }
    entry.storeyId = e.storeyId;
    entry.hostId = hostOf(e);
    entry.local.copy(look.matrix);
    this.#placeInstance(entry);
    this.#applyColor(entry);
    this.#applyVisibility(entry);
    this.stats.builtElements++;
  }

  #updateInstance(x: Instance, shape: InstanceShape) {
    const { batch } = x;
    const key = shape.shared?.key ?? null;
    if (key !== null && key === x.sharedKey) {
      // Same shared geometry (a symbol, an asset part): a move is a matrix.
    } else if (key === null && x.sharedKey === null) {
      const geometry = shape.geometry!;
      const range = batch.mesh.getGeometryRangeAt(x.geometryId) as { reservedVertexCount?: number; reservedIndexCount?: number };
      const fits = geometry.getAttribute('position').count <= (range.reservedVertexCount ?? 0) && (geometry.getIndex()?.count ?? 0) <= (range.reservedIndexCount ?? 0);
      if (fits) batch.mesh.setGeometryAt(x.geometryId, geometry);
      else {
        // Outgrew its slot: a new, larger slot; the instance (and so picking) keeps its id.
        const old = x.geometryId;
        const r = reserveFor(geometry);
        if (batch.reserve(0, r.vertices, r.indices)) this.stats.grows++;
        x.geometryId = batch.mesh.addGeometry(geometry, r.vertices, r.indices);
        batch.mesh.setGeometryIdAt(x.instanceId, x.geometryId);
        batch.deleteGeometry(old);
      }
      geometry.dispose();
    } else {
      // Another shared geometry, or between shared and own geometry: a new geometry for the same instance.
      const next = this.#geometryFor(batch, shape);
      batch.mesh.setGeometryIdAt(x.instanceId, next.geometryId);
      this.#releaseGeometry(x);
      x.geometryId = next.geometryId;
      x.sharedKey = next.sharedKey;
      shape.geometry?.dispose();
    }
    x.color = shape.color;
    x.alpha = shape.alpha ?? 1;
  }

  #remove(entry: Entry) {
    for (const x of entry.instances) {
      x.batch.mesh.deleteInstance(x.instanceId);
      x.batch.ids[x.instanceId] = undefined;
      this.#releaseGeometry(x);
    }
    this.#releaseAsset(entry.asset);
    this.#entries.delete(entry.id);
  }

  #placeInstance(entry: Entry) {
    tmpMatrix.makeTranslation(0, this.storeyElevation(entry.storeyId), 0).multiply(entry.local);
    for (const x of entry.instances) x.batch.mesh.setMatrixAt(x.instanceId, tmpMatrix);
  }

  /** Base colour (or its override) tinted by selection, hover and peers; the alpha is always written (a freed instance id is reused). */
  #applyColor(entry: Entry) {
    const { selected, hover, peers, overrides } = this.#display;
    const peer = peers.get(entry.id);
    if (peer) tmpPeer.set(peer);
    const override = overrides.get(entry.id);
    for (const x of entry.instances) {
      tmpColor.setHex(override ?? x.color);
      if (selected.has(entry.id)) tmpColor.copy(SELECTED);
      else if (peer) tmpColor.lerp(tmpPeer, 0.6);
      if (hover === entry.id) tmpColor.lerp(SELECTED, HOVER_MIX).offsetHSL(0, 0, 0.08);
      x.batch.mesh.setColorAt(x.instanceId, tmpRgba.set(tmpColor.r, tmpColor.g, tmpColor.b, x.alpha));
    }
  }

  #applyVisibility(entry: Entry) {
    const shown = this.storeyShown(entry.storeyId) && !this.#display.hidden.has(entry.id);
    for (const x of entry.instances) x.batch.mesh.setVisibleAt(x.instanceId, shown);
  }

  #applyAllDisplay() {
    for (const entry of this.#entries.values()) {
      this.#applyColor(entry);
      this.#applyVisibility(entry);
    }
  }
}
