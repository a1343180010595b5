/**
 * One THREE.BatchedMesh of the scene and its bookkeeping: which element each instance draws,
 * shared geometries with their users, and space freed by deleted geometries (compacted once it
 * passes a quarter of what is used).
 */
import * as THREE from 'three';
import type { Bucket } from './geometry';

/** The batches, one per render state. */
export const BUCKETS: readonly Bucket[] = ['opaque', 'floor', 'glass'];
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
export class Batch {
  readonly mesh: THREE.BatchedMesh;
  /** instanceId → element id. */
  readonly ids: (string | undefined)[] = [];
  /** Shared geometries (equipment symbols, asset parts): key → geometry id and how many instances use it. */
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


/**
 * Each batch material's opacity. An instance's colour alpha multiplies it (three's batching colour
 * is RGBA), so an asset part of opacity `a` in the glass batch is drawn with alpha `a / 0.35`.
 */
export const BUCKET_OPACITY: Readonly<Record<Bucket, number>> = { opaque: 1, glass: 0.35, floor: 0.45 };

/** The material of a batch: white (colour is per instance), clipped by the section plane. */
export function makeMaterial(bucket: Bucket, section: THREE.Plane): THREE.Material {
  const common = { color: 0xffffff, clippingPlanes: [section], side: THREE.DoubleSide };
  if (bucket === 'opaque') return new THREE.MeshLambertMaterial({ ...common });
  if (bucket === 'glass') return new THREE.MeshLambertMaterial({ ...common, transparent: true, opacity: BUCKET_OPACITY.glass, depthWrite: false });
  return new THREE.MeshLambertMaterial({ ...common, transparent: true, opacity: BUCKET_OPACITY.floor, depthWrite: false, polygonOffset: true, polygonOffsetFactor: -1 });
}
