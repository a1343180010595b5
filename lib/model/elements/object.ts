/** Objects: anything imported (usually from IFC) that is no other kind: furniture, stairs, proxies. */
import { z } from 'zod';
import type { RecordMigration } from '../recordMigration';
import { metres, radians, radiansSchema, worldPointSchema, type Radians, type WorldPoint } from '../units';
import { baseDefaults, elementBaseShape, type ElementBase } from './base';

/** A generic placed object; its shape is normally a geometry `asset`. */
export type BuildingObject = ElementBase & {
  readonly kind: 'object';
  /** Classification, e.g. `furniture`, `stair`, or an IFC type such as `IfcFurnishingElement`. Non-empty. */
  readonly category: string;
  /** Placement origin of the asset; z is above the storey elevation. */
  readonly position: WorldPoint;
  /** Rotation about the vertical axis. */
  readonly rotation: Radians;
};

/** Strict validator for {@link BuildingObject}. */
export const objectSchema = z.strictObject({
  ...elementBaseShape,
  kind: z.literal('object'),
  category: z.string().min(1, 'must not be empty').max(128),
  position: worldPointSchema,
  rotation: radiansSchema,
}) satisfies z.ZodType<BuildingObject>;

/** Defaults applied by `createElement('object', …)`: at the storey origin, unrotated. */
export const defaultObject = {
  ...baseDefaults,
  name: 'Object',
  category: 'other',
  position: [metres(0), metres(0), metres(0)],
  rotation: radians(0),
} as const satisfies Partial<BuildingObject>;

/** Object record migrations (append-only). None yet. */
export const objectMigrations: readonly RecordMigration[] = [];
