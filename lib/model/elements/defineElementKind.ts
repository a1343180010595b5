/**
 * One element kind as one definition: its fields, the rule spanning fields with the fields it
 * reads, its immutable fields, defaults and migrations. Every kind file exports one, and the
 * registry (`createElementRegistry`) derives all per-kind tables from the list of them.
 */
import { z } from 'zod';
import { defineRecordType, type CrossFieldRule, type RecordOutput, type RecordType, type RecordTypeOf } from '../defineRecordType';
import type { RawRecord, RecordMigration } from '../recordMigration';
import { baseDefaults, elementBaseShape } from './base';

/** Fields every element has whatever its kind. */
export const ELEMENT_IMMUTABLE_FIELDS = ['id', 'kind'] as const;

/** The full zod shape of kind `K` with kind fields `S`: the shared base fields, `kind`, then `S`. */
export type ElementShape<K extends string, S extends z.core.$ZodLooseShape> = typeof elementBaseShape & { kind: z.ZodLiteral<K> } & S;

/** What an element of kind `K` with kind fields `S` parses to. */
export type ElementOutput<K extends string, S extends z.core.$ZodLooseShape> = RecordOutput<ElementShape<K, S>>;

/** Computes a default from the other fields given to `createElement`; undefined leaves the field absent. */
export type DerivedDefault = (fields: Readonly<RawRecord>) => unknown;

/** An element kind, as {@link defineElementKind} builds it. */
export interface ElementKindDefinition<
  K extends string = string,
  T = unknown,
  D extends object = object,
  DD extends object = object,
> extends RecordType<T> {
  /** The `kind` discriminator. */
  readonly kind: K;
  /** The strict zod object (base fields, `kind`, kind fields), cross-field rule included. */
  readonly schema: z.ZodObject<z.core.$ZodLooseShape, z.core.$strict> & z.ZodType<T>;
  /** Defaults `createElement` applies (the shared `props: {}` included). */
  readonly defaults: D;
  /** Defaults computed from other fields, by field. */
  readonly derivedDefaults: DD;
}

/** Any element kind definition. */
export type AnyElementKind = ElementKindDefinition<string, unknown, object, object>;

/** What {@link defineElementKind} takes. */
export interface ElementKindInit<
  K extends string,
  S extends z.core.$ZodLooseShape,
  D extends Partial<ElementOutput<K, S>>,
  DK extends keyof S & string,
> {
  /** The `kind` discriminator, unique in a registry. */
  readonly kind: K;
  /** The kind's own fields (the shared base fields and `kind` are added). */
  readonly shape: S;
  /** The rule spanning fields, with every field it reads. */
  readonly crossField?: CrossFieldRule<ElementOutput<K, S>>;
  /** Kind fields that never change once the element exists (`id` and `kind` never do). */
  readonly immutable?: readonly (keyof S & string)[];
  /** Defaults `createElement` applies when a field is not given. */
  readonly defaults: D;
  /** Defaults computed from the other fields (applied after `defaults`). */
  readonly derivedDefaults?: { readonly [F in DK]: DerivedDefault };
  /** Record migrations (append-only). */
  readonly migrations?: readonly RecordMigration[];
}

/**
 * Defines an element kind: builds its strict schema from the base fields, `kind` and `shape`,
 * refined by `crossField.check`, so the fields a rule reads and the rule are one object.
 */
export function defineElementKind<
  const K extends string,
  S extends z.core.$ZodLooseShape,
  const D extends Partial<ElementOutput<K, S>>,
  DK extends keyof S & string = never,
>(
  init: ElementKindInit<K, S, D, DK>,
): ElementKindDefinition<K, ElementOutput<K, S>, typeof baseDefaults & D, { readonly [F in DK]: DerivedDefault }> & {
  readonly schema: RecordTypeOf<ElementShape<K, S>>['schema'];
} {
  const shape = { ...elementBaseShape, kind: z.literal(init.kind), ...init.shape } as ElementShape<K, S>;
  const record = defineRecordType({
    label: init.kind,
    code: 'invalid_element',
    shape,
    crossField: init.crossField,
    immutable: [...ELEMENT_IMMUTABLE_FIELDS, ...(init.immutable ?? [])],
    migrations: init.migrations,
  });
  return {
    ...record,
    kind: init.kind,
    defaults: { ...baseDefaults, ...init.defaults },
    derivedDefaults: init.derivedDefaults ?? ({} as { readonly [F in DK]: DerivedDefault }),
  };
}
