import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type { OfflineStore } from './BuildingConnection';

/**
 * The browser's offline store of building documents: IndexedDB through y-indexeddb. Undefined
 * where there is no IndexedDB (server rendering, tests in Node).
 */
export const indexedDbOfflineStore: OfflineStore | undefined =
  typeof indexedDB === 'undefined'
    ? undefined
    : {
        open: (name, doc) => new IndexeddbPersistence(name, doc),
        clear: async (name) => {
          await clearDocument(name);
        },
      };
