/** Objects: anything imported (usually from IFC) that is no other kind: furniture, stairs, proxies. */
import { z } from 'zod';
import { metres, radians, radiansSchema, worldPointSchema, type Radians, type WorldPoint } from '../units';
import type { ElementBase } from './base';
import { defineElementKind, type ElementKindDefinition } from './defineElementKind';

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

/** The object kind. Defaults: at the storey origin, unrotated. */
export const objectKind = defineElementKind({
  kind: 'object',
  shape: { category: z.string().min(1, 'must not be empty').max(128), position: worldPointSchema, rotation: radiansSchema },
  defaults: { name: 'Object', category: 'other', position: [metres(0), metres(0), metres(0)], rotation: radians(0) },
}) satisfies ElementKindDefinition<'object', BuildingObject>;
