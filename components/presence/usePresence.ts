'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { diffPeers, listPeers, type Peer, type PresenceCursor, type PresenceViewport } from '@/lib/doc';

/** Awareness updates are sent at most this often (ms): about 25 per second. */
export const PRESENCE_INTERVAL_MS = 40;

/** What this client publishes besides `user` (which BuildingConnection sets). */
export interface LocalPresence {
  cursor?: PresenceCursor | null;
  selection?: readonly string[];
  viewport?: PresenceViewport;
  following?: string | null;
}

/** What {@link usePresence} gives: the peers, join/leave toasts, and `publish`. */
export interface Presence {
  readonly peers: Peer[];
  readonly toasts: PresenceToast[];
  readonly publish: (fields: LocalPresence) => void;
}

/** A join/leave notice. */
export interface PresenceToast {
  id: number;
  text: string;
}

/**
 * Presence over the provider's awareness: `publish` merges fields into the local state, throttled
 * to {@link PRESENCE_INTERVAL_MS}; `peers` are the other clients (parsed, at most once per frame);
 * `toasts` tell who joined or left (each disappears after a few seconds).
 */
export function usePresence(provider: WebsocketProvider | null): Presence {
  const [peers, setPeers] = useState<Peer[]>([]);
  const [toasts, setToasts] = useState<PresenceToast[]>([]);
  const pending = useRef<LocalPresence>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastSent = useRef(0);

  useEffect(() => {
    if (!provider) return;
    const awareness = provider.awareness;
    let frame = 0;
    let previous: Peer[] = [];
    let first = true;
    let nextToast = 1;
    const read = () => {
      frame = 0;
      const next = listPeers(awareness.getStates(), awareness.clientID);
      if (!first) {
        const { joined, left } = diffPeers(previous, next);
        const notes = [...joined.map((p) => `${p.user.name} joined`), ...left.map((p) => `${p.user.name} left`)].map((text) => ({ id: nextToast++, text }));
        if (notes.length > 0) {
          setToasts((t) => [...t, ...notes].slice(-4));
          setTimeout(() => setToasts((t) => t.filter((x) => !notes.includes(x))), 4_000);
        }
      }
      // Peers seen on first sync are already here: no toast for them.
      if (provider.synced) first = false;
      previous = next;
      setPeers(next);
    };
    const onChange = () => {
      if (frame === 0) frame = requestAnimationFrame(read);
    };
    awareness.on('change', onChange);
    onChange();
    return () => {
      awareness.off('change', onChange);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [provider]);

  const flush = useCallback(() => {
    timer.current = undefined;
    if (!provider) return;
    lastSent.current = Date.now();
    const current = provider.awareness.getLocalState() ?? {};
    const patch: Record<string, unknown> = { ...current, activeAt: Date.now() };
    for (const [key, value] of Object.entries(pending.current)) patch[key] = value ?? undefined;
    pending.current = {};
    provider.awareness.setLocalState(patch);
  }, [provider]);

  const publish = useCallback(
    (fields: LocalPresence) => {
      Object.assign(pending.current, fields);
      if (timer.current !== undefined) return;
      const wait = Math.max(0, PRESENCE_INTERVAL_MS - (Date.now() - lastSent.current));
      timer.current = setTimeout(flush, wait);
    },
    [flush],
  );

  useEffect(() => () => clearTimeout(timer.current), []);

  return { peers, toasts, publish };
}
