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
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { ClientRange } from './clientOwners';

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

/** What {@link readFieldWrites} found: the writes, and the structs per client (each starting at the document's clock). */
export interface FieldWritesUpdate {
  writes: FieldWrite[];
  ranges: ClientRange[];
}

/**
 * The field writes `update` consists of, or null if it is not only field writes of existing
 * records in `collections` (see the module comment).
 */
export function readFieldWrites(update: Uint8Array, live: Y.Doc, collections: CollectionTypes): FieldWritesUpdate | null {
  let decoded: { structs: PlainStruct[]; ds: Map<number, { clock: number; len: number }[]> } | null;
  try {
    decoded = readPlainUpdate(update);
  } catch {
    return null;
  }
  if (decoded === null) return null;
  const { structs, ds } = decoded;
  if (structs.length === 0) return null;
  const store = live.store;
  // Plain arrays scanned linearly, not Maps and Sets: an update holds a handful of structs, and
  // this runs for every update a server receives.
  const writes: FieldWrite[] = [];
  /** Every (map, key) the update sets, in order. */
  const written: { type: AnyType; key: string }[] = [];
  /** The write entry of each nested map written (its value is the nested map as it will be). */
  const nestedWrites: { type: AnyType; entry: FieldWrite }[] = [];
  /** Clients seen so far, with their structs' clocks (the next one expected is `to`). */
  const ranges: ClientRange[] = [];
  let range: ClientRange | undefined;
  for (const struct of structs) {
    const { client, clock } = struct;
    // Exactly the next structs of each client: nothing the live doc has, no gap. (A client's
    // structs are consecutive in an update; a client listed twice is left to the scratch copy.)
    if (range === undefined || range.client !== client) {
      if (ranges.some((r) => r.client === client)) return null;
      const state = Y.getState(store, client);
      range = { client, from: state, to: state };
      ranges.push(range);
    }
    if (clock !== range.to) return null;
    range.to = clock + 1;
    if (struct.rightOrigin !== null) return null;
    const target = parentOf(struct, store);
    if (target === null) return null;
    const { type, key } = target;
    if (!(type instanceof Y.Map) || type._item === null || type._item.deleted) return null;
    if (written.some((w) => w.type === type && w.key === key)) return null; // set twice in one update: leave it to the scratch copy
    written.push({ type, key });
    const value = struct.value;
    const direct = recordOf(type, collections);
    if (direct) {
      writes.push({ collection: direct.collection, recordId: direct.recordId, record: direct.record, field: key, value });
      continue;
    }
    // One level down: a key of a record's nested map (e.g. an element's `props`). The field
    // written is the nested map's key in the record; its value, the nested map as it will be.
    const owner = type._item.parent;
    const nested = owner instanceof Y.Map ? recordOf(owner, collections) : null;
    if (nested === null || typeof type._item.parentSub !== 'string') return null;
    const field = type._item.parentSub;
    let entry = nestedWrites.find((n) => n.type === type)?.entry;
    if (!entry) {
      entry = { collection: nested.collection, recordId: nested.recordId, record: nested.record, field, value: { ...(type.toJSON() as Record<string, unknown>) } };
      nestedWrites.push({ type, entry });
      writes.push(entry);
    }
    (entry.value as Record<string, unknown>)[key] = value;
  }
  // A record's field written both directly and through its nested map: leave it to the scratch copy.
  for (let i = 1; i < writes.length; i++) {
    const w = writes[i]!;
    for (let j = 0; j < i; j++) {
      const v = writes[j]!;
      if (v.field === w.field && v.recordId === w.recordId && v.collection === w.collection) return null;
    }
  }
  // Deletions: only the values these writes replace (or what is deleted already).
  for (const [client, ranges] of ds) {
    const clientStructs = store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (clientStructs === undefined || clock + len > Y.getState(store, client)) return null;
      for (let index = Y.findIndexSS(clientStructs, clock); index < clientStructs.length; index++) {
        const struct = clientStructs[index]!;
        if (struct.id.clock >= clock + len) break;
        if (struct instanceof Y.GC || struct.deleted) continue;
        const item = struct as Y.Item;
        const parent = item.parent as AnyType;
        const sub = item.parentSub;
        if (sub === null || !written.some((w) => w.type === parent && w.key === sub)) return null;
      }
    }
  }
  return { writes, ranges };
}

/** One struct of an update as {@link readPlainUpdate} reads it: an item holding one plain value. */
interface PlainStruct {
  client: number;
  clock: number;
  origin: Y.ID | null;
  rightOrigin: Y.ID | null;
  /** The parent item's id (null when the origin gives the parent). */
  parent: Y.ID | null;
  parentSub: string | null;
  value: unknown;
}

/** Info bits of a struct in the v1 update encoding (yjs `writeStructs` / `Item.write`). */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;
const CONTENT_REF = 0x1f;
/** Content ref of ContentAny (plain JSON values). */
const CONTENT_ANY = 8;

/**
 * Reads a v1 update without building Yjs structs (Y.decodeUpdate allocates an Item, its IDs and
 * content per struct, and the gate then applies the update anyway): every struct, as long as each
 * is an item holding exactly one plain value whose parent is an item (not a top-level type), and
 * the delete set. Null for anything else (GC or skip structs, other content, top-level parents,
 * trailing bytes); throws (lib0) on truncated input. Follows yjs 13's `readClientsStructRefs`
 * and `readDeleteSet` for UpdateDecoderV1.
 */
function readPlainUpdate(update: Uint8Array): { structs: PlainStruct[]; ds: Map<number, { clock: number; len: number }[]> } | null {
  const decoder = decoding.createDecoder(update);
  const structs: PlainStruct[] = [];
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const count = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const info = decoding.readUint8(decoder);
      if ((info & CONTENT_REF) !== CONTENT_ANY) return null; // GC (0), skip (10), or other content
      const origin = info & HAS_ORIGIN ? Y.createID(decoding.readVarUint(decoder), decoding.readVarUint(decoder)) : null;
      const rightOrigin = info & HAS_RIGHT_ORIGIN ? Y.createID(decoding.readVarUint(decoder), decoding.readVarUint(decoder)) : null;
      let parent: Y.ID | null = null;
      let parentSub: string | null = null;
      if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
        if (decoding.readVarUint(decoder) === 1) return null; // a top-level type (parentYKey)
        parent = Y.createID(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
        if (info & HAS_PARENT_SUB) parentSub = decoding.readVarString(decoder);
      }
      if (decoding.readVarUint(decoder) !== 1) return null; // ContentAny of exactly one value
      structs.push({ client, clock, origin, rightOrigin, parent, parentSub, value: decoding.readAny(decoder) });
      clock += 1;
    }
  }
  const ds = new Map<number, { clock: number; len: number }[]>();
  const dsClients = decoding.readVarUint(decoder);
  for (let c = 0; c < dsClients; c++) {
    const client = decoding.readVarUint(decoder);
    const ranges = decoding.readVarUint(decoder);
    const list: { clock: number; len: number }[] = [];
    for (let r = 0; r < ranges; r++) list.push({ clock: decoding.readVarUint(decoder), len: decoding.readVarUint(decoder) });
    ds.set(client, list);
  }
  if (decoding.hasContent(decoder)) return null;
  return { structs, ds };
}

/** The record `type` is, if it is a Y.Map directly under one of `collections`. */
function recordOf(type: AnyType, collections: CollectionTypes): Pick<FieldWrite, 'collection' | 'recordId' | 'record'> | null {
  const item = type._item;
  if (!(type instanceof Y.Map) || item === null || item.deleted || typeof item.parentSub !== 'string') return null;
  const collection = collections.get(item.parent as AnyType);
  return collection === undefined ? null : { collection, recordId: item.parentSub, record: type as Y.Map<unknown> };
}

/** The map and key a struct is written to, resolved against the live document; null if unknown. */
function parentOf(struct: PlainStruct, store: Y.Doc['store']): { type: AnyType; key: string } | null {
  if (struct.origin !== null) {
    if (struct.origin.clock >= Y.getState(store, struct.origin.client)) return null; // in this update, or missing
    const origin = Y.getItem(store, struct.origin);
    if (!(origin instanceof Y.Item) || origin.parentSub === null) return null;
    return { type: origin.parent as AnyType, key: origin.parentSub };
  }
  const id = struct.parent;
  if (struct.parentSub === null || id === null) return null;
  if (id.clock >= Y.getState(store, id.client)) return null;
  const parentItem = Y.getItem(store, id);
  if (!(parentItem instanceof Y.Item) || !(parentItem.content instanceof Y.ContentType)) return null;
  return { type: parentItem.content.type as AnyType, key: struct.parentSub };
}
