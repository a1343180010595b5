/**
 * Reverting one person's changes since a version (issue #17 point 4, the vandalism case): the
 * edits that put back, field by field, what `user` changed after the version was saved, where
 * nobody changed it after them. Input: the live document, the version's document, and the
 * attributed changes since the version (collab-server/SPEC.md rule 24), newest first.
 *
 * Per record, the newest change decides: a record `user` deleted comes back whole (if the version
 * has it); a record `user` created goes (if the version does not have it); a field whose newest
 * writer is `user` gets the version's value back (or is removed, if the version's record lacks
 * it). A field or record someone else changed after them is kept, and listed.
 */
import * as Y from 'yjs';
import { toDocValue, type DocEdit } from './docEdits';
import { getMaps } from './layout';
import { isYMap } from './yValues';

/** One attributed change (a lib/db `DocChange`, newest first). */
export interface AttributedChange {
  readonly collection: string;
  readonly recordId: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly fields: readonly string[];
  readonly userId: string;
}

/** What a revert writes, and what it leaves because someone changed it later. */
export interface RevertPlan {
  readonly edits: DocEdit[];
  /** `collection/record[.field]` changed by `user`, then by someone else: kept. */
  readonly kept: { collection: string; recordId: string; field?: string; by: string }[];
}

const COLLECTIONS = new Set(['storeys', 'elements', 'connections', 'meta']);

export function revertEdits(live: Y.Doc, version: Y.Doc, changes: readonly AttributedChange[], user: string): RevertPlan {
  const edits: DocEdit[] = [];
  const kept: RevertPlan['kept'] = [];
  // Newest first: the first change seen for a record (or field) is its newest.
  const recordNewest = new Map<string, AttributedChange>();
  const fieldNewest = new Map<string, string>();
  const touchedByUser = new Map<string, Set<string>>();
  for (const change of changes) {
    if (!COLLECTIONS.has(change.collection)) continue;
    const key = `${change.collection}\u0000${change.recordId}`;
    if (!recordNewest.has(key)) recordNewest.set(key, change);
    for (const field of change.fields) {
      const fk = `${key}\u0000${field}`;
      if (!fieldNewest.has(fk)) fieldNewest.set(fk, change.userId);
    }
    if (change.userId === user) {
      const set = touchedByUser.get(key) ?? new Set<string>();
      for (const field of change.fields) set.add(field);
      if (change.action !== 'update') set.add(`\u0000${change.action}`);
      touchedByUser.set(key, set);
    }
  }
  const from = getMaps(live);
  const to = getMaps(version);
  for (const [key, fields] of [...touchedByUser].sort(([a], [b]) => a.localeCompare(b))) {
    const [collection, recordId] = key.split('\u0000') as [keyof typeof from, string];
    const newest = recordNewest.get(key)!;
    const liveMap = collection === 'meta' ? from.meta : from[collection];
    const versionMap = collection === 'meta' ? to.meta : to[collection];
    // A record they made that someone has worked on since is that person's too now: kept whole.
    if (collection !== 'meta' && fields.has('\u0000create') && newest.userId !== user && !versionMap.has(recordId)) {
      kept.push({ collection, recordId, by: newest.userId });
      continue;
    }
    if (collection !== 'meta' && newest.action !== 'update') {
      if (newest.userId !== user) {
        kept.push({ collection, recordId, by: newest.userId });
        continue;
      }
      if (newest.action === 'delete' && versionMap.has(recordId) && !liveMap.has(recordId)) {
        edits.push({ op: 'set', path: [collection, recordId], value: toDocValue(versionMap.get(recordId), [collection, recordId]) });
      } else if (newest.action === 'create' && !versionMap.has(recordId) && liveMap.has(recordId)) {
        edits.push({ op: 'delete', path: [collection, recordId] });
      }
      continue;
    }
    const liveRecord = collection === 'meta' ? liveMap : liveMap.get(recordId);
    const versionRecord = collection === 'meta' ? versionMap : versionMap.get(recordId);
    if (!isYMap(liveRecord)) continue; // deleted since by someone else
    for (const field of [...fields].filter((f) => !f.startsWith('\u0000')).sort()) {
      const by = fieldNewest.get(`${key}\u0000${field}`);
      if (by !== user) {
        kept.push({ collection, recordId, field, by: by ?? '?' });
        continue;
      }
      const prop = field.startsWith('props.') ? field.slice('props.'.length) : undefined;
      const base = collection === 'meta' ? ['meta'] : [collection, recordId];
      const path = prop === undefined ? [...base, field] : [...base, 'props', prop];
      const source = !isYMap(versionRecord) ? undefined : prop === undefined ? versionRecord : versionRecord.get('props');
      const key2 = prop ?? field;
      if (isYMap(source) && source.has(key2)) edits.push({ op: 'set', path, value: toDocValue(source.get(key2), path) });
      else if (isYMap(versionRecord)) edits.push({ op: 'delete', path });
      // A record the version does not have: its state before the person's edit is unknown; left.
    }
  }
  return { edits, kept };
}
