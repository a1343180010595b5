import * as Y from 'yjs';
import { loadSnapshot, ORIGIN, RemoteOrigin } from '@/lib/doc';
import v0 from '@/test/fixtures/model/building.v0.json';

/** A doc holding the (migrated) v0 fixture building. */
export function fixtureDoc(clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  const loaded = loadSnapshot(doc, v0, ORIGIN.load);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return doc;
}

/** A fresh doc with the same state as `source` (a peer that has synced). */
export function cloneDoc(source: Y.Doc, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), new RemoteOrigin('clone'));
  return doc;
}

/** Exchanges missing updates between every pair of docs (both directions). */
export function syncAll(...docs: Y.Doc[]): void {
  for (const a of docs) {
    for (const b of docs) {
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), new RemoteOrigin('sync'));
    }
  }
}

/** The full encoded state, for "nothing changed" assertions. */
export function stateOf(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

/** Writes raw JSON into a doc with the model layout, bypassing validation (old-version fixtures). */
export function writeRawBuilding(doc: Y.Doc, raw: Record<string, Record<string, unknown> | undefined>): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    for (const [k, v] of Object.entries(raw.meta ?? {})) meta.set(k, v);
    for (const name of ['storeys', 'elements', 'connections']) {
      const map = doc.getMap(name);
      for (const [id, record] of Object.entries(raw[name] ?? {})) {
        const ymap = new Y.Map<unknown>();
        map.set(id, ymap);
        for (const [k, v] of Object.entries(record as Record<string, unknown>)) {
          if (k === 'props') {
            const props = new Y.Map<unknown>();
            ymap.set('props', props);
            for (const [pk, pv] of Object.entries(v as Record<string, unknown>)) props.set(pk, pv);
          } else ymap.set(k, v);
        }
      }
    }
  }, ORIGIN.load);
}
