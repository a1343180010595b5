/**
 * Units in types. Every length in the model is {@link Metres}, every angle {@link Radians};
 * plan coordinates are 2D ({@link PlanPoint}) and world coordinates 3D with z up
 * ({@link WorldPoint}). The brands exist only at compile time, so passing a bare `number`
 * (or degrees disguised as radians) where metres are expected is a type error.
 */
import { z } from 'zod';

/** A length in metres. */
export type Metres = number & { readonly __unit: 'm' };
/** An area in square metres (may be signed where documented). */
export type SquareMetres = number & { readonly __unit: 'm2' };
/** An angle in radians, counter-clockwise from the plan's +x axis. */
export type Radians = number & { readonly __unit: 'rad' };
/** An angle in degrees, for display and typed entry only: the model stores {@link Radians}. */
export type Degrees = number & { readonly __unit: 'deg' };
/** A point on a storey plan: `[x, y]` in metres. */
export type PlanPoint = readonly [x: Metres, y: Metres];
/** A displacement on the plan: `[dx, dy]` in metres. */
export type PlanVector = readonly [dx: Metres, dy: Metres];
/** A point in building space: `[x, y, z]` in metres, z up, z = 0 at the storey's elevation. */
export type WorldPoint = readonly [x: Metres, y: Metres, z: Metres];

function assertFinite(n: number, what: string): void {
  if (!Number.isFinite(n)) throw new RangeError(`${what}: expected a finite number, got ${n}`);
}

/** Brands a finite number as metres. Throws a RangeError on NaN/Infinity (a programming error). */
export function metres(n: number): Metres {
  assertFinite(n, 'metres');
  return n as Metres;
}

/** Brands a finite number as radians. Throws a RangeError on NaN/Infinity. */
export function radians(n: number): Radians {
  assertFinite(n, 'radians');
  return n as Radians;
}

/** Brands a finite number as degrees. Throws a RangeError on NaN/Infinity. */
export function degrees(n: number): Degrees {
  assertFinite(n, 'degrees');
  return n as Degrees;
}

/** Degrees (typed by a person) to {@link Radians}. */
export function fromDegrees(angle: Degrees | number): Radians {
  return radians((angle * Math.PI) / 180);
}

/** @deprecated Use {@link fromDegrees}. */
export const degreesToRadians = fromDegrees;

/**
 * {@link Radians} to {@link Degrees}, rounded to 1/100° (what the editor shows and reads back;
 * finer than any plan is drawn). `-0` comes out as `0`.
 */
export function toDegrees(angle: Radians): Degrees {
  return (Math.round(((angle * 180) / Math.PI) * 100) / 100 + 0) as Degrees;
}

/** The same direction as `angle`, in `(-π, π]`. */
export function normaliseAngle(angle: Radians): Radians {
  const a = Math.atan2(Math.sin(angle), Math.cos(angle));
  return (a === -Math.PI ? Math.PI : a + 0) as Radians;
}

/** Builds a {@link PlanPoint} from two finite numbers (metres). */
export function planPoint(x: number, y: number): PlanPoint {
  return [metres(x), metres(y)];
}

/** Builds a {@link PlanVector} from two finite numbers (metres). */
export function planVector(dx: number, dy: number): PlanVector {
  return [metres(dx), metres(dy)];
}

/** Builds a {@link WorldPoint} from three finite numbers (metres). */
export function worldPoint(x: number, y: number, z: number): WorldPoint {
  return [metres(x), metres(y), metres(z)];
}

const finite = () => z.number();

/** Any finite length in metres (coordinates, elevations). */
export const metresSchema = finite().transform((n) => n as Metres);
/** A strictly positive length in metres (thickness, height, width). */
export const positiveMetresSchema = finite()
  .gt(0, 'must be greater than 0')
  .transform((n) => n as Metres);
/** A length in metres that may be zero but not negative (offsets, sills). */
export const nonNegativeMetresSchema = finite()
  .gte(0, 'must be 0 or greater')
  .transform((n) => n as Metres);
/** Any finite angle in radians. */
export const radiansSchema = finite().transform((n) => n as Radians);
/** `[x, y]` in metres. */
export const planPointSchema = z
  .tuple([metresSchema, metresSchema])
  .transform((p): PlanPoint => p);
/** `[x, y, z]` in metres. */
export const worldPointSchema = z
  .tuple([metresSchema, metresSchema, metresSchema])
  .transform((p): WorldPoint => p);
