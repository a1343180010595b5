/** Connections: directed links between two elements, e.g. a circuit feeding an outlet. */
import { z } from 'zod';
import { idSchema, newId } from './ids';
import { defineRecordType, type RecordType } from './defineRecordType';
import type { ModelError, Result } from './result';

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

/** The connection record type: `id` immutable; its ends differ. */
export const connectionType = defineRecordType({
  label: 'connection',
  code: 'invalid_connection',
  shape: { id: idSchema, from: idSchema, to: idSchema, medium: z.enum(CONNECTION_MEDIA) },
  crossField: {
    reads: ['from', 'to'],
    check(connection, report) {
      if (connection.from === connection.to) report('to', 'must differ from "from" (an element cannot feed itself)');
    },
  },
  immutable: ['id'],
}) satisfies RecordType<Connection>;

/** Strict validator for {@link Connection}. */
export const connectionSchema = connectionType.schema;

/** Connection record migrations (append-only). None yet. */
export const connectionMigrations = connectionType.migrations;

/** Validates unknown input as a {@link Connection}; messages look like `connection.medium: must be one of …`. */
export function validateConnection(input: unknown): Result<Connection, ModelError> {
  return connectionType.validate(input);
}

/** Creates a validated connection; a missing id gets a UUID. */
export function createConnection(fields: Omit<Connection, 'id'> & { id?: string }): Result<Connection, ModelError> {
  return validateConnection({ id: newId(), ...fields });
}
