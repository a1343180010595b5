/** Typed change events for a building doc, one batch per transaction. */
import type * as Y from 'yjs';
import { getMaps, type CollectionName } from './layout';
import { transactionOriginKind, type OriginKind } from './origins';

/** What happened to one record. */
export type BuildingEventType =
  | 'element-added'
  | 'element-updated'
  | 'element-removed'
  | 'storey-added'
  | 'storey-updated'
  | 'storey-removed'
  | 'connection-added'
  | 'connection-updated'
  | 'connection-removed'
  | 'meta-updated';

/** One record-level change. */
export interface BuildingEvent {
  readonly type: BuildingEventType;
  /** Record id (`'meta'` for meta). */
  readonly id: string;
  /** For `*-updated`: changed top-level field names, sorted (`props` for any user property).
   *  Absent when the whole record was replaced. */
  readonly fields?: string[];
  /** Origin kind of the transaction. */
  readonly origin: OriginKind;
}

/** Receives all events of one transaction, in a stable order (collection, then id). */
export type BuildingListener = (events: readonly BuildingEvent[]) => void;

const PREFIX: Record<CollectionName, 'element' | 'storey' | 'connection'> = {
  elements: 'element',
  storeys: 'storey',
  connections: 'connection',
};

interface Pending {
  /** id → 'added' | 'removed' | 'replaced' | set of fields */
  changes: Map<string, 'added' | 'removed' | 'replaced' | Set<string>>;
}

/**
 * Calls `listener` once per transaction that changed the model, with typed record-level events
 * (built from observeDeep on the four maps). Returns a function that unsubscribes.
 */
export function observeBuilding(doc: Y.Doc, listener: BuildingListener): () => void {
  const maps = getMaps(doc);
  const pending = new Map<CollectionName | 'meta', Pending>();
  const entry = (name: CollectionName | 'meta') => {
    let p = pending.get(name);
    if (!p) pending.set(name, (p = { changes: new Map() }));
    return p;
  };
  const addField = (p: Pending, id: string, field: string) => {
    const current = p.changes.get(id);
    if (current === undefined) p.changes.set(id, new Set([field]));
    else if (current instanceof Set) current.add(field);
  };

  const collectionObserver = (name: CollectionName) => (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const p = entry(name);
    for (const event of events) {
      const path = event.path;
      if (path.length === 0) {
        for (const [id, change] of event.changes.keys) {
          p.changes.set(id, change.action === 'add' ? 'added' : change.action === 'delete' ? 'removed' : 'replaced');
        }
      } else {
        const id = String(path[0]);
        if (path.length === 1) for (const field of event.changes.keys.keys()) addField(p, id, field);
        else addField(p, id, String(path[1]));
      }
    }
  };
  const metaObserver = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const p = entry('meta');
    for (const event of events) for (const field of event.changes.keys.keys()) addField(p, 'meta', field);
  };

  const observers = (['storeys', 'elements', 'connections'] as const).map((name) => [name, collectionObserver(name)] as const);
  for (const [name, fn] of observers) maps[name].observeDeep(fn);
  maps.meta.observeDeep(metaObserver);

  const flush = (tr: Y.Transaction) => {
    if (pending.size === 0) return;
    const origin = transactionOriginKind(tr.origin, tr.local);
    const events: BuildingEvent[] = [];
    for (const name of ['meta', 'storeys', 'elements', 'connections'] as const) {
      const p = pending.get(name);
      if (!p) continue;
      for (const id of [...p.changes.keys()].sort()) {
        const change = p.changes.get(id)!;
        if (name === 'meta') {
          events.push({ type: 'meta-updated', id, fields: [...(change as Set<string>)].sort(), origin });
          continue;
        }
        const prefix = PREFIX[name];
        if (change === 'added') events.push({ type: `${prefix}-added`, id, origin });
        else if (change === 'removed') events.push({ type: `${prefix}-removed`, id, origin });
        else if (change === 'replaced') events.push({ type: `${prefix}-updated`, id, origin });
        else events.push({ type: `${prefix}-updated`, id, fields: [...change].sort(), origin });
      }
    }
    pending.clear();
    if (events.length > 0) listener(events);
  };
  doc.on('afterTransaction', flush);

  return () => {
    for (const [name, fn] of observers) maps[name].unobserveDeep(fn);
    maps.meta.unobserveDeep(metaObserver);
    doc.off('afterTransaction', flush);
  };
}
