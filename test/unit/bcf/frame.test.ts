/**
 * BCF (z up) ⇄ three.js scene (y up): three = (X, Z, −Y), BCF = (x, −z, y); a proper rotation, so
 * the camera's up vector and handedness survive, and a top view stays a top view.
 */
import { describe, expect, it } from 'vitest';
import { bcfToThree, cameraFromThree, cameraToThree, threeToBcf, type YUpVector } from '@/lib/bcf/frame';
import { bcfVector, type BcfCamera } from '@/lib/bcf/types';

const cross = (a: YUpVector, b: YUpVector): YUpVector => ({ x: a.y * b.z - a.z * b.y + 0, y: a.z * b.x - a.x * b.z + 0, z: a.x * b.y - a.y * b.x + 0 });

describe('frame: BCF world ⇄ three.js scene', () => {
  it.each([
    { bcf: [1, 2, 3], three: [1, 3, -2] },
    { bcf: [0, 0, 1], three: [0, 1, 0] },
    { bcf: [0, 1, 0], three: [0, 0, -1] },
    { bcf: [-1, 0, 0], three: [-1, 0, 0] },
  ])('maps BCF $bcf to three $three and back', ({ bcf, three }) => {
    const v = bcfVector(bcf[0]!, bcf[1]!, bcf[2]!);
    expect(bcfToThree(v)).toEqual({ x: three[0], y: three[1], z: three[2] });
    expect(threeToBcf(bcfToThree(v))).toEqual(v);
  });

  it('keeps handedness: x × y = z in both frames', () => {
    const [x, y, z] = [bcfVector(1, 0, 0), bcfVector(0, 1, 0), bcfVector(0, 0, 1)].map(bcfToThree);
    expect(cross(x!, y!)).toEqual(z);
  });

  it('keeps the up vector of a top-down orthogonal camera (orthogonal_camera.bcf)', () => {
    const camera: BcfCamera = { kind: 'orthogonal', position: bcfVector(9.93, -12.83, 31.78), direction: bcfVector(0, 0, -1), up: bcfVector(-1, 0, 0), viewToWorldScale: 12.08, aspectRatio: 1.47 };
    const three = cameraToThree(camera);
    expect(three).toEqual({ kind: 'orthogonal', position: { x: 9.93, y: 31.78, z: 12.83 }, direction: { x: 0, y: -1, z: 0 }, up: { x: -1, y: 0, z: 0 }, viewToWorldScale: 12.08, aspectRatio: 1.47 });
    expect(cameraFromThree(three)).toEqual(camera);
  });

  it('keeps a perspective camera\'s field of view and roll', () => {
    const camera: BcfCamera = { kind: 'perspective', position: bcfVector(1, 2, 3), direction: bcfVector(0, 1, 0), up: bcfVector(0.6, 0, 0.8), fieldOfView: 50 };
    expect(cameraFromThree(cameraToThree(camera))).toEqual(camera);
    expect(cameraToThree(camera).up).toEqual({ x: 0.6, y: 0.8, z: 0 });
  });

  it('refuses a non-finite coordinate when building a BCF vector', () => {
    expect(() => bcfVector(Number.NaN, 0, 0)).toThrow(RangeError);
  });
});
