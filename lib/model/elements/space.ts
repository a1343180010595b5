/** Spaces (rooms): a simple polygon on a storey with a name, number and usage. */
import { z } from 'zod';
import { GEOMETRY_EPSILON, arePointsCollinear, isSimplePolygon, polygonArea } from '../geometry';
import { planPointSchema, type PlanPoint } from '../units';
import type { ElementBase } from './base';
import { defineElementKind, type ElementKindDefinition } from './defineElementKind';

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

/** The space kind. */
export const spaceKind = defineElementKind({
  kind: 'space',
  shape: { polygon: polygonSchema, number: z.string().max(50), usage: z.string().max(200) },
  defaults: { name: 'Room', number: '', usage: '' },
}) satisfies ElementKindDefinition<'space', Space>;
