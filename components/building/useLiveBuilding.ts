'use client';

import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { BuildingRole } from '@/lib/auth/roles';
import { BuildingConnection, type CreateProvider } from './BuildingConnection';
import { BuildingReadModel } from './BuildingReadModel';
import { fetchCollabToken } from './fetchCollabToken';
import { indexedDbOfflineStore } from './indexedDbOfflineStore';
import { publishLiveAccess } from './liveAccess';
import { useThrottled } from './useThrottled';

/** The read model's version on the server render, where there is no live doc yet. */
const NO_VERSION = () => -1;

const createWebsocketProvider: CreateProvider<WebsocketProvider> = (url, room, doc, options) => new WebsocketProvider(url, room, doc, options);

/** Options of {@link useLiveBuilding} (see `BuildingConnectionOptions`). */
export interface LiveBuildingOptions {
  /** The role the page was rendered with; the role of each collab token replaces it (`access`). */
  readonly role: BuildingRole;
  /** Keep an offline copy in IndexedDB while the role may write the model. Default false. */
  readonly persist?: boolean;
  /** The signed-in user, whose offline copy this is. */
  readonly userId?: string;
}

/**
 * Opens a building's model document live through a {@link BuildingConnection} (token refresh,
 * close-code policy, offline copy, discard) for as long as the component is mounted. Returns the
 * doc, the provider, the read model, a plain snapshot that follows every change (throttled), the
 * connection status, this user's live `access` (the role follows every token: a downgrade,
 * upgrade or removal shows without a reload), and `discardLocalChanges`, the way out of status
 * `rejected` (`generation` counts the docs it replaced).
 */
export function useLiveBuilding(buildingId: string, user: { id?: string; name: string; color: string }, options: LiveBuildingOptions) {
  const persist = options.persist ?? false;
  const userId = options.userId;
  const connection = useMemo(
    () => new BuildingConnection(buildingId, new Y.Doc(), { fetchToken: fetchCollabToken, createProvider: createWebsocketProvider, user, role: options.role, persist, userId, offlineStore: indexedDbOfflineStore }),
    // `user` is set once per mount, and `role` is only where the connection starts (tokens
    // replace it): neither is a reason to reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [buildingId, persist, userId],
  );
  useEffect(() => {
    connection.connect();
    return () => connection.destroy();
  }, [connection]);
  const { doc, provider, generation, status, peers, offlineReady, access } = useSyncExternalStore(connection.subscribe, connection.getState, connection.getState);
  useEffect(() => {
    publishLiveAccess(buildingId, access);
  }, [buildingId, access]);
  useEffect(() => () => publishLiveAccess(buildingId, undefined), [buildingId]);
  const readModel = useMemo(() => new BuildingReadModel(doc), [doc]);
  const version = useSyncExternalStore(readModel.subscribe, readModel.getVersion, NO_VERSION);
  // A full plain snapshot costs O(elements): rebuild it at most every 250 ms (the plan reads the
  // read model directly, per element).
  const snapshotVersion = useThrottled(version, 250);
  const snapshot = useMemo(() => (snapshotVersion >= 0 ? (readModel.snapshot() ?? null) : null), [readModel, snapshotVersion]);
  const discardLocalChanges = useCallback(() => connection.discardLocalChanges(), [connection]);
  return { doc, provider, readModel, generation, snapshot, status, peers, offlineReady, access, discardLocalChanges };
}
