/**
 * 4×4 matrices as IFC and web-ifc give them: column-major, IFC's Z-up frame, in the file's
 * length unit unless a name says metres. Only what reading placements and extrusions needs.
 */
import type { StepLine, StepModel } from './readStep';
import { numberOf, numbersOf } from './readStep';

/** Column-major 4×4: `m[12..14]` is the translation. */
export type Mat4 = readonly number[];
export type Vec3 = readonly [number, number, number];

export const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** `a × b` (apply `b` first). */
export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Array<number>(16);
  for (let col = 0; col < 4; col++) {
    for (let row = 0; row < 4; row++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[k * 4 + row]! * b[col * 4 + k]!;
      out[col * 4 + row] = sum;
    }
  }
  return out;
}

/** `m · (x, y, z, 1)`. */
export function transformPoint(m: Mat4, x: number, y: number, z: number): Vec3 {
  return [m[0]! * x + m[4]! * y + m[8]! * z + m[12]!, m[1]! * x + m[5]! * y + m[9]! * z + m[13]!, m[2]! * x + m[6]! * y + m[10]! * z + m[14]!];
}

/** `m · (x, y, z, 0)`: a direction, not normalised. */
export function transformVector(m: Mat4, x: number, y: number, z: number): Vec3 {
  return [m[0]! * x + m[4]! * y + m[8]! * z, m[1]! * x + m[5]! * y + m[9]! * z, m[2]! * x + m[6]! * y + m[10]! * z];
}

export function normalize(v: readonly number[]): Vec3 | undefined {
  const l = Math.hypot(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0);
  return l > 1e-12 ? [(v[0] ?? 0) / l, (v[1] ?? 0) / l, (v[2] ?? 0) / l] : undefined;
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function fromAxes(x: Vec3, y: Vec3, z: Vec3, o: readonly number[], scale: Vec3 = [1, 1, 1]): Mat4 {
  return [
    x[0] * scale[0], x[1] * scale[0], x[2] * scale[0], 0,
    y[0] * scale[1], y[1] * scale[1], y[2] * scale[1], 0,
    z[0] * scale[2], z[1] * scale[2], z[2] * scale[2], 0,
    o[0] ?? 0, o[1] ?? 0, o[2] ?? 0, 1,
  ];
}

/** Coordinates of an IfcCartesianPoint (2D points get z = 0). */
export function pointOf(model: StepModel, value: unknown): Vec3 | undefined {
  const c = numbersOf(model.follow(value)?.Coordinates);
  return c === undefined || c.length < 2 ? undefined : [c[0]!, c[1]!, c[2] ?? 0];
}

function directionOf(model: StepModel, value: unknown): Vec3 | undefined {
  const d = numbersOf(model.follow(value)?.DirectionRatios);
  return d === undefined ? undefined : normalize([d[0] ?? 0, d[1] ?? 0, d[2] ?? 0]);
}

/**
 * IfcAxis2Placement3D / IfcAxis2Placement2D as a matrix. Missing axes take their defaults
 * (Z up, X east); a RefDirection that is not perpendicular to Axis is made so, as IFC says.
 */
export function placementOf(model: StepModel, line: StepLine | undefined): Mat4 {
  if (line === undefined) return IDENTITY;
  const origin = pointOf(model, line.Location) ?? [0, 0, 0];
  const z = directionOf(model, line.Axis) ?? [0, 0, 1];
  const ref = directionOf(model, line.RefDirection) ?? (Math.abs(z[0]) > 0.9 ? [0, 0, 1] : [1, 0, 0]);
  const dot = ref[0] * z[0] + ref[1] * z[1] + ref[2] * z[2];
  const x = normalize([ref[0] - dot * z[0], ref[1] - dot * z[1], ref[2] - dot * z[2]]) ?? [1, 0, 0];
  return fromAxes(x, cross(z, x), z, origin);
}

/**
 * IfcCartesianTransformationOperator2D/3D (and the non-uniform kinds): the MappingTarget of a
 * mapped item, or a derived profile's operator.
 */
export function operatorOf(model: StepModel, line: StepLine | undefined): Mat4 {
  if (line === undefined) return IDENTITY;
  const origin = pointOf(model, line.LocalOrigin) ?? [0, 0, 0];
  const x0 = directionOf(model, line.Axis1) ?? [1, 0, 0];
  const z = directionOf(model, line.Axis3) ?? [0, 0, 1];
  const dot = x0[0] * z[0] + x0[1] * z[1] + x0[2] * z[2];
  const x = normalize([x0[0] - dot * z[0], x0[1] - dot * z[1], x0[2] - dot * z[2]]) ?? [1, 0, 0];
  const y = directionOf(model, line.Axis2) ?? cross(z, x);
  const s = numberOf(line.Scale) ?? 1;
  return fromAxes(x, y, z, origin, [s, numberOf(line.Scale2) ?? s, numberOf(line.Scale3) ?? s]);
}
