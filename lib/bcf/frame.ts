/**
 * BCF world coordinates (z up, metres: the IFC model's frame) ⇄ the three.js scene's frame (y up,
 * metres) that ArxOS draws in: three = (X, Z, −Y), BCF = (x, −z, y), a rotation about x, so
 * lengths, angles and handedness are kept (notes/ifc.md 4.3, the same mapping That Open uses).
 * The up vector is converted like any direction and never dropped.
 */
import { bcfVector, type BcfCamera, type BcfVector } from './types';

/** A vector in the three.js scene (y up); a THREE.Vector3 is one. */
export interface YUpVector {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** A BCF point or direction in the scene's frame: (X, Z, −Y). */
export function bcfToThree(v: BcfVector): YUpVector {
  return { x: v.x, y: v.z, z: -v.y + 0 };
}

/** A scene point or direction in BCF's frame: (x, −z, y). */
export function threeToBcf(v: YUpVector): BcfVector {
  return bcfVector(v.x, -v.z, v.y);
}

/** A BCF camera in the scene's frame. `fieldOfView` is vertical, in degrees (three's `PerspectiveCamera.fov`). */
export type ThreeCamera =
  | { readonly kind: 'perspective'; readonly position: YUpVector; readonly direction: YUpVector; readonly up: YUpVector; readonly fieldOfView: number; readonly aspectRatio?: number }
  | { readonly kind: 'orthogonal'; readonly position: YUpVector; readonly direction: YUpVector; readonly up: YUpVector; readonly viewToWorldScale: number; readonly aspectRatio?: number };

export function cameraToThree(camera: BcfCamera): ThreeCamera {
  const frame = { position: bcfToThree(camera.position), direction: bcfToThree(camera.direction), up: bcfToThree(camera.up), ...(camera.aspectRatio !== undefined && { aspectRatio: camera.aspectRatio }) };
  return camera.kind === 'perspective' ? { kind: 'perspective', ...frame, fieldOfView: camera.fieldOfView } : { kind: 'orthogonal', ...frame, viewToWorldScale: camera.viewToWorldScale };
}

export function cameraFromThree(camera: ThreeCamera): BcfCamera {
  const frame = { position: threeToBcf(camera.position), direction: threeToBcf(camera.direction), up: threeToBcf(camera.up), ...(camera.aspectRatio !== undefined && { aspectRatio: camera.aspectRatio }) };
  return camera.kind === 'perspective' ? { kind: 'perspective', ...frame, fieldOfView: camera.fieldOfView } : { kind: 'orthogonal', ...frame, viewToWorldScale: camera.viewToWorldScale };
}
