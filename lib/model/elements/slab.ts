/** Slabs: floors/roofs as an outline polygon with a thickness. */
import { metres, positiveMetresSchema, type Metres, type PlanPoint } from '../units';
import type { ElementBase } from './base';
import { defineElementKind, type ElementKindDefinition } from './defineElementKind';
import { polygonSchema } from './space';

/** A slab. Its top is at the storey elevation; it extends `thickness` downwards. */
export type Slab = ElementBase & {
  readonly kind: 'slab';
  /** Outline (same rules as a space polygon). */
  readonly polygon: readonly PlanPoint[];
  /** > 0. */
  readonly thickness: Metres;
};

/** The slab kind. Defaults: 0.25 m thick. */
export const slabKind = defineElementKind({
  kind: 'slab',
  shape: { polygon: polygonSchema, thickness: positiveMetresSchema },
  defaults: { name: 'Slab', thickness: metres(0.25) },
}) satisfies ElementKindDefinition<'slab', Slab>;
