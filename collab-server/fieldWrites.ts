/**
 * The fast path of the update gate (SPEC.md rule 4): most updates only overwrite fields of
 * records the document already has (moving, renaming, resizing), or keys of a record's nested
 * map (an element's `props`). Such an update can be
 * validated from its decoded structs against the live document, without applying it to a
 * scratch copy first. {@link readFieldWrites} recognises exactly that shape and returns the
 * writes; for anything else (new or deleted records, nested types, text, meta, list content,
 * deletions other than the overwritten values, structs the live document already has or whose
 * dependencies are missing) it returns null and the gate takes the scratch-copy path. It never
 * throws for bad input: a malformed update is null too, and the slow path reports it.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type; any is how its API says "any type" */
import * as Y from 'yjs';

type AnyType = Y.AbstractType<any>;

/** One field of an existing record set to a plain value. */
export interface FieldWrite {
  /** Top-level map holding the record (`elements`, `storeys`, `connections`). */
  collection: string;
  /** The record's key in its collection. */
  recordId: string;
  /** The record in the live document. */
  record: Y.Map<unknown>;
  field: string;
  /** The value written (plain JSON: ContentAny). */
  value: unknown;
}

/** The top-level maps of `doc` that hold records, by type (for {@link readFieldWrites}). */
export type CollectionTypes = ReadonlyMap<AnyType, string>;

/** {@link CollectionTypes} of `doc` for the collections `names`. */
export function collectionTypes(doc: Y.Doc, names: readonly string[]): CollectionTypes {
  return new Map(names.map((name) => [doc.getMap(name) as AnyType, name]));
}

/**
 * The field writes `update` consists of, or null if it is not only field writes of existing
 * records in `collections` (see the module comment).
 */
export function readFieldWrites(update: Uint8Array, live: Y.Doc, collections: CollectionTypes): FieldWrite[] | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return null;
  }
  const { structs, ds } = decoded;
  if (structs.length === 0) return null;
  const store = live.store;
  const writes: FieldWrite[] = [];
  const written = new Map<AnyType, Set<string>>();
  const nestedWrites = new Map<AnyType, FieldWrite>();
  const nextClock = new Map<number, number>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) return null;
    const { client, clock } = struct.id;
    // Exactly the next structs of each client: nothing the live doc has, no gap.
    if (clock !== (nextClock.get(client) ?? Y.getState(store, client))) return null;
    nextClock.set(client, clock + struct.length);
    if (!(struct.content instanceof Y.ContentAny) || struct.content.arr.length !== 1 || struct.rightOrigin !== null) return null;
    const target = parentOf(struct, store);
    if (target === null) return null;
    const { type, key } = target;
    if (!(type instanceof Y.Map) || type._item === null || type._item.deleted) return null;
    let fields = written.get(type);
    if (!fields) written.set(type, (fields = new Set()));
    if (fields.has(key)) return null; // set twice in one update: leave it to the scratch copy
    fields.add(key);
    const value = struct.content.arr[0];
    const direct = recordOf(type, collections);
    if (direct) {
      writes.push({ ...direct, field: key, value });
      continue;
    }
    // One level down: a key of a record's nested map (e.g. an element's `props`). The field
    // written is the nested map's key in the record; its value, the nested map as it will be.
    const owner = type._item.parent;
    const nested = owner instanceof Y.Map ? recordOf(owner, collections) : null;
    if (nested === null || typeof type._item.parentSub !== 'string') return null;
    const field = type._item.parentSub;
    let entry = nestedWrites.get(type);
    if (!entry) {
      entry = { ...nested, field, value: { ...(type.toJSON() as Record<string, unknown>) } };
      nestedWrites.set(type, entry);
      writes.push(entry);
    }
    (entry.value as Record<string, unknown>)[key] = value;
  }
  // A record's field written both directly and through its nested map: leave it to the scratch copy.
  const seen = new Set<string>();
  for (const w of writes) {
    const key = `${w.collection}\u0000${w.recordId}\u0000${w.field}`;
    if (seen.has(key)) return null;
    seen.add(key);
  }
  // Deletions: only the values these writes replace (or what is deleted already).
  for (const [client, ranges] of ds.clients) {
    const clientStructs = store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (clientStructs === undefined || clock + len > Y.getState(store, client)) return null;
      for (let index = Y.findIndexSS(clientStructs, clock); index < clientStructs.length; index++) {
        const struct = clientStructs[index]!;
        if (struct.id.clock >= clock + len) break;
        if (struct instanceof Y.GC || struct.deleted) continue;
        const item = struct as Y.Item;
        const fields = written.get(item.parent as AnyType);
        if (fields === undefined || item.parentSub === null || !fields.has(item.parentSub)) return null;
      }
    }
  }
  return writes;
}

/** The record `type` is, if it is a Y.Map directly under one of `collections`. */
function recordOf(type: AnyType, collections: CollectionTypes): Pick<FieldWrite, 'collection' | 'recordId' | 'record'> | null {
  const item = type._item;
  if (!(type instanceof Y.Map) || item === null || item.deleted || typeof item.parentSub !== 'string') return null;
  const collection = collections.get(item.parent as AnyType);
  return collection === undefined ? null : { collection, recordId: item.parentSub, record: type as Y.Map<unknown> };
}

/** The map and key an item is written to, resolved against the live document; null if unknown. */
function parentOf(item: Y.Item, store: Y.Doc['store']): { type: AnyType; key: string } | null {
  if (item.origin !== null) {
    if (item.origin.clock >= Y.getState(store, item.origin.client)) return null; // in this update, or missing
    const origin = Y.getItem(store, item.origin);
    if (!(origin instanceof Y.Item) || origin.parentSub === null) return null;
    return { type: origin.parent as AnyType, key: origin.parentSub };
  }
  const parent = item.parent as unknown;
  if (item.parentSub === null || parent === null || typeof parent === 'string') return null;
  const id = parent as Y.ID;
  if (id.clock >= Y.getState(store, id.client)) return null;
  const parentItem = Y.getItem(store, id);
  if (!(parentItem instanceof Y.Item) || !(parentItem.content instanceof Y.ContentType)) return null;
  return { type: parentItem.content.type as AnyType, key: item.parentSub };
}
