/**
 * One record type (a storey, a connection, meta, or an element kind): its strict schema, the
 * rule that spans fields together with the fields that rule reads, its immutable fields and its
 * migrations, as one object. The collab server validates merged writes through it alone
 * (see `validateRecordField.ts`), so it needs no knowledge of any record's fields.
 */
import { z } from 'zod';
import type { RecordMigration } from './recordMigration';
import { err, joinPath, modelError, type ModelError, type ModelErrorCode, type Result } from './result';
import { parseWith } from './validate';

/** A zod object shape: field name to field schema. */
export type RecordShape = z.core.$ZodLooseShape;

/** What a strict object of `S` parses to. */
export type RecordOutput<S extends RecordShape> = z.output<z.ZodObject<S, z.core.$strict>>;

/**
 * A rule that spans several fields of a record (a wall's ends differ). `reads` names every field
 * `check` reads: a merge of concurrent edits can only break the rule by writing one of them, so
 * the collab server re-checks the whole record exactly then (SPEC.md rule 5).
 */
export interface CrossFieldRule<T> {
  /** Every field `check` reads. */
  readonly reads: readonly (keyof T & string)[];
  /** Runs on a record whose fields each passed their own schema; calls `report` once per problem. */
  check(record: T, report: (field: keyof T & string, message: string) => void): void;
}

/** Everything the model knows about one record type, read by validators and the collab server. */
export interface RecordType<T = unknown> {
  /** Prefix of error messages: `storey`, `connection`, `meta`, or the element kind. */
  readonly label: string;
  /** The strict schema of the whole record, cross-field rule included. */
  readonly schema: z.ZodType<T>;
  /** Each field's own schema (field-level refinements only). */
  readonly fields: Readonly<Record<string, z.ZodType>>;
  /** Fields that never change once the record exists. */
  readonly immutable: readonly string[];
  /** The rule spanning fields, if the type has one (its schema runs it; exposed for the fields it reads). */
  readonly crossField?: {
    readonly reads: readonly string[];
    check(record: T, report: (field: string, message: string) => void): void;
  };
  /** Record migrations (append-only). */
  readonly migrations: readonly RecordMigration[];
  /** The whole record; issue paths are relative to it. */
  validate(input: unknown): Result<T, ModelError>;
  /**
   * One field against its own schema, without the cross-field rule. Issue paths are relative to
   * the record (`thickness`, `a[0]`); a field the type does not have is `is not a known field`.
   */
  validateField(field: string, value: unknown): Result<unknown, ModelError>;
}

/** The definition {@link defineRecordType} builds a {@link RecordType} from. */
export interface RecordTypeInit<S extends RecordShape> {
  readonly label: string;
  readonly code: ModelErrorCode;
  readonly shape: S;
  readonly crossField?: CrossFieldRule<RecordOutput<S>>;
  readonly immutable?: readonly (keyof S & string)[];
  readonly migrations?: readonly RecordMigration[];
}

/** A {@link RecordType} whose schema keeps its zod object type (for discriminated unions). */
export type RecordTypeOf<S extends RecordShape> = RecordType<RecordOutput<S>> & { readonly schema: z.ZodObject<S, z.core.$strict> };

/** Builds a {@link RecordType}: the strict schema of `shape`, refined by `crossField.check`. */
export function defineRecordType<S extends RecordShape>(init: RecordTypeInit<S>): RecordTypeOf<S> {
  const { label, code, shape, crossField } = init;
  const object = z.strictObject(shape);
  const schema = crossField
    ? object.superRefine((record, ctx) => {
        crossField.check(record as RecordOutput<S>, (field, message) => ctx.addIssue({ code: 'custom', path: [field], message }));
      })
    : object;
  const fields = schema.shape as Readonly<Record<string, z.ZodType>>;
  return {
    label,
    schema: schema as z.ZodObject<S, z.core.$strict>,
    fields,
    immutable: init.immutable ?? [],
    crossField,
    migrations: init.migrations ?? [],
    validate: (input) => parseWith(schema, input, code, label) as Result<RecordOutput<S>, ModelError>,
    validateField(field, value) {
      // Own fields only: `constructor` or `toString` written by a client is an unknown field.
      const fieldSchema = Object.hasOwn(fields, field) ? fields[field] : undefined;
      if (fieldSchema === undefined) return err(modelError(code, label, [{ path: field, message: 'is not a known field' }]));
      const parsed = parseWith(fieldSchema, value, code, joinPath(label, field));
      if (parsed.ok) return parsed;
      return err(modelError(code, label, parsed.error.issues.map((issue) => ({ path: joinPath(field, issue.path), message: issue.message }))));
    },
  };
}
