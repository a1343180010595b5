/**
 * The element registry: every per-kind table (kinds, schemas, defaults, migrations, the element
 * union schema) derived from one list of kind definitions, plus validation and creation over
 * them. The built-in registry is `ELEMENT_REGISTRY` (elements/index.ts); a test or an importer
 * that needs another kind builds its own from the built-in kinds plus its definition.
 */
import { z } from 'zod';
import { newId } from '../ids';
import { isRecord, mergePatch } from '../patch';
import type { RawRecord, RecordMigration } from '../recordMigration';
import { err, modelError, type ModelError, type Result } from '../result';
import { ELEMENT_IMMUTABLE_FIELDS, type AnyElementKind } from './defineElementKind';

type KindsOf<Kinds extends readonly AnyElementKind[]> = Kinds[number];
type KindName<Kinds extends readonly AnyElementKind[]> = KindsOf<Kinds>['kind'];
type ByKind<Kinds extends readonly AnyElementKind[], P extends keyof AnyElementKind> = {
  readonly [Def in KindsOf<Kinds> as Def['kind']]: Def[P];
};

/** The tables and operations of one set of element kinds. */
export interface ElementRegistry<Kinds extends readonly AnyElementKind[] = readonly AnyElementKind[]> {
  /** Every kind, in registration order. */
  readonly kinds: readonly KindName<Kinds>[];
  /** Per-kind strict schemas. */
  readonly schemas: ByKind<Kinds, 'schema'>;
  /** Per-kind defaults applied by {@link ElementRegistry.create}. */
  readonly defaults: ByKind<Kinds, 'defaults'>;
  /** Per-kind record migrations (append-only lists). */
  readonly migrations: Readonly<Record<KindName<Kinds>, readonly RecordMigration[]>>;
  /** Validator for any element of these kinds (discriminated on `kind`). */
  readonly schema: z.ZodType;
  /** Type guard for the kinds of this registry. */
  isKind(value: unknown): value is KindName<Kinds>;
  /** The definition of `kind`, or undefined for a kind this registry does not have. */
  definitionOf(kind: unknown): KindsOf<Kinds> | undefined;
  /**
   * Validates unknown input as an element of one of these kinds. Messages name the kind and
   * field, e.g. `wall.thickness: must be greater than 0`.
   */
  validate(input: unknown): Result<unknown, ModelError>;
  /**
   * Applies `patch` to `existing` and validates the result. The kind's immutable fields (`id`
   * and `kind` at least) may be repeated unchanged; a key set to `undefined` removes an optional
   * field. `existing` may be a raw record, so a patch can repair an invalid stored record.
   */
  validatePatch(existing: Readonly<RawRecord>, patch: unknown): Result<unknown, ModelError>;
  /** Creates a validated element from `fields` plus the kind's defaults; a missing `id` gets a UUID. */
  create(kind: KindName<Kinds>, fields: Readonly<RawRecord>): Result<unknown, ModelError>;
}

/** Builds the {@link ElementRegistry} of `kinds`. Throws on an empty list or a kind listed twice. */
export function createElementRegistry<const Kinds extends readonly AnyElementKind[]>(kinds: Kinds): ElementRegistry<Kinds> {
  const byKind = new Map<string, KindsOf<Kinds>>();
  for (const definition of kinds) {
    if (byKind.has(definition.kind)) throw new Error(`element kind "${definition.kind}" is registered twice`);
    byKind.set(definition.kind, definition);
  }
  const [first, ...rest] = kinds.map((k) => k.schema);
  if (first === undefined) throw new Error('an element registry needs at least one kind');
  const table = <P extends keyof AnyElementKind>(property: P) => Object.fromEntries(kinds.map((k) => [k.kind, k[property]]));
  const names = kinds.map((k) => k.kind) as KindName<Kinds>[];
  const expected = names.map((k) => `"${k}"`).join(', ');

  const definitionOf = (kind: unknown): KindsOf<Kinds> | undefined => (typeof kind === 'string' ? byKind.get(kind) : undefined);
  const validate = (input: unknown): Result<unknown, ModelError> => {
    if (!isRecord(input)) return err(modelError('invalid_element', 'element', [{ path: '', message: 'must be an object' }]));
    const definition = definitionOf(input.kind);
    if (definition === undefined) {
      const message = input.kind === undefined ? 'is required' : `must be one of ${expected}`;
      return err(modelError('invalid_element', 'element', [{ path: 'kind', message }]));
    }
    return definition.validate(input);
  };

  return {
    kinds: names,
    schemas: table('schema') as ByKind<Kinds, 'schema'>,
    defaults: table('defaults') as ByKind<Kinds, 'defaults'>,
    migrations: table('migrations') as Record<KindName<Kinds>, readonly RecordMigration[]>,
    schema: z.discriminatedUnion('kind', [first, ...rest]),
    isKind: (value): value is KindName<Kinds> => definitionOf(value) !== undefined,
    definitionOf,
    validate,
    validatePatch(existing, patch) {
      const definition = definitionOf(existing.kind);
      const label = typeof existing.kind === 'string' ? existing.kind : 'element';
      const merged = mergePatch(existing, patch, label, definition?.immutable ?? ELEMENT_IMMUTABLE_FIELDS);
      return merged.ok ? validate(merged.value) : merged;
    },
    create(kind, fields) {
      const definition = byKind.get(kind);
      const input: RawRecord = { ...definition?.defaults, ...fields, kind };
      if (input.id === undefined) input.id = newId();
      for (const [field, derive] of Object.entries(definition?.derivedDefaults ?? {}) as [string, (f: Readonly<RawRecord>) => unknown][]) {
        if (input[field] !== undefined) continue;
        const value = derive(input);
        if (value !== undefined) input[field] = value;
      }
      return validate(input);
    },
  };
}
