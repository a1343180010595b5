/** Walls: a straight centre line from `a` to `b`, extruded by `height`, `thickness` wide. */
import { pointsEqual } from '../geometry';
import { metres, planPointSchema, positiveMetresSchema, type Metres, type PlanPoint } from '../units';
import type { ElementBase } from './base';
import { defineElementKind, type ElementKindDefinition } from './defineElementKind';

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

/** The wall kind. Defaults: 0.2 m thick, 3 m high. */
export const wallKind = defineElementKind({
  kind: 'wall',
  shape: { a: planPointSchema, b: planPointSchema, thickness: positiveMetresSchema, height: positiveMetresSchema },
  crossField: {
    reads: ['a', 'b'],
    check(wall, report) {
      if (pointsEqual(wall.a, wall.b)) report('b', 'must not be the same point as the other end: a wall needs a length');
    },
  },
  defaults: { name: 'Wall', thickness: metres(0.2), height: metres(3) },
  migrations: [
    {
      id: 'wall-v0-to-v1-rename-start-end-to-a-b',
      from: 0,
      to: 1,
      up: ({ start, end, ...rest }) => ({ ...rest, a: rest.a ?? start, b: rest.b ?? end }),
    },
  ],
}) satisfies ElementKindDefinition<'wall', Wall>;
