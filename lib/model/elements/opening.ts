/**
 * Shared shape of doors and windows: an opening hosted by a wall, placed along it; or one hosted
 * by a slab (a roof window, a hatch in a floor), placed on its own like an object.
 */
import { idSchema } from '../ids';
import { nonNegativeMetresSchema, planPoint, positiveMetresSchema, radiansSchema, worldPointSchema, type Metres, type PlanPoint, type Radians, type WorldPoint } from '../units';
import type { ElementBase } from './base';

/** Fields of an opening in a wall or a slab. */
export type OpeningFields = ElementBase & {
  /** The wall (or slab) this opening is cut into. */
  readonly hostId: string;
  /** Distance along the wall from its `a` end to the opening's near edge. ≥ 0. 0 in a slab. */
  readonly offset: Metres;
  /** Width along the wall (in a slab: along its own x, turned by `rotation`). > 0. */
  readonly width: Metres;
  /** Height of the opening (in a slab: its length along its own y). > 0. */
  readonly height: Metres;
  /** Height of the opening's bottom above the storey elevation. ≥ 0. */
  readonly sill: Metres;
  /**
   * Only for an opening in a slab: the centre of its outline on the plan, z its bottom above the
   * storey elevation; also the origin of its geometry `asset`. An opening in a wall has none: its
   * wall, `offset` and `sill` place it.
   */
  readonly position?: WorldPoint;
  /** Only with `position`: its turn about the vertical axis. */
  readonly rotation?: Radians;
};

/** An opening placed on its own (in a slab): `position` and `rotation` are set. */
export type PlacedOpeningFields = OpeningFields & { readonly position: WorldPoint; readonly rotation: Radians };

/** zod shape of the opening's own fields (the base fields are added by `defineElementKind`). */
export const openingShape = {
  hostId: idSchema,
  offset: nonNegativeMetresSchema,
  width: positiveMetresSchema,
  height: positiveMetresSchema,
  sill: nonNegativeMetresSchema,
  position: worldPointSchema.optional(),
  rotation: radiansSchema.optional(),
};

/** True for an opening placed on its own (in a slab) rather than along a wall: it has a `position` and a `rotation`. */
export function isPlacedOpening<T extends OpeningFields>(opening: T): opening is T & PlacedOpeningFields {
  return opening.position !== undefined && opening.rotation !== undefined;
}

/** The plan outline of an opening placed on its own: `width` × `height` about its `position`, turned by `rotation`. */
export function placedOpeningOutline(opening: PlacedOpeningFields): [PlanPoint, PlanPoint, PlanPoint, PlanPoint] {
  const [x, y] = opening.position;
  const c = Math.cos(opening.rotation);
  const s = Math.sin(opening.rotation);
  const w = opening.width / 2;
  const h = opening.height / 2;
  const at = (u: number, v: number) => planPoint(x + c * u - s * v, y + s * u + c * v);
  return [at(-w, -h), at(w, -h), at(w, h), at(-w, h)];
}
