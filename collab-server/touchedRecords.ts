/**
 * Which records a Yjs transaction touched, from `transaction.changed`: every changed type is
 * walked up to its top-level type, giving (root name, key in the root, field under the key).
 * For the model document that is (collection, record id, field) or ('meta', field).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type; any is how its API says "any type" */
import * as Y from 'yjs';

/** What happened under one key of a top-level map. */
export interface TouchedKey {
  /** The key's value itself was set or deleted in this transaction (a record added/replaced/removed). */
  replaced: boolean;
  /** Fields changed inside the key's value (a record's fields; `null` = list content, not a map key). */
  fields: Set<string | null>;
}

/** Touched keys per top-level type name; key `null` = list content of the root itself. */
export type TouchedRoots = Map<string, Map<string | null, TouchedKey>>;

/** Collects what `transaction` changed in `doc`. Cost: O(changed types x nesting depth). */
export function collectTouched(doc: Y.Doc, transaction: Y.Transaction): TouchedRoots {
  const rootNames = new Map<Y.AbstractType<any>, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  const out: TouchedRoots = new Map();

  const touch = (root: string, key: string | null): TouchedKey => {
    let keys = out.get(root);
    if (!keys) out.set(root, (keys = new Map()));
    let entry = keys.get(key);
    if (!entry) keys.set(key, (entry = { replaced: false, fields: new Set() }));
    return entry;
  };

  for (const [type, subs] of transaction.changed) {
    const path: (string | null)[] = [];
    let current: Y.AbstractType<any> = type;
    while (current._item !== null) {
      path.unshift(current._item.parentSub);
      current = current._item.parent as Y.AbstractType<any>;
    }
    const root = rootNames.get(current) ?? '<unnamed>';
    if (path.length === 0) {
      // The root itself changed: `subs` are its keys (record ids, or meta fields).
      for (const sub of subs) touch(root, sub).replaced = true;
    } else {
      // A nested type changed: its record is path[0]; the field is path[1], or the sub itself.
      const entry = touch(root, path[0]!);
      if (path.length >= 2) entry.fields.add(path[1]!);
      else for (const sub of subs) entry.fields.add(sub);
    }
  }
  return out;
}
