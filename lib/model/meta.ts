/** Building metadata: one record per building document. */
import { z } from 'zod';
import { mergePatch } from './patch';
import { defineRecordType, type RecordType } from './defineRecordType';
import type { RawRecord } from './recordMigration';
import type { ModelError, Result } from './result';
import { CURRENT_SCHEMA_VERSION } from './schemaVersion';
import { radians, radiansSchema, type Radians } from './units';

/** Building metadata. */
export type Meta = {
  /** Schema version of the stored data; always {@link CURRENT_SCHEMA_VERSION} once migrated. */
  readonly schemaVersion: typeof CURRENT_SCHEMA_VERSION;
  /** Building name. Non-empty. */
  readonly name: string;
  /** Postal address (may be empty). */
  readonly address: string;
  /** Length unit of every coordinate. Always metres. */
  readonly units: 'm';
  /** Angle from plan +y to true north, counter-clockwise. */
  readonly north: Radians;
  /** Creation time, ISO 8601 (with `Z` or an offset). */
  readonly createdAt: string;
};

/** The meta record type at the current schema version: `schemaVersion` and `units` immutable. */
export const metaType = defineRecordType({
  label: 'meta',
  code: 'invalid_meta',
  shape: {
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION, {
      error: `must be ${CURRENT_SCHEMA_VERSION} (older data must be migrated first)`,
    }),
    name: z.string().min(1, 'must not be empty').max(200),
    address: z.string().max(500),
    units: z.literal('m'),
    north: radiansSchema,
    createdAt: z.iso.datetime({ offset: true }),
  },
  immutable: ['schemaVersion', 'units'],
  migrations: [{ id: 'meta-v0-to-v1-add-units', from: 0, to: 1, up: (meta) => ({ ...meta, units: meta.units ?? 'm' }) }],
}) satisfies RecordType<Meta>;

/** Strict validator for {@link Meta} at the current schema version. */
export const metaSchema = metaType.schema;

/** Meta record migrations (append-only). */
export const metaMigrations = metaType.migrations;

/** Validates unknown input as {@link Meta}; messages look like `meta.name: must not be empty`. */
export function validateMeta(input: unknown): Result<Meta, ModelError> {
  return metaType.validate(input);
}

/** Applies a patch and validates it. `schemaVersion` and `units` cannot be changed this way. */
export function validateMetaPatch(existing: Readonly<RawRecord>, patch: unknown): Result<Meta, ModelError> {
  const merged = mergePatch(existing, patch, 'meta', metaType.immutable);
  return merged.ok ? validateMeta(merged.value) : merged;
}

/** Fields accepted by {@link createMeta}. */
export type MetaInit = { name: string } & Partial<Pick<Meta, 'address' | 'north' | 'createdAt'>>;

/** Creates validated meta at the current schema version; `createdAt` defaults to now. */
export function createMeta(fields: MetaInit): Result<Meta, ModelError> {
  return validateMeta({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    address: '',
    units: 'm',
    north: radians(0),
    createdAt: new Date().toISOString(),
    ...fields,
  });
}
