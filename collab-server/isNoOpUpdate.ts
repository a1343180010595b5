import * as Y from 'yjs';
import { isEmptyUpdate } from '@/lib/doc/updates';

/**
 * True when applying `update` to `doc` would change nothing: every struct is already known and
 * every deletion already applied. A read-only client's sync step 2 is such an update (SPEC.md
 * rule 2): the stock provider answers the server's step 1 with everything the server lacks,
 * which for a viewer is nothing, except that a Yjs update always carries the sender's WHOLE
 * delete set. Throws on a malformed update. Cost: O(doc) to build the delete set, so it is only
 * used on the (rare) read-only write path.
 */
export function isNoOpUpdate(update: Uint8Array, doc: Y.Doc): boolean {
  if (isEmptyUpdate(update)) return true;
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false;
  }
  if (ds.clients.size === 0) return true;
  const known = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of ds.clients) {
    const deleted = known.clients.get(client) ?? [];
    for (const range of ranges) {
      if (!deleted.some((d) => d.clock <= range.clock && range.clock + range.len <= d.clock + d.len)) return false;
    }
  }
  return true;
}
