'use client';

import { useSyncExternalStore } from 'react';
import type { LiveAccess } from './BuildingConnection';

/**
 * The live access of each open building, for parts of the page outside the live building (the
 * role badge in the header): `useLiveBuilding` publishes, {@link useLiveAccess} reads.
 */
const current = new Map<string, LiveAccess>();
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

/** Sets (or with `undefined` forgets) the live access to `buildingId`. */
export function publishLiveAccess(buildingId: string, access: LiveAccess | undefined): void {
  if (access) current.set(buildingId, access);
  else current.delete(buildingId);
  notify();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The live access to `buildingId`, or undefined while no live building publishes it (and on the server). */
export function useLiveAccess(buildingId: string): LiveAccess | undefined {
  return useSyncExternalStore(
    subscribe,
    () => current.get(buildingId),
    () => undefined,
  );
}
