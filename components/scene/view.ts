import * as THREE from 'three';
import type { PresenceView3d } from '@/lib/doc';
import type { StoreyFilter } from './SceneController';

/**
 * The 3D view's state that others can follow (Speckle's follow mode: camera plus viewer state):
 * camera, section plane and storey filter. Pure: no React, no renderer.
 */

/** A section plane: off, or a cut across an axis at `offset` metres, keeping the side below/behind it (flipped: the other side). */
export interface Section {
  readonly on: boolean;
  readonly axis: 'x' | 'y' | 'z';
  readonly offset: number;
  readonly flipped: boolean;
}

export const NO_SECTION: Section = { on: false, axis: 'y', offset: 1.2, flipped: false };

const AXES = { x: new THREE.Vector3(1, 0, 0), y: new THREE.Vector3(0, 1, 0), z: new THREE.Vector3(0, 0, 1) } as const;
/** How far a parked (off) plane sits: nothing is clipped, and the plane count never changes (no shader recompile). */
const PARKED = 1e9;

/** Sets three's clipping plane from a section: fragments on the plane's negative side are cut away. */
export function applySection(plane: THREE.Plane, section: Section): THREE.Plane {
  if (!section.on) return plane.set(new THREE.Vector3(0, -1, 0), PARKED);
  const normal = AXES[section.axis].clone().multiplyScalar(section.flipped ? 1 : -1);
  const point = AXES[section.axis].clone().multiplyScalar(section.offset);
  return plane.setFromNormalAndCoplanarPoint(normal, point);
}

/** The section as presence (a point on the plane and its unit normal), undefined when off. */
export function sectionToPresence(section: Section): PresenceView3d['section'] {
  if (!section.on) return undefined;
  const plane = applySection(new THREE.Plane(), section);
  const point = AXES[section.axis].clone().multiplyScalar(section.offset);
  return { point: round3(point.toArray()), normal: round3(plane.normal.toArray()) };
}

/** A followed peer's section (point and normal) back to a {@link Section}; an oblique normal snaps to its main axis. */
export function sectionFromPresence(s: PresenceView3d['section']): Section {
  if (!s) return NO_SECTION;
  const n = s.normal;
  const i = [0, 1, 2].reduce((best, k) => (Math.abs(n[k]!) > Math.abs(n[best]!) ? k : best), 0);
  const axis = (['x', 'y', 'z'] as const)[i]!;
  return { on: true, axis, offset: s.point[i]!, flipped: n[i]! > 0 };
}

export type Preset = 'top' | 'front' | 'side' | 'iso';

/** Camera position and target looking at `box` from a preset direction (front: from the south, +z; side: from the east, +x), the whole box in view at `aspect` (width / height). */
export function presetView(preset: Preset, box: THREE.Box3, fovDeg = 50, aspect = 1): { position: THREE.Vector3; target: THREE.Vector3 } {
  const dir = {
    top: new THREE.Vector3(0, 1, 1e-3),
    front: new THREE.Vector3(0, 0, 1),
    side: new THREE.Vector3(1, 0, 0),
    iso: new THREE.Vector3(1, 0.9, 1),
  }[preset];
  return viewAlong(dir, box, fovDeg, aspect);
}

/** Camera position and target looking at the whole of `box` from direction `dir` (from the target towards the eye). */
export function viewAlong(dir: THREE.Vector3, box: THREE.Box3, fovDeg = 50, aspect = 1): { position: THREE.Vector3; target: THREE.Vector3 } {
  const target = box.isEmpty() ? new THREE.Vector3() : box.getCenter(new THREE.Vector3());
  const size = box.isEmpty() ? new THREE.Vector3(10, 3, 10) : box.getSize(new THREE.Vector3());
  const radius = Math.max(size.length() / 2, 1);
  // The narrower of the vertical and horizontal fields of view (a tall canvas is narrow).
  const half = THREE.MathUtils.degToRad(fovDeg) / 2;
  const narrowest = Math.min(half, Math.atan(Math.tan(half) * aspect));
  const distance = radius / Math.sin(narrowest);
  const unit = dir.lengthSq() > 0 ? dir.clone().normalize() : new THREE.Vector3(1, 0.9, 1).normalize();
  return { position: target.clone().addScaledVector(unit, distance), target };
}

/** This client's 3D view as presence. */
export function viewToPresence(position: THREE.Vector3, target: THREE.Vector3, fov: number, section: Section, storeys: StoreyFilter, storeyId: string): PresenceView3d {
  return { position: round3(position.toArray()), target: round3(target.toArray()), fov: Math.round(fov * 10) / 10, section: sectionToPresence(section), storeys, storeyId };
}

function round3(v: number[]): [number, number, number] {
  return [Math.round(v[0]! * 1000) / 1000, Math.round(v[1]! * 1000) / 1000, Math.round(v[2]! * 1000) / 1000];
}
