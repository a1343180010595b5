'use client';

import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readThreads, threadsOf } from '@/lib/doc';
import type { BuildingRole } from '@/lib/auth/roles';
import type { Thread } from '@/lib/model';
import { BuildingConnection, type CreateProvider } from '@/components/building/BuildingConnection';
import { fetchCollabToken } from '@/components/building/fetchCollabToken';

const createWebsocketProvider: CreateProvider<WebsocketProvider> = (url, room, doc, options) => new WebsocketProvider(url, room, doc, options);

/**
 * Opens a building's review document (`building/<id>/review`) live, beside the model: a second
 * {@link BuildingConnection} on the same collab tokens (refresh, close codes, role that follows
 * each token), without an offline copy. Returns its state (doc, provider, status, access).
 */
export function useReviewDoc(buildingId: string, user: { id: string; name: string; color: string }, role: BuildingRole) {
  const connection = useMemo(
    () => new BuildingConnection(buildingId, new Y.Doc(), { fetchToken: fetchCollabToken, createProvider: createWebsocketProvider, user, role, part: 'review' }),
    // `user` and `role` are where the connection starts; neither is a reason to reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [buildingId, user.id],
  );
  useEffect(() => {
    connection.connect();
    return () => connection.destroy();
  }, [connection]);
  return useSyncExternalStore(connection.subscribe, connection.getState, connection.getState);
}

const NO_THREADS: readonly Thread[] = [];

/** Reads the threads once per change of the review document, for every subscriber. */
class ThreadsStore {
  #threads: readonly Thread[];
  readonly #listeners = new Set<() => void>();
  constructor(readonly doc: Y.Doc) {
    this.#threads = readThreads(doc).threads;
  }
  get = (): readonly Thread[] => this.#threads;
  #onChange = () => {
    this.#threads = readThreads(this.doc).threads;
    for (const listener of this.#listeners) listener();
  };
  subscribe = (listener: () => void): (() => void) => {
    if (this.#listeners.size === 0) {
      threadsOf(this.doc).observeDeep(this.#onChange);
      // The doc may have changed since the last read.
      this.#threads = readThreads(this.doc).threads;
    }
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) threadsOf(this.doc).unobserveDeep(this.#onChange);
    };
  };
}

/** The valid threads of a review document, newest first; follows every change, local or remote. */
export function useThreads(doc: Y.Doc): readonly Thread[] {
  const store = useMemo(() => new ThreadsStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.get, () => NO_THREADS);
}
