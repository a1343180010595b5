/**
 * A building's content without its history, for the collaboration server's rebase
 * (collab-server/SPEC.md rules 20-21; the policy and the rebase itself are in
 * collab-server/lineage.ts).
 *
 * Yjs keeps one struct for every value ever written to a map key (a tombstone once overwritten),
 * so a building with a long edit history loads slowly. {@link copyWithoutHistory} re-creates its
 * content in a brand-new Y.Doc written by one fresh client id, with no tombstones;
 * {@link countStructs} measures what the history holds, so the server can decide when that pays.
 */
import * as Y from 'yjs';
import { isYMap, isYText, plainText, rootMap, typeName, unique, unsupported } from './yValues';

const MAX_UINT32 = 0xffff_ffff;

/**
 * Re-creates the content of the root maps `roots` of `doc` in a new Y.Doc whose clientID is
 * `clientId`, in ONE transaction (origin passed through), and returns Y.encodeStateAsUpdate of it:
 * same content (toJSON of every root equal), no deleted structs, nothing of the old history.
 * Nested Y.Map / Y.Array / Y.Text are re-created as such (not flattened to JSON), so concurrent
 * edits to different fields still merge on the new lineage; plain values are copied. Keys are
 * written in sorted order, so equal content and clientId give byte-identical updates whatever
 * the history.
 * Throws if clientId is not a uint32, a root is not a map, or a root holds an unsupported type
 * (XML types, subdocuments, formatted text). Reading defines each root as a Y.Map on `doc`, as
 * `doc.getMap` would.
 */
export function copyWithoutHistory(doc: Y.Doc, roots: readonly string[], clientId: number, origin?: unknown): Uint8Array {
  if (!Number.isInteger(clientId) || clientId < 0 || clientId > MAX_UINT32) {
    throw new Error(`copyWithoutHistory: clientId must be a uint32 (an integer from 0 to ${MAX_UINT32}), got ${String(clientId)}`);
  }
  const sources = unique(roots).map((name) => ({ name, map: rootMap(doc, name, 'copyWithoutHistory') }));
  const copy = new Y.Doc();
  copy.clientID = clientId;
  try {
    // Straight from the source's types into prelim ones (no intermediate values: this runs on a
    // server's event loop for whole buildings). An unsupported value throws before the copy is
    // encoded; the half-written copy is then dropped. Plain values are shared, not cloned: the
    // copy only lives until it is encoded.
    copy.transact(() => {
      for (const { name, map } of sources) {
        const target = copy.getMap<unknown>(name);
        for (const key of [...map.keys()].sort()) target.set(key, copyValue(map.get(key), [name, key]));
      }
    }, origin);
    return Y.encodeStateAsUpdate(copy);
  } finally {
    copy.destroy();
  }
}

/** A prelim copy of a stored value (see {@link copyWithoutHistory}). */
function copyValue(value: unknown, path: readonly string[]): unknown {
  if (isYMap(value)) {
    const map = new Y.Map<unknown>();
    for (const key of [...value.keys()].sort()) map.set(key, copyValue(value.get(key), [...path, key]));
    return map;
  }
  if (value instanceof Y.Array) {
    const array = new Y.Array<unknown>();
    array.push(value.toArray().map((entry: unknown, i) => copyValue(entry, [...path, String(i)])));
    return array;
  }
  if (isYText(value)) return new Y.Text(plainText(value, path));
  if (value instanceof Y.AbstractType || value instanceof Y.Doc) throw unsupported(path, typeName(value));
  return value;
}

/**
 * Structs a document holds: Y.Item structs in all, and how many of them are deleted (tombstones
 * kept for history). GC structs (content of deleted containers, already collected) are not
 * counted. Note Yjs merges adjacent structs of one client, so this counts structs, not writes.
 */
export function countStructs(doc: Y.Doc): { items: number; deleted: number } {
  let items = 0;
  let deleted = 0;
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      items++;
      if (struct.deleted) deleted++;
    }
  }
  return { items, deleted };
}
