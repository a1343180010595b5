/**
 * Typed reads. Every record is validated on the way out, so callers only ever see valid model
 * data. A record that fails validation (possible after a concurrent merge, e.g. two users moving
 * the two ends of a wall onto one point) is left out of typed reads and reported by
 * {@link readBuildingReport}; fixing or deleting it is the caller's call.
 * Reads cost O(records read) validations; cache per doc version if that ever shows in profiles.
 */
import type * as Y from 'yjs';
import {
  validateConnection,
  validateElement,
  validateMeta,
  validateStorey,
  type BuildingSnapshot,
  type Connection,
  type Element,
  type ElementKind,
  type Meta,
  type ModelError,
  type Result,
  type Storey,
} from '../model';
import { getMaps, readRawRecord, toPlain, type CollectionName } from './layout';

/** A stored record that failed validation. */
export interface InvalidRecord {
  readonly collection: CollectionName | 'meta';
  readonly id: string;
  readonly error: ModelError;
}

const VALIDATE: { [C in CollectionName]: (raw: unknown) => Result<{ id: string }, ModelError> } = {
  storeys: validateStorey,
  elements: validateElement,
  connections: validateConnection,
};

/** Meta, if the doc has valid current-version meta (undefined before init, sync or migration). */
export function readMeta(doc: Y.Doc): Meta | undefined {
  const parsed = validateMeta(toPlain(getMaps(doc).meta));
  return parsed.ok ? parsed.value : undefined;
}

function readCollection(doc: Y.Doc, collection: CollectionName, invalid: InvalidRecord[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const map = getMaps(doc)[collection];
  for (const id of [...map.keys()].sort()) {
    const parsed = VALIDATE[collection](readRawRecord(map, id));
    if (parsed.ok && parsed.value.id === id) out[id] = parsed.value;
    else if (parsed.ok) invalid.push({ collection, id, error: { code: 'invalid_building', message: `${collection}.${id}.id: must equal its key`, issues: [{ path: 'id', message: 'must equal its key' }] } });
    else invalid.push({ collection, id, error: parsed.error });
  }
  return out;
}

/**
 * The building as plain data plus every record that failed validation. Throws if meta is
 * missing or invalid: the doc was not initialised, synced or migrated yet (use {@link readMeta}
 * to check first).
 */
export function readBuildingReport(doc: Y.Doc): { snapshot: BuildingSnapshot; invalid: InvalidRecord[] } {
  const parsedMeta = validateMeta(toPlain(getMaps(doc).meta));
  if (!parsedMeta.ok) throw new Error(`building doc has no valid meta (not initialised, synced or migrated): ${parsedMeta.error.message}`);
  const invalid: InvalidRecord[] = [];
  const snapshot: BuildingSnapshot = {
    meta: parsedMeta.value,
    storeys: readCollection(doc, 'storeys', invalid) as Record<string, Storey>,
    elements: readCollection(doc, 'elements', invalid) as Record<string, Element>,
    connections: readCollection(doc, 'connections', invalid) as Record<string, Connection>,
  };
  return { snapshot, invalid };
}

/** The building as plain, validated data (invalid records left out). Throws without valid meta. */
export function readBuilding(doc: Y.Doc): BuildingSnapshot {
  return readBuildingReport(doc).snapshot;
}

/** One valid element, or undefined when absent or invalid. */
export function readElement(doc: Y.Doc, id: string): Element | undefined {
  const parsed = validateElement(readRawRecord(getMaps(doc).elements, id));
  return parsed.ok && parsed.value.id === id ? parsed.value : undefined;
}

/** Filter of {@link listElements}. */
export interface ElementFilter {
  readonly storeyId?: string;
  readonly kind?: ElementKind;
}

/** Valid elements matching `filter`, sorted by id (the same order on every peer). */
export function listElements(doc: Y.Doc, filter: ElementFilter = {}): Element[] {
  const map = getMaps(doc).elements;
  const out: Element[] = [];
  for (const id of [...map.keys()].sort()) {
    const element = readElement(doc, id);
    if (element === undefined) continue;
    if (filter.storeyId !== undefined && element.storeyId !== filter.storeyId) continue;
    if (filter.kind !== undefined && element.kind !== filter.kind) continue;
    out.push(element);
  }
  return out;
}

/** One valid storey, or undefined. */
export function readStorey(doc: Y.Doc, id: string): Storey | undefined {
  const parsed = validateStorey(readRawRecord(getMaps(doc).storeys, id));
  return parsed.ok && parsed.value.id === id ? parsed.value : undefined;
}

/** Valid storeys sorted by `order`, then id. */
export function listStoreys(doc: Y.Doc): Storey[] {
  const map = getMaps(doc).storeys;
  return [...map.keys()]
    .map((id) => readStorey(doc, id))
    .filter((s): s is Storey => s !== undefined)
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

