/** Shared shape of doors and windows: an opening hosted by a wall. */
import { idSchema } from '../ids';
import { nonNegativeMetresSchema, positiveMetresSchema, type Metres } from '../units';
import type { ElementBase } from './base';

/** Fields of an opening in a wall. */
export type OpeningFields = ElementBase & {
  /** The wall this opening is cut into. */
  readonly hostId: string;
  /** Distance along the wall from its `a` end to the opening's near edge. ≥ 0. */
  readonly offset: Metres;
  /** Width along the wall. > 0. */
  readonly width: Metres;
  /** Height of the opening. > 0. */
  readonly height: Metres;
  /** Height of the opening's bottom above the storey elevation. ≥ 0. */
  readonly sill: Metres;
};

/** zod shape of the opening's own fields (the base fields are added by `defineElementKind`). */
export const openingShape = {
  hostId: idSchema,
  offset: nonNegativeMetresSchema,
  width: positiveMetresSchema,
  height: positiveMetresSchema,
  sill: nonNegativeMetresSchema,
};
