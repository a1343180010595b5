/**
 * Validation of a merged update against lib/model (SPEC.md rule 5), run on the scratch copy
 * (`after`) with the live document as the state before it (`before`).
 *
 * - New records (absent before, or replaced by a new Y.Map) and new meta: the whole record.
 * - Existing records and meta: each field the update wrote, with that field's own schema
 *   (so `wall.thickness = -1` is refused), plus immutable `id` / `kind`. Rules that span fields
 *   (a wall's ends differ, an equipment path starts with its system, a connection's ends differ)
 *   are NOT enforced on existing records: concurrent edits to different fields, each valid,
 *   can break them, and refusing the later writer would refuse a valid edit. Such merges are
 *   accepted and counted (`mergeInvalid`); lib/doc's typed reads leave those records out and
 *   report them.
 * - References between records (storey exists, host wall, connection ends) are not enforced for
 *   the same reason (deleting a wall while someone adds a door to it).
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import {
  ELEMENT_SCHEMAS,
  connectionSchema,
  isElementKind,
  metaSchema,
  parseWith,
  storeySchema,
  validateConnection,
  validateElement,
  validateMeta,
  validateStorey,
  type ModelError,
  type ModelIssue,
  type Result,
} from '@/lib/model';
import type { FieldWrite } from './fieldWrites';
import type { TouchedKey, TouchedRoots } from './touchedRecords';

/** Outcome of validating one update. */
export interface ChangeCheck {
  /** Problems the update itself caused: non-empty means reject. Paths like `elements.w1.thickness`. */
  issues: ModelIssue[];
  /** Records left failing a cross-field rule by a merge (accepted; see the module comment). */
  mergeInvalid: string[];
}

/** A validator of one document kind. */
export type ChangeValidator = (touched: TouchedRoots, before: Y.Doc, after: Y.Doc) => ChangeCheck;

type Collection = 'storeys' | 'elements' | 'connections';
/** A strict object schema; its `shape` gives each field's own schema. */
type ObjectSchema = { shape: Record<string, z.ZodType | undefined> };

const WHOLE: Record<Collection, (raw: unknown) => Result<{ id: string }, ModelError>> = {
  storeys: validateStorey,
  elements: validateElement,
  connections: validateConnection,
};
const IMMUTABLE: Record<Collection, readonly string[]> = { storeys: ['id'], elements: ['id', 'kind'], connections: ['id'] };

/**
 * The fields each object-level (cross-field) rule of lib/model reads, per collection and, for
 * elements, per kind. A merge can only leave a record failing such a rule if it wrote one of
 * these fields, so the whole-record check for `mergeInvalid` runs only then (it costs as much as
 * the rest of the validation). test/unit/collab/validateChange.test.ts fails if a schema gains
 * an object-level rule that is not listed here.
 */
export const CROSS_FIELD_KEYS: {
  storeys: readonly string[];
  connections: readonly string[];
  elements: Partial<Record<string, readonly string[]>>;
} = {
  storeys: [],
  connections: ['from', 'to'],
  elements: { wall: ['a', 'b'], equipment: ['path', 'system'] },
};

function crossFieldKeys(collection: Collection, kind: unknown): readonly string[] {
  if (collection !== 'elements') return CROSS_FIELD_KEYS[collection];
  return (typeof kind === 'string' ? CROSS_FIELD_KEYS.elements[kind] : undefined) ?? [];
}

/** The model document's validator (ARCHITECTURE.md section 2 layout). */
export const validateModelChange: ChangeValidator = (touched, before, after) => {
  const out: ChangeCheck = { issues: [], mergeInvalid: [] };
  for (const [root, keys] of touched) {
    if (root === 'meta') checkMeta(keys, before, after, out);
    else if (root === 'storeys' || root === 'elements' || root === 'connections') {
      for (const [id, key] of keys) checkRecord(root, id, key, before, after, out);
    } else out.issues.push({ path: root, message: 'is not part of the model document (meta, storeys, elements, connections)' });
  }
  return out;
};

/**
 * The model validator for the gate's fast path (fieldWrites.ts): the same per-field rules as
 * {@link validateModelChange} for fields of existing records, checked on the written values.
 * Null defers to the scratch copy (an immutable field written, a collection it does not know).
 */
export function validateModelFieldWrites(writes: readonly FieldWrite[]): ChangeCheck | null {
  const out: ChangeCheck = { issues: [], mergeInvalid: [] };
  const byRecord = new Map<Y.Map<unknown>, FieldWrite[]>();
  for (const write of writes) {
    if (!isCollection(write.collection) || IMMUTABLE[write.collection].includes(write.field)) return null;
    const list = byRecord.get(write.record);
    if (list) list.push(write);
    else byRecord.set(write.record, [write]);
  }
  for (const [record, recordWrites] of byRecord) {
    const { collection, recordId } = recordWrites[0]! as FieldWrite & { collection: Collection };
    const prefix = `${collection}.${recordId}`;
    const kind = record.get('kind');
    const schema = recordSchema(collection, kind);
    if (schema === undefined) {
      out.issues.push({ path: `${prefix}.kind`, message: 'is not a known element kind' });
      continue;
    }
    const issuesBefore = out.issues.length;
    for (const { field, value } of recordWrites) checkField(schema, field, value, prefix, out);
    if (out.issues.length !== issuesBefore) continue;
    const crossField = crossFieldKeys(collection, kind);
    if (recordWrites.some((w) => crossField.includes(w.field))) {
      const after = { ...(record.toJSON() as Record<string, unknown>), ...Object.fromEntries(recordWrites.map((w) => [w.field, w.value])) };
      if (!WHOLE[collection](after).ok) out.mergeInvalid.push(prefix);
    }
  }
  return out;
}

function isCollection(name: string): name is Collection {
  return name === 'storeys' || name === 'elements' || name === 'connections';
}

/** The review document's validator: only `threads`, each thread a Y.Map (light by design). */
export const validateReviewChange: ChangeValidator = (touched, _before, after) => {
  const out: ChangeCheck = { issues: [], mergeInvalid: [] };
  for (const [root, keys] of touched) {
    if (root !== 'threads') {
      out.issues.push({ path: root, message: 'is not part of the review document (threads)' });
      continue;
    }
    for (const [id] of keys) {
      if (id === null) out.issues.push({ path: 'threads', message: 'must be a map keyed by thread id' });
      else if (after.getMap('threads').has(id) && !(after.getMap('threads').get(id) instanceof Y.Map)) {
        out.issues.push({ path: `threads.${id}`, message: 'must be a Y.Map' });
      }
    }
  }
  return out;
};

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
    else checkField(metaSchema as unknown as ObjectSchema, field, meta.get(field), 'meta', out);
  }
}

function checkRecord(collection: Collection, id: string | null, key: TouchedKey, before: Y.Doc, after: Y.Doc, out: ChangeCheck): void {
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
    const whole = WHOLE[collection](value.toJSON());
    if (!whole.ok) prefixInto(out.issues, prefix, whole.error.issues);
    else if (whole.value.id !== id) out.issues.push({ path: `${prefix}.id`, message: `must equal its key "${id}"` });
    return;
  }
  // An existing record: only the fields written, read one by one (no copy of the whole record).
  const previousMap = previous.content.getContent()[0] as Y.Map<unknown>;
  const kind = value.get('kind');
  const issuesBefore = out.issues.length;
  for (const field of key.fields) {
    if (field === null) {
      out.issues.push({ path: prefix, message: 'must be a map of fields' });
      continue;
    }
    const written = plainValue(value.get(field));
    if (IMMUTABLE[collection].includes(field) && JSON.stringify(written) !== JSON.stringify(plainValue(previousMap.get(field)))) {
      out.issues.push({ path: `${prefix}.${field}`, message: 'is immutable' });
    } else {
      const schema = recordSchema(collection, kind);
      if (schema === undefined) out.issues.push({ path: `${prefix}.kind`, message: 'is not a known element kind' });
      else checkField(schema, field, written, prefix, out);
    }
  }
  if (out.issues.length !== issuesBefore) return;
  const crossField = crossFieldKeys(collection, kind);
  if ([...key.fields].some((f) => f !== null && crossField.includes(f)) && !WHOLE[collection](value.toJSON()).ok) out.mergeInvalid.push(prefix);
}

function recordSchema(collection: Collection, kind: unknown): ObjectSchema | undefined {
  if (collection === 'storeys') return storeySchema as unknown as ObjectSchema;
  if (collection === 'connections') return connectionSchema as unknown as ObjectSchema;
  return isElementKind(kind) ? (ELEMENT_SCHEMAS[kind] as unknown as ObjectSchema) : undefined;
}

/** One field against its own schema (field-level refinements included, object-level ones not). */
function checkField(schema: ObjectSchema, field: string, value: unknown, prefix: string, out: ChangeCheck): void {
  const fieldSchema = schema.shape[field];
  if (fieldSchema === undefined) {
    out.issues.push({ path: `${prefix}.${field}`, message: 'is not a known field' });
    return;
  }
  const plain = plainValue(value);
  const parsed = parseWith(fieldSchema, plain, 'invalid_building', `${prefix}.${field}`);
  if (!parsed.ok) prefixInto(out.issues, `${prefix}.${field}`, parsed.error.issues);
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
