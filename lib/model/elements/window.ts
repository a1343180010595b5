/** Windows: openings in a wall. See {@link OpeningFields} for the placement rules. */
import { metres } from '../units';
import { defineElementKind, type ElementKindDefinition } from './defineElementKind';
import { openingShape, type OpeningFields } from './opening';

/** A window hosted by a wall. */
export type Window = OpeningFields & { readonly kind: 'window' };

/** The window kind. Defaults: 1.2 × 1.2 m, sill at 0.9 m. */
export const windowKind = defineElementKind({
  kind: 'window',
  shape: openingShape,
  defaults: { name: 'Window', offset: metres(0), width: metres(1.2), height: metres(1.2), sill: metres(0.9) },
}) satisfies ElementKindDefinition<'window', Window>;
