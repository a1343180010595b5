'use client';

import { useCallback, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** Where a person's "inbox last opened" time is kept for a building, in this browser. */
const keyOf = (userId: string, buildingId: string) => `arxos:inbox-seen:${userId}:${buildingId}`;

/**
 * When `userId` last opened the inbox of `buildingId` (an ISO time, null: never), remembered per
 * user in localStorage (other tabs follow), and `markSeen`, which sets it to now.
 */
export function useInboxSeen(userId: string, buildingId: string): [seenAt: string | null, markSeen: () => void] {
  const key = keyOf(userId, buildingId);
  const seenAt = useSyncExternalStore(
    subscribe,
    () => localStorage.getItem(key),
    () => null,
  );
  const markSeen = useCallback(() => {
    localStorage.setItem(key, new Date().toISOString());
    for (const listener of listeners) listener();
  }, [key]);
  return [seenAt, markSeen];
}
