/** Windows: openings in a wall. See {@link OpeningFields} for the placement rules. */
import { z } from 'zod';
import type { RecordMigration } from '../recordMigration';
import { metres } from '../units';
import { baseDefaults } from './base';
import { openingShape, type OpeningFields } from './opening';

/** A window hosted by a wall. */
export type Window = OpeningFields & { readonly kind: 'window' };

/** Strict validator for {@link Window}. */
export const windowSchema = z.strictObject({ ...openingShape, kind: z.literal('window') }) satisfies z.ZodType<Window>;

/** Defaults applied by `createElement('window', …)`: 1.2 × 1.2 m, sill at 0.9 m. */
export const defaultWindow = {
  ...baseDefaults,
  name: 'Window',
  offset: metres(0),
  width: metres(1.2),
  height: metres(1.2),
  sill: metres(0.9),
} as const satisfies Partial<Window>;

/** Window record migrations (append-only). None yet. */
export const windowMigrations: readonly RecordMigration[] = [];
