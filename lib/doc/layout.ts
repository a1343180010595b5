/**
 * The model document's layout (ARCHITECTURE.md section 2) and the raw, UNVALIDATED plumbing that
 * moves plain records in and out of it. Everything above this file validates first.
 *
 * - `meta`: Y.Map of scalar fields.
 * - `storeys`, `elements`, `connections`: Y.Map<id, Y.Map<field, value>>, so concurrent edits
 *   to different fields of one record merge.
 * - `props` inside an element is a nested Y.Map (concurrent edits to different props merge).
 * - Everything else (points, polygons, `ifc`) is a plain JSON value replaced whole.
 */
import * as Y from 'yjs';
import { deepEqual, isRecord, type RawRecord } from '../model';

/** Names of the record collections. */
export type CollectionName = 'storeys' | 'elements' | 'connections';
/** Every top-level map name. */
export const MAP_NAMES = ['meta', 'storeys', 'elements', 'connections'] as const;

/** The four top-level maps of a building doc. */
export interface BuildingMaps {
  readonly meta: Y.Map<unknown>;
  readonly storeys: Y.Map<unknown>;
  readonly elements: Y.Map<unknown>;
  readonly connections: Y.Map<unknown>;
}

/** Gets (creating if needed) the top-level maps. */
export function getMaps(doc: Y.Doc): BuildingMaps {
  return {
    meta: doc.getMap('meta'),
    storeys: doc.getMap('storeys'),
    elements: doc.getMap('elements'),
    connections: doc.getMap('connections'),
  };
}

/** Plain JSON of any stored value (Y types converted, everything else deep-copied). */
export function toPlain(value: unknown): unknown {
  if (value instanceof Y.AbstractType) return value.toJSON();
  return copyOf(value);
}

/** A deep copy of a JSON value; strings, numbers, booleans and null are their own copy (structuredClone costs ~1 µs even for those, and an import writes tens of thousands of props). */
export function copyOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

/** Raw JSON of one record, or undefined when absent. Not validated. */
export function readRawRecord(map: Y.Map<unknown>, id: string): unknown {
  return map.has(id) ? toPlain(map.get(id)) : undefined;
}

/** Raw JSON of a whole map. */
export function readRawMap(map: Y.Map<unknown>): RawRecord {
  return map.toJSON() as RawRecord;
}

function setProps(record: Y.Map<unknown>, props: unknown): void {
  const current = record.get('props');
  const target: Y.Map<unknown> = current instanceof Y.Map ? (current as Y.Map<unknown>) : new Y.Map<unknown>();
  if (target !== current) record.set('props', target);
  const next = isRecord(props) ? props : {};
  for (const key of [...target.keys()]) if (!Object.hasOwn(next, key)) target.delete(key);
  for (const [key, value] of Object.entries(next)) {
    if (!deepEqual(target.get(key), value)) target.set(key, copyOf(value));
  }
}

/** Writes a whole new record as a nested Y.Map (replacing any value under `id`). */
export function writeNewRecord(map: Y.Map<unknown>, id: string, record: RawRecord): void {
  const ymap = new Y.Map<unknown>();
  map.set(id, ymap);
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (key === 'props') setProps(ymap, value);
    else ymap.set(key, copyOf(value));
  }
}

/**
 * Writes only what differs between the stored record and `next`: changed fields are set,
 * fields missing from `next` are deleted, `props` is synced key by key. A stored value that is
 * not a Y.Map (corrupt data) is replaced whole.
 */
export function writeRecordFields(map: Y.Map<unknown>, id: string, next: RawRecord): void {
  const ymap = map.get(id);
  if (!(ymap instanceof Y.Map)) {
    writeNewRecord(map, id, next);
    return;
  }
  writeFields(ymap, next, true);
}

/** Field-level sync of a Y.Map to `next` (used for records and for `meta`). */
export function writeFields(ymap: Y.Map<unknown>, next: RawRecord, nestedProps: boolean): void {
  for (const key of [...ymap.keys()]) {
    if (next[key] === undefined) ymap.delete(key);
  }
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    if (nestedProps && key === 'props') setProps(ymap, value);
    else if (!deepEqual(toPlain(ymap.get(key)), value)) ymap.set(key, copyOf(value));
  }
}
