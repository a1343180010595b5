/**
 * Ghosts of a version comparison in 3D (issue #17 point 3): elements a version had that are gone
 * (red) and the old shape of changed ones (amber outline), built from the version's records with
 * the scene's own shapes (geometry.ts) and placed at their storey's elevation. Outside the batches:
 * a comparison shows a few hundred at most, drawn for as long as it is open.
 */
import * as THREE from 'three';
import type { Element } from '@/lib/model';
import { shapeOf } from './geometry';

export type GhostStatus = 'removed' | 'was';

/** A record to draw as a ghost. */
export interface Ghost {
  readonly id: string;
  readonly status: GhostStatus;
  readonly record: Element;
}

/** One built ghost: its geometry in world coordinates (x, y up, z = −plan y). */
export interface GhostMesh {
  readonly id: string;
  readonly status: GhostStatus;
  readonly geometry: THREE.BufferGeometry;
}

/**
 * Builds the ghosts' geometry: `records` are the version's elements that ghosts may refer to (a
 * removed door's old wall), `elevation` gives a storey's elevation. Elements with no shape
 * (nothing to draw) are left out. The caller disposes the geometries.
 */
export function buildGhosts(ghosts: readonly Ghost[], records: ReadonlyMap<string, Element>, elevation: (storeyId: string) => number): GhostMesh[] {
  const out: GhostMesh[] = [];
  const ctx = { get: (id: string) => records.get(id), openingsOf: () => [] };
  for (const ghost of ghosts) {
    const shape = shapeOf(ghost.record, ctx);
    if (shape === null) continue;
    const source = shape.geometry ?? shape.shared?.build();
    if (source === undefined) continue;
    const geometry = source.clone();
    geometry.applyMatrix4(new THREE.Matrix4().makeTranslation(0, elevation(ghost.record.storeyId), 0).multiply(shape.matrix));
    if (shape.shared) source.dispose();
    out.push({ id: ghost.id, status: ghost.status, geometry });
  }
  return out;
}
