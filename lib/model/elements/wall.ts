/** Walls: a straight centre line from `a` to `b`, extruded by `height`, `thickness` wide. */
import { z } from 'zod';
import { pointsEqual } from '../geometry';
import type { RecordMigration } from '../recordMigration';
import { metres, planPointSchema, positiveMetresSchema, type Metres, type PlanPoint } from '../units';
import { baseDefaults, elementBaseShape, type ElementBase } from './base';

/** A straight wall. */
export type Wall = ElementBase & {
  readonly kind: 'wall';
  /** Start of the centre line (plan). */
  readonly a: PlanPoint;
  /** End of the centre line (plan); differs from `a`. */
  readonly b: PlanPoint;
  /** Total thickness, centred on the line. > 0. */
  readonly thickness: Metres;
  /** Height above the storey elevation. > 0. */
  readonly height: Metres;
};

/** Strict validator for {@link Wall}. */
export const wallSchema = z
  .strictObject({
    ...elementBaseShape,
    kind: z.literal('wall'),
    a: planPointSchema,
    b: planPointSchema,
    thickness: positiveMetresSchema,
    height: positiveMetresSchema,
  })
  .superRefine((w, ctx) => {
    if (pointsEqual(w.a, w.b)) {
      ctx.addIssue({ code: 'custom', path: ['b'], message: 'must differ from a (a wall needs a non-zero length)' });
    }
  }) satisfies z.ZodType<Wall>;

/** Defaults applied by `createElement('wall', …)`: 0.2 m thick, 3 m high. */
export const defaultWall = {
  ...baseDefaults,
  name: 'Wall',
  thickness: metres(0.2),
  height: metres(3),
} as const satisfies Partial<Wall>;

/** Wall record migrations (append-only). */
export const wallMigrations: readonly RecordMigration[] = [
  {
    id: 'wall-v0-to-v1-rename-start-end-to-a-b',
    from: 0,
    to: 1,
    up: ({ start, end, ...rest }) => ({ ...rest, a: rest.a ?? start, b: rest.b ?? end }),
  },
];
