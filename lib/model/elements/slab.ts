/** Slabs: floors/roofs as an outline polygon with a thickness. */
import { z } from 'zod';
import type { RecordMigration } from '../recordMigration';
import { metres, positiveMetresSchema, type Metres, type PlanPoint } from '../units';
import { baseDefaults, elementBaseShape, type ElementBase } from './base';
import { polygonSchema } from './space';

/** A slab. Its top is at the storey elevation; it extends `thickness` downwards. */
export type Slab = ElementBase & {
  readonly kind: 'slab';
  /** Outline (same rules as a space polygon). */
  readonly polygon: readonly PlanPoint[];
  /** > 0. */
  readonly thickness: Metres;
};

/** Strict validator for {@link Slab}. */
export const slabSchema = z.strictObject({
  ...elementBaseShape,
  kind: z.literal('slab'),
  polygon: polygonSchema,
  thickness: positiveMetresSchema,
}) satisfies z.ZodType<Slab>;

/** Defaults applied by `createElement('slab', …)`: 0.25 m thick. */
export const defaultSlab = {
  ...baseDefaults,
  name: 'Slab',
  thickness: metres(0.25),
} as const satisfies Partial<Slab>;

/** Slab record migrations (append-only). None yet. */
export const slabMigrations: readonly RecordMigration[] = [];
