/**
 * Who changed what (SPEC.md rule 24): the records a transaction on a live model document
 * touched, as {@link DocChangeRow}s attributed to one user. Per (collection, record): `create`
 * when the record was set (its fields listed), `delete` when it was removed, else `update` with
 * the fields written; a user property is `props.<key>`. Meta is the record `''` of `meta`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type; any is how its API says "any type" */
import * as Y from 'yjs';
import type { DocChangeRow } from '@/lib/db/documentStore';

const COLLECTIONS = new Set(['storeys', 'elements', 'connections']);

/** The rows of `transaction` on model document `doc` (named `docName`), by `userId` at `at`. */
export function changeRows(doc: Y.Doc, transaction: Y.Transaction, docName: string, userId: string, at: Date): DocChangeRow[] {
  const rootNames = new Map<Y.AbstractType<any>, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  const records = new Map<string, { collection: string; recordId: string; action: DocChangeRow['action']; fields: Set<string> }>();
  const entry = (collection: string, recordId: string) => {
    const key = `${collection}\u0000${recordId}`;
    let found = records.get(key);
    if (found === undefined) records.set(key, (found = { collection, recordId, action: 'update', fields: new Set() }));
    return found;
  };

  for (const [type, subs] of transaction.changed) {
    const path: string[] = [];
    let current: Y.AbstractType<any> = type;
    while (current._item !== null) {
      path.unshift(current._item.parentSub ?? '');
      current = current._item.parent as Y.AbstractType<any>;
    }
    const root = rootNames.get(current);
    if (root === 'meta') {
      const record = entry('meta', '');
      if (path.length === 0) for (const sub of subs) if (sub !== null) record.fields.add(sub);
      else record.fields.add(path[0]!);
      continue;
    }
    if (root === undefined || !COLLECTIONS.has(root)) continue;
    if (path.length === 0) {
      // Records set or removed whole.
      const map = current as Y.Map<unknown>;
      for (const id of subs) {
        if (id === null) continue;
        const record = entry(root, id);
        const value = map.get(id);
        if (value instanceof Y.Map) {
          record.action = 'create';
          for (const field of fieldsOf(value)) record.fields.add(field);
        } else if (value === undefined) {
          record.action = 'delete';
          record.fields.clear();
        }
      }
      continue;
    }
    const record = entry(root, path[0]!);
    if (record.action !== 'update') continue;
    if (path.length === 1) {
      for (const sub of subs) if (sub !== null) record.fields.add(sub);
    } else if (path.length === 2 && path[1] === 'props') {
      for (const sub of subs) if (sub !== null) record.fields.add(`props.${sub}`);
    } else {
      record.fields.add(path[1]!);
    }
  }
  return [...records.values()]
    .filter((r) => r.action !== 'update' || r.fields.size > 0)
    .map((r) => ({ docName, collection: r.collection, recordId: r.recordId, action: r.action, fields: [...r.fields].sort(), userId, at }));
}

/** A new record's fields, its properties as `props.<key>`. */
function fieldsOf(record: Y.Map<unknown>): string[] {
  const out: string[] = [];
  for (const [field, value] of record.entries()) {
    if (field === 'props' && value instanceof Y.Map) for (const key of value.keys()) out.push(`props.${key}`);
    else out.push(field);
  }
  return out;
}
