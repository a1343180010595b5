/** Spaces (rooms): a simple polygon on a storey with a name, number and usage. */
import { z } from 'zod';
import { GEOMETRY_EPSILON, arePointsCollinear, isSimplePolygon, polygonArea } from '../geometry';
import type { RecordMigration } from '../recordMigration';
import { planPointSchema, type PlanPoint } from '../units';
import { baseDefaults, elementBaseShape, type ElementBase } from './base';

/** A room. */
export type Space = ElementBase & {
  readonly kind: 'space';
  /** Outline as an open ring (≥ 3 points, either winding, non-zero area, not self-intersecting). */
  readonly polygon: readonly PlanPoint[];
  /** Room number as shown on plans, e.g. `2.14`. */
  readonly number: string;
  /** Usage / function, e.g. `office`. */
  readonly usage: string;
};

/** Maximum vertices of a polygon (guards the O(n²) self-intersection check). */
export const MAX_POLYGON_POINTS = 2000;

/** A simple, non-degenerate polygon. Shared by spaces and slabs. */
export const polygonSchema = z
  .array(planPointSchema)
  .min(3, 'must have at least 3 points')
  .max(MAX_POLYGON_POINTS, `must have at most ${MAX_POLYGON_POINTS} points`)
  .superRefine((poly, ctx) => {
    // A bow tie has zero net area too, so tell "flat" apart from "crossing" by collinearity.
    if (polygonArea(poly) <= GEOMETRY_EPSILON && arePointsCollinear(poly)) {
      ctx.addIssue({ code: 'custom', message: 'must enclose a non-zero area' });
    } else if (!isSimplePolygon(poly)) {
      ctx.addIssue({ code: 'custom', message: 'must not intersect itself or repeat a point' });
    } else if (polygonArea(poly) <= GEOMETRY_EPSILON) {
      ctx.addIssue({ code: 'custom', message: 'must enclose a non-zero area' });
    }
  });

/** Strict validator for {@link Space}. */
export const spaceSchema = z.strictObject({
  ...elementBaseShape,
  kind: z.literal('space'),
  polygon: polygonSchema,
  number: z.string().max(50),
  usage: z.string().max(200),
}) satisfies z.ZodType<Space>;

/** Defaults applied by `createElement('space', …)`. */
export const defaultSpace = {
  ...baseDefaults,
  name: 'Room',
  number: '',
  usage: '',
} as const satisfies Partial<Space>;

/** Space record migrations (append-only). None yet. */
export const spaceMigrations: readonly RecordMigration[] = [];
