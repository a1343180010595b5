/** Storeys (levels): named horizontal slices of the building that elements belong to. */
import { z } from 'zod';
import { idSchema, newId } from './ids';
import { mergePatch } from './patch';
import type { RawRecord, RecordMigration } from './recordMigration';
import type { ModelError, Result } from './result';
import { metres, metresSchema, positiveMetresSchema, type Metres } from './units';
import { parseWith } from './validate';

/** A storey. */
export type Storey = {
  readonly id: string;
  readonly name: string;
  /** Elevation of the storey's floor above the building datum. */
  readonly elevation: Metres;
  /** Floor-to-floor height. > 0. */
  readonly height: Metres;
  /** Sort key, bottom to top (integer; may be negative for basements). */
  readonly order: number;
};

/** Strict validator for {@link Storey}. */
export const storeySchema = z.strictObject({
  id: idSchema,
  name: z.string().max(200),
  elevation: metresSchema,
  height: positiveMetresSchema,
  order: z.int(),
}) satisfies z.ZodType<Storey>;

/** Defaults used by {@link createStorey}. */
export const defaultStorey = { name: 'Level', elevation: metres(0), height: metres(3), order: 0 } as const satisfies Partial<Storey>;

/** Storey record migrations (append-only). None yet. */
export const storeyMigrations: readonly RecordMigration[] = [];

/** Validates unknown input as a {@link Storey}; messages look like `storey.height: must be greater than 0`. */
export function validateStorey(input: unknown): Result<Storey, ModelError> {
  return parseWith(storeySchema, input, 'invalid_storey', 'storey');
}

/** Applies a patch (`id` immutable) and validates the result. */
export function validateStoreyPatch(existing: Readonly<RawRecord>, patch: unknown): Result<Storey, ModelError> {
  const merged = mergePatch(existing, patch, 'storey', ['id']);
  return merged.ok ? validateStorey(merged.value) : merged;
}

/** Creates a validated storey from `fields` plus {@link defaultStorey}; a missing id gets a UUID. */
export function createStorey(fields: Partial<Storey>): Result<Storey, ModelError> {
  return validateStorey({ ...defaultStorey, id: newId(), ...fields });
}
