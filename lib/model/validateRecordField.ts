/**
 * The model's rules for one record of a building document, by collection: the whole record,
 * one field of it, its immutable fields and the fields its cross-field rule reads. The collab
 * server validates merged writes with these alone (SPEC.md rule 5). Element rules come from an
 * element registry: the built-in one unless another is passed (a test adding a kind).
 */
import type { RecordType } from './defineRecordType';
import { connectionType } from './connection';
import type { ElementRegistry } from './elements/createElementRegistry';
import { ELEMENT_IMMUTABLE_FIELDS } from './elements/defineElementKind';
import { ELEMENT_REGISTRY } from './elements';
import { metaType } from './meta';
import { err, modelError, type ModelError, type Result } from './result';
import { storeyType } from './storey';

/** The top-level maps of a model document: meta, and the three collections of records. */
export type RecordCollection = 'meta' | 'storeys' | 'elements' | 'connections';

/** The collections keyed by record id (every top-level map but `meta`). */
export const RECORD_COLLECTIONS = ['storeys', 'elements', 'connections'] as const;

/** One of {@link RECORD_COLLECTIONS}. */
export type KeyedCollection = (typeof RECORD_COLLECTIONS)[number];

/** True for a collection keyed by record id. */
export function isKeyedCollection(name: string): name is KeyedCollection {
  return (RECORD_COLLECTIONS as readonly string[]).includes(name);
}

/** Fields immutable in every record of a collection (an element kind may add its own). */
export const IMMUTABLE_FIELDS: Readonly<Record<RecordCollection, readonly string[]>> = {
  meta: metaType.immutable,
  storeys: storeyType.immutable,
  elements: ELEMENT_IMMUTABLE_FIELDS,
  connections: connectionType.immutable,
};

/**
 * The record type of a record in `collection`; for elements, of kind `kind` in `elements`
 * (undefined for a kind the registry does not have).
 */
export function recordTypeOf(collection: RecordCollection, kind: unknown, elements: ElementRegistry = ELEMENT_REGISTRY): RecordType | undefined {
  switch (collection) {
    case 'meta':
      return metaType;
    case 'storeys':
      return storeyType;
    case 'connections':
      return connectionType;
    case 'elements':
      return elements.definitionOf(kind);
  }
}

/** A whole record of `collection`; issue paths are relative to the record. */
export function validateRecord(collection: RecordCollection, input: unknown, elements: ElementRegistry = ELEMENT_REGISTRY): Result<unknown, ModelError> {
  return collection === 'elements' ? elements.validate(input) : recordTypeOf(collection, undefined)!.validate(input);
}

/**
 * One field of a record of `collection` (of element kind `kind`) against that field's own
 * schema, without the rules that span fields (see {@link crossFieldReads}). Issue paths are
 * relative to the record: `thickness`, `a[0]`; `kind` when the kind is unknown.
 */
export function validateRecordField(
  collection: RecordCollection,
  kind: unknown,
  field: string,
  value: unknown,
  elements: ElementRegistry = ELEMENT_REGISTRY,
): Result<unknown, ModelError> {
  const type = recordTypeOf(collection, kind, elements);
  if (type === undefined) return err(modelError('invalid_element', 'element', [{ path: 'kind', message: 'is not a known element kind' }]));
  return type.validateField(field, value);
}

/** The fields of a record that never change once it exists. */
export function immutableFields(collection: RecordCollection, kind: unknown, elements: ElementRegistry = ELEMENT_REGISTRY): readonly string[] {
  return recordTypeOf(collection, kind, elements)?.immutable ?? IMMUTABLE_FIELDS[collection];
}

/**
 * The fields the record's cross-field rule reads. A merge of concurrent writes, each field valid
 * on its own, can only break that rule by writing one of them.
 */
export function crossFieldReads(collection: RecordCollection, kind: unknown, elements: ElementRegistry = ELEMENT_REGISTRY): readonly string[] {
  return recordTypeOf(collection, kind, elements)?.crossField?.reads ?? [];
}
