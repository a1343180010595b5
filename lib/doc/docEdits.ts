/**
 * Field-level edits between documents, to carry an old-lineage client's changes over to a
 * rebased document (collab-server/SPEC.md rule 21).
 *
 * A client still holding the old lineage (an offline copy) must not merge it into the new one:
 * the two share no structs, so Yjs would duplicate every record. Instead the server applies the
 * client's update to the OLD lineage's final state, {@link diffDocs} turns what changed into
 * field-level edits, and {@link applyDocEdits} writes those onto the new lineage.
 *
 * The edits follow Yjs' own merge rules where they can: a record deleted on either side stays
 * deleted (edits inside a deleted Y.Map vanish in Yjs too), a replaced nested map is replaced
 * whole. Where the client and the new lineage wrote the same field concurrently, the translated
 * edit wins (Yjs would pick a winner by client id).
 */
import * as Y from 'yjs';
import { deepEqual } from '../model';
import { copyOf } from './layout';
import { findRootMap, isYMap, isYText, plainText, rootMap, typeName, unique, unsupported } from './yValues';

/** A value as stored in a doc: a nested Y.Map, Y.Array or Y.Text, or a plain JSON value. */
export type DocValue =
  | { map: Record<string, DocValue> }
  | { array: DocValue[] }
  | { text: string }
  | { json: unknown };

/** One edit at a path of nested Y.Maps: path[0] is the root map's name, then keys. */
export type DocEdit =
  | { op: 'set'; path: readonly string[]; value: DocValue }
  | { op: 'delete'; path: readonly string[] };

/**
 * The edits that turn `before` into `after`, two documents of ONE lineage (after = before + some
 * client's updates), over the root maps `roots`. Per root map, key by key:
 *  - key only in before -> delete; only in after -> set (whole value);
 *  - both Y.Maps and the SAME map (same Yjs item id) -> recurse field by field; a different map
 *    instance (replaced) -> set whole, as in Yjs edits made inside the old instance are lost;
 *  - anything else: set whole if the values differ (deep comparison of the plain JSON, and of the
 *    kind: a plain object replaced by a Y.Map with the same content is a change).
 * Paths are [root, key, key, ...]. Deterministic order: roots in the given order, keys sorted,
 * a nested map's edits in place of its key. Throws like `copyWithoutHistory` on a root that
 * is not a map or a value it cannot copy.
 */
export function diffDocs(before: Y.Doc, after: Y.Doc, roots: readonly string[]): DocEdit[] {
  const edits: DocEdit[] = [];
  for (const name of unique(roots)) {
    diffMaps(rootMap(before, name, 'diffDocs'), rootMap(after, name, 'diffDocs'), [name], edits);
  }
  return edits;
}

function diffMaps(before: Y.Map<unknown>, after: Y.Map<unknown>, path: readonly string[], edits: DocEdit[]): void {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const at = [...path, key];
    if (!after.has(key)) {
      edits.push({ op: 'delete', path: at });
      continue;
    }
    const next = after.get(key);
    if (!before.has(key)) {
      edits.push({ op: 'set', path: at, value: toDocValue(next, at) });
      continue;
    }
    const prev = before.get(key);
    if (isYMap(prev) && isYMap(next)) {
      if (sameItem(prev, next)) diffMaps(prev, next, at, edits);
      else edits.push({ op: 'set', path: at, value: toDocValue(next, at) });
      continue;
    }
    const value = toDocValue(next, at);
    if (!holds(prev, value)) edits.push({ op: 'set', path: at, value });
  }
}

/** True when two maps of one lineage are the same Yjs type (one item id), not a replacement. */
function sameItem(a: Y.Map<unknown>, b: Y.Map<unknown>): boolean {
  return a._item !== null && b._item !== null && Y.compareIDs(a._item.id, b._item.id);
}

/**
 * Applies `edits` to `doc` (typically another lineage), inside the caller's transaction if any
 * (otherwise in one transaction with `origin`). 'set' creates nested Y.Map/Y.Array/Y.Text for
 * {map}/{array}/{text} values and stores JSON values copied (objects and arrays deep); it skips the write if the
 * target already holds an equal value (same kind and content), because every Yjs write adds a
 * struct even when the value is unchanged: so re-applying is a no-op. An edit whose parent (every
 * map along path except the last key) is missing or not a Y.Map is skipped: the record was
 * deleted meanwhile, and in Yjs edits inside a deleted map vanish too. 'delete' of an absent key
 * is a no-op. Returns how many edits changed something, and the skipped ones.
 * Throws on an edit whose path has fewer than two entries (a root and a key).
 */
export function applyDocEdits(doc: Y.Doc, edits: readonly DocEdit[], origin?: unknown): { applied: number; skipped: DocEdit[] } {
  let applied = 0;
  const skipped: DocEdit[] = [];
  if (edits.length === 0) return { applied, skipped };
  doc.transact(() => {
    for (const edit of edits) {
      const [name, ...keys] = edit.path;
      const key = keys.pop();
      if (name === undefined || key === undefined) {
        throw new Error(`applyDocEdits: an edit path needs a root and at least one key, got ${JSON.stringify(edit.path)}`);
      }
      const parent = findMap(doc, name, keys);
      if (parent === undefined) {
        skipped.push(edit);
      } else if (edit.op === 'delete') {
        if (parent.has(key)) {
          parent.delete(key);
          applied++;
        }
      } else if (!(parent.has(key) && holds(parent.get(key), edit.value))) {
        parent.set(key, createValue(edit.value));
        applied++;
      }
    }
  }, origin);
  return { applied, skipped };
}

/** The Y.Map at `keys` under root `name`, or undefined when missing or not a Y.Map. */
function findMap(doc: Y.Doc, name: string, keys: readonly string[]): Y.Map<unknown> | undefined {
  let map = findRootMap(doc, name);
  for (const key of keys) {
    if (map === undefined) return undefined;
    const child = map.get(key);
    map = isYMap(child) ? child : undefined;
  }
  return map;
}

/** Reads a stored value (deep, JSON cloned so later doc changes cannot reach it). */
export function toDocValue(value: unknown, path: readonly string[]): DocValue {
  // Object.fromEntries defines own properties, so even a "__proto__" key stays a key.
  if (isYMap(value)) return { map: Object.fromEntries(readEntries(value, path)) };
  if (value instanceof Y.Array) return { array: value.toArray().map((entry: unknown, i) => toDocValue(entry, [...path, String(i)])) };
  if (isYText(value)) return { text: plainText(value, path) };
  if (value instanceof Y.AbstractType || value instanceof Y.Doc) throw unsupported(path, typeName(value));
  return { json: value === undefined ? undefined : copyOf(value) };
}

/** A map's entries as DocValues, sorted by key. */
function readEntries(map: Y.Map<unknown>, path: readonly string[]): [string, DocValue][] {
  return [...map.keys()].sort().map((key) => [key, toDocValue(map.get(key), [...path, key])]);
}

/**
 * A new value to store: Y types are created prelim (not yet in a doc) with their content; Yjs
 * writes that content, nested types included, when the outermost one is set into the doc.
 */
function createValue(value: DocValue): unknown {
  if ('map' in value) return new Y.Map<unknown>(Object.entries(value.map).map(([key, entry]) => [key, createValue(entry)]));
  if ('array' in value) {
    const array = new Y.Array<unknown>();
    array.push(value.array.map(createValue));
    return array;
  }
  if ('text' in value) return new Y.Text(value.text);
  return copyOf(value.json);
}

/** True when the stored `current` is of the same kind as `value` and deep-equal to it. */
export function holds(current: unknown, value: DocValue): boolean {
  if ('map' in value) {
    if (!isYMap(current)) return false;
    const entries = Object.entries(value.map);
    return current.size === entries.length && entries.every(([key, entry]) => current.has(key) && holds(current.get(key), entry));
  }
  if ('array' in value) {
    return current instanceof Y.Array && current.length === value.array.length && value.array.every((entry, i) => holds(current.get(i), entry));
  }
  if ('text' in value) return isYText(current) && current.toString() === value.text;
  return !(current instanceof Y.AbstractType) && !(current instanceof Y.Doc) && deepEqual(current, value.json);
}
