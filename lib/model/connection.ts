/** Connections: directed links between two elements, e.g. a circuit feeding an outlet. */
import { z } from 'zod';
import { idSchema, newId } from './ids';
import { mergePatch } from './patch';
import type { RawRecord, RecordMigration } from './recordMigration';
import type { ModelError, Result } from './result';
import { parseWith } from './validate';

/** What flows through a connection. */
export const CONNECTION_MEDIA = ['power', 'air', 'water', 'data', 'gas', 'signal', 'steam', 'refrigerant', 'drainage', 'other'] as const;
/** One of {@link CONNECTION_MEDIA}. */
export type ConnectionMedium = (typeof CONNECTION_MEDIA)[number];

/** A directed connection `from` → `to` between two different elements. */
export type Connection = {
  readonly id: string;
  /** Source element id (e.g. the panel). */
  readonly from: string;
  /** Target element id (e.g. the outlet). */
  readonly to: string;
  readonly medium: ConnectionMedium;
};

/** Strict validator for {@link Connection}. */
export const connectionSchema = z
  .strictObject({ id: idSchema, from: idSchema, to: idSchema, medium: z.enum(CONNECTION_MEDIA) })
  .superRefine((c, ctx) => {
    if (c.from === c.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must differ from "from" (an element cannot feed itself)' });
  }) satisfies z.ZodType<Connection>;

/** Connection record migrations (append-only). None yet. */
export const connectionMigrations: readonly RecordMigration[] = [];

/** Validates unknown input as a {@link Connection}; messages look like `connection.medium: must be one of …`. */
export function validateConnection(input: unknown): Result<Connection, ModelError> {
  return parseWith(connectionSchema, input, 'invalid_connection', 'connection');
}

/** Applies a patch (`id` immutable) and validates the result. */
export function validateConnectionPatch(existing: Readonly<RawRecord>, patch: unknown): Result<Connection, ModelError> {
  const merged = mergePatch(existing, patch, 'connection', ['id']);
  return merged.ok ? validateConnection(merged.value) : merged;
}

/** Creates a validated connection; a missing id gets a UUID. */
export function createConnection(fields: Omit<Connection, 'id'> & { id?: string }): Result<Connection, ModelError> {
  return validateConnection({ id: newId(), ...fields });
}
