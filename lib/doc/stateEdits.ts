/**
 * The edits that give a live building document the content of another state of it (a saved
 * version), field by field, so that a restore is an ordinary change on top of history: validated
 * by the gate, seen live, undone by restoring again (issue #17; ARCHITECTURE.md section 4).
 *
 * Unlike {@link diffDocs}, the two documents need not share a lineage (a version saved before a
 * rebase restores after it): records are matched by id, not by Yjs item, and only what differs is
 * written. A record only in the live document is deleted; one only in the target is set whole;
 * one in both gets a `set` per differing field (and per differing property inside `props`) and a
 * `delete` per field the target lacks. So a restore made while someone edits another field of the
 * same wall keeps their edit, as any concurrent field edit would.
 */
import * as Y from 'yjs';
import { holds, toDocValue, type DocEdit } from './docEdits';
import { getMaps, MAP_NAMES } from './layout';
import { isYMap } from './yValues';

/** Field-level edits that turn the model content of `live` into that of `target` (meta, storeys, elements, connections). */
export function stateEdits(live: Y.Doc, target: Y.Doc): DocEdit[] {
  const edits: DocEdit[] = [];
  const from = getMaps(live);
  const to = getMaps(target);
  for (const name of MAP_NAMES) {
    if (name === 'meta') {
      diffFields(from.meta, to.meta, ['meta'], edits, false);
      continue;
    }
    const a = from[name];
    const b = to[name];
    for (const id of sortedKeys(a, b)) {
      const path = [name, id];
      if (!b.has(id)) {
        edits.push({ op: 'delete', path });
        continue;
      }
      const next = b.get(id);
      const prev = a.get(id);
      if (isYMap(prev) && isYMap(next)) diffFields(prev, next, path, edits, name === 'elements');
      else if (!a.has(id) || !holds(prev, toDocValue(next, path))) edits.push({ op: 'set', path, value: toDocValue(next, path) });
    }
  }
  return edits;
}

/** Edits of one record's fields; an element's `props` map is compared property by property. */
function diffFields(a: Y.Map<unknown>, b: Y.Map<unknown>, path: readonly string[], edits: DocEdit[], nestedProps: boolean): void {
  for (const key of sortedKeys(a, b)) {
    const at = [...path, key];
    if (!b.has(key)) {
      edits.push({ op: 'delete', path: at });
      continue;
    }
    const next = b.get(key);
    const prev = a.get(key);
    if (nestedProps && key === 'props' && isYMap(prev) && isYMap(next)) {
      diffFields(prev, next, at, edits, false);
      continue;
    }
    const value = toDocValue(next, at);
    if (!a.has(key) || !holds(prev, value)) edits.push({ op: 'set', path: at, value });
  }
}

function sortedKeys(a: Y.Map<unknown>, b: Y.Map<unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}
