/** Storeys (levels): named horizontal slices of the building that elements belong to. */
import { z } from 'zod';
import { idSchema, newId } from './ids';
import { mergePatch } from './patch';
import { defineRecordType, type RecordType } from './defineRecordType';
import type { RawRecord } from './recordMigration';
import type { ModelError, Result } from './result';
import { metres, metresSchema, positiveMetresSchema, type Metres } from './units';

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

/** The storey record type: `id` immutable, no cross-field rule. */
export const storeyType = defineRecordType({
  label: 'storey',
  code: 'invalid_storey',
  shape: { id: idSchema, name: z.string().max(200), elevation: metresSchema, height: positiveMetresSchema, order: z.int() },
  immutable: ['id'],
}) satisfies RecordType<Storey>;

/** Strict validator for {@link Storey}. */
export const storeySchema = storeyType.schema;

/** Defaults used by {@link createStorey}. */
export const defaultStorey = { name: 'Level', elevation: metres(0), height: metres(3), order: 0 } as const satisfies Partial<Storey>;

/** Storey record migrations (append-only). None yet. */
export const storeyMigrations = storeyType.migrations;

/** Validates unknown input as a {@link Storey}; messages look like `storey.height: must be greater than 0`. */
export function validateStorey(input: unknown): Result<Storey, ModelError> {
  return storeyType.validate(input);
}

/** Applies a patch (`id` immutable) and validates the result. */
export function validateStoreyPatch(existing: Readonly<RawRecord>, patch: unknown): Result<Storey, ModelError> {
  const merged = mergePatch(existing, patch, 'storey', storeyType.immutable);
  return merged.ok ? validateStorey(merged.value) : merged;
}

/** Creates a validated storey from `fields` plus {@link defaultStorey}; a missing id gets a UUID. */
export function createStorey(fields: Partial<Storey>): Result<Storey, ModelError> {
  return validateStorey({ ...defaultStorey, id: newId(), ...fields });
}
