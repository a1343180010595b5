/**
 * Validation of a merged update against lib/model (SPEC.md rule 5), run on the scratch copy
 * (`after`) with the live document as the state before it (`before`). This file only walks the
 * records an update touched; what is valid (record and field schemas, immutable fields, the
 * fields each cross-field rule reads) is lib/model's `validateRecordField.ts`.
 *
 * - New records (absent before, or replaced by a new Y.Map) and new meta: the whole record.
 * - Existing records and meta: each field the update wrote, with that field's own schema
 *   (so `wall.thickness = -1` is refused), plus the record's immutable fields (`id`, an
 *   element's `kind`, and any its kind adds). Rules that span fields
 *   (a wall's ends differ, an equipment path starts with its system, a connection's ends differ)
 *   are NOT enforced on existing records: concurrent edits to different fields, each valid,
 *   can break them, and refusing the later writer would refuse a valid edit. Such merges are
 *   accepted and counted (`mergeInvalid`); lib/doc's typed reads leave those records out and
 *   report them.
 * - References between records (storey exists, host wall, connection ends) are not enforced for
 *   the same reason (deleting a wall while someone adds a door to it).
 */
import * as Y from 'yjs';
import {
  ELEMENT_REGISTRY,
  crossFieldReads,
  immutableFields,
  isKeyedCollection,
  RECORD_COLLECTIONS,
  recordTypeOf,
  validateMeta,
  validateRecord,
  validateRecordField,
  type ElementRegistry,
  type KeyedCollection,
  type ModelIssue,
} from '@/lib/model';
import type { FieldWrite } from './fieldWrites';
import type { TouchedKey, TouchedRoots } from './touchedRecords';
import type { FastPath } from './UpdateGate';

/** Outcome of validating one update. */
export interface ChangeCheck {
  /** Problems the update itself caused: non-empty means reject. Paths like `elements.w1.thickness`. */
  issues: ModelIssue[];
  /** Records left failing a cross-field rule by a merge (accepted; see the module comment). */
  mergeInvalid: string[];
}

/**
 * A validator of one document kind. `writer` is the user whose update it is (the connection's
 * token `sub`); undefined for the server's own writes.
 */
export type ChangeValidator = (touched: TouchedRoots, before: Y.Doc, after: Y.Doc, writer?: string) => ChangeCheck;

/** The model document's validators over one element registry. */
export interface ModelValidators {
  /** Validates what an update touched, on the scratch copy (`after`) against the live doc (`before`). */
  validate: ChangeValidator;
  /** The gate's fast path: the record collections, and their field writes checked without the scratch copy. */
  fastPath: FastPath;
}

/**
 * The model document's validators (ARCHITECTURE.md section 2 layout) for the element kinds of
 * `elements`; the built-in kinds by default. The fast path applies the same per-field rules as
 * the scratch-copy one for fields of existing records, checked on the written values.
 */
export function createModelValidators(elements: ElementRegistry = ELEMENT_REGISTRY): ModelValidators {
  const validate: ChangeValidator = (touched, before, after) => {
    const out: ChangeCheck = { issues: [], mergeInvalid: [] };
    for (const [root, keys] of touched) {
      if (root === 'meta') checkMeta(keys, before, after, out);
      else if (isKeyedCollection(root)) {
        for (const [id, key] of keys) checkRecord(root, id, key, before, after, out, elements);
      } else out.issues.push({ path: root, message: 'is not part of the model document (meta, storeys, elements, connections)' });
    }
    return out;
  };
  return { validate, fastPath: { collections: RECORD_COLLECTIONS, validate: (writes) => checkFieldWrites(writes, elements) } };
}

const BUILT_IN = createModelValidators();

/** The model document's validator for the built-in element kinds. */
export const validateModelChange: ChangeValidator = BUILT_IN.validate;

/**
 * The model validator for the gate's fast path (fieldWrites.ts), for the built-in element kinds.
 * Null defers to the scratch copy (an immutable field written, a collection it does not know).
 */
export const validateModelFieldWrites: FastPath['validate'] = BUILT_IN.fastPath.validate;

function checkFieldWrites(writes: readonly FieldWrite[], elements: ElementRegistry): ChangeCheck | null {
  const out: ChangeCheck = { issues: [], mergeInvalid: [] };
  const byRecord = new Map<Y.Map<unknown>, FieldWrite[]>();
  for (const write of writes) {
    if (!isKeyedCollection(write.collection)) return null;
    if (immutableFields(write.collection, write.record.get('kind'), elements).includes(write.field)) return null;
    const list = byRecord.get(write.record);
    if (list) list.push(write);
    else byRecord.set(write.record, [write]);
  }
  for (const [record, recordWrites] of byRecord) {
    const { collection, recordId } = recordWrites[0]! as FieldWrite & { collection: KeyedCollection };
    const prefix = `${collection}.${recordId}`;
    const kind = record.get('kind');
    const type = recordTypeOf(collection, kind, elements);
    if (type === undefined) {
      out.issues.push({ path: `${prefix}.kind`, message: 'is not a known element kind' });
      continue;
    }
    const issuesBefore = out.issues.length;
    for (const { field, value } of recordWrites) {
      const checked = type.validateField(field, value);
      if (!checked.ok) prefixInto(out.issues, prefix, checked.error.issues);
    }
    if (out.issues.length !== issuesBefore) continue;
    const reads = type.crossField?.reads ?? [];
    if (recordWrites.some((w) => reads.includes(w.field))) {
      const after = { ...(record.toJSON() as Record<string, unknown>), ...Object.fromEntries(recordWrites.map((w) => [w.field, w.value])) };
      if (!validateRecord(collection, after, elements).ok) out.mergeInvalid.push(prefix);
    }
  }
  return out;
}

/** The review document's validator: only `threads`, each thread a Y.Map (light by design). */
function checkMeta(keys: Map<string | null, TouchedKey>, before: Y.Doc, after: Y.Doc, out: ChangeCheck): void {
  const meta = after.getMap('meta');
  if (before.getMap('meta').size === 0) {
    // A new building: the whole meta must be valid (initBuildingDoc writes it in one transaction).
    const whole = validateMeta(meta.toJSON());
    if (!whole.ok) prefixInto(out.issues, 'meta', whole.error.issues);
    return;
  }
  for (const field of keys.keys()) {
    if (field === null) out.issues.push({ path: 'meta', message: 'must be a map of fields' });
    else {
      const checked = validateRecordField('meta', undefined, field, plainValue(meta.get(field)));
      if (!checked.ok) prefixInto(out.issues, 'meta', checked.error.issues);
    }
  }
}

function checkRecord(
  collection: KeyedCollection,
  id: string | null,
  key: TouchedKey,
  before: Y.Doc,
  after: Y.Doc,
  out: ChangeCheck,
  elements: ElementRegistry,
): void {
  if (id === null) {
    out.issues.push({ path: collection, message: 'must be a map keyed by record id' });
    return;
  }
  const prefix = `${collection}.${id}`;
  const record = currentItem(after.getMap(collection), id);
  if (record === undefined) return; // deleted
  const value = record.content.getContent()[0];
  if (!(value instanceof Y.Map)) {
    out.issues.push({ path: prefix, message: 'must be a Y.Map record' });
    return;
  }
  const previous = currentItem(before.getMap(collection), id);
  const isNew = previous === undefined || !Y.compareIDs(previous.id, record.id);
  if (isNew) {
    const whole = validateRecord(collection, value.toJSON(), elements);
    if (!whole.ok) prefixInto(out.issues, prefix, whole.error.issues);
    else if ((whole.value as { id: string }).id !== id) out.issues.push({ path: `${prefix}.id`, message: `must equal its key "${id}"` });
    return;
  }
  // An existing record: only the fields written, read one by one (no copy of the whole record).
  const previousMap = previous.content.getContent()[0] as Y.Map<unknown>;
  const kind = value.get('kind');
  const immutable = immutableFields(collection, kind, elements);
  const issuesBefore = out.issues.length;
  for (const field of key.fields) {
    if (field === null) {
      out.issues.push({ path: prefix, message: 'must be a map of fields' });
      continue;
    }
    const written = plainValue(value.get(field));
    if (immutable.includes(field) && JSON.stringify(written) !== JSON.stringify(plainValue(previousMap.get(field)))) {
      out.issues.push({ path: `${prefix}.${field}`, message: 'is immutable' });
    } else {
      const checked = validateRecordField(collection, kind, field, written, elements);
      if (!checked.ok) prefixInto(out.issues, prefix, checked.error.issues);
    }
  }
  if (out.issues.length !== issuesBefore) return;
  const reads = crossFieldReads(collection, kind, elements);
  if ([...key.fields].some((f) => f !== null && reads.includes(f)) && !validateRecord(collection, value.toJSON(), elements).ok) out.mergeInvalid.push(prefix);
}

function plainValue(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.toJSON() : value;
}

/** The live (not deleted) item under `key` of a map. */
function currentItem(map: Y.Map<unknown>, key: string): Y.Item | undefined {
  const item = map._map.get(key);
  return item !== undefined && !item.deleted ? item : undefined;
}

function prefixInto(target: ModelIssue[], prefix: string, issues: readonly ModelIssue[]): void {
  for (const issue of issues) target.push({ path: issue.path === '' ? prefix : `${prefix}.${issue.path}`, message: issue.message });
}
