/** Doors: openings in a wall. See {@link OpeningFields} for the placement rules. */
import { z } from 'zod';
import type { RecordMigration } from '../recordMigration';
import { metres } from '../units';
import { baseDefaults } from './base';
import { openingShape, type OpeningFields } from './opening';

/** A door hosted by a wall. */
export type Door = OpeningFields & { readonly kind: 'door' };

/** Strict validator for {@link Door}. */
export const doorSchema = z.strictObject({ ...openingShape, kind: z.literal('door') }) satisfies z.ZodType<Door>;

/** Defaults applied by `createElement('door', …)`: 0.9 × 2.1 m at floor level. */
export const defaultDoor = {
  ...baseDefaults,
  name: 'Door',
  offset: metres(0),
  width: metres(0.9),
  height: metres(2.1),
  sill: metres(0),
} as const satisfies Partial<Door>;

/** Door record migrations (append-only). None yet. */
export const doorMigrations: readonly RecordMigration[] = [];
