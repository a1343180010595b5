/** Doors: openings in a wall. See {@link OpeningFields} for the placement rules. */
import { metres } from '../units';
import { defineElementKind, type ElementKindDefinition } from './defineElementKind';
import { openingShape, type OpeningFields } from './opening';

/** A door hosted by a wall. */
export type Door = OpeningFields & { readonly kind: 'door' };

/** The door kind. Defaults: 0.9 × 2.1 m at floor level. */
export const doorKind = defineElementKind({
  kind: 'door',
  shape: openingShape,
  defaults: { name: 'Door', offset: metres(0), width: metres(0.9), height: metres(2.1), sill: metres(0) },
}) satisfies ElementKindDefinition<'door', Door>;
