'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { listPeers, type Peer, type PresenceCursor, type PresenceView3d, type PresenceViewport, type PresenceXr } from '@/lib/doc';
import { PresenceNotices } from './presenceNotices';

/** Awareness updates are sent at most this often (ms): about 25 per second. */
export const PRESENCE_INTERVAL_MS = 40;

/**
 * What this client publishes besides `user` (which BuildingConnection sets). `publish` merges the
 * fields given; `null` clears one (a closed 3D view, an ended headset session).
 */
export interface LocalPresence {
  cursor?: PresenceCursor | null;
  selection?: readonly string[];
  viewport?: PresenceViewport;
  following?: string | null;
  /** The 3D view's camera, section and storey filter while a 3D view is open. */
  view3d?: PresenceView3d | null;
  /** The headset's mode and poses while in an XR session. */
  xr?: PresenceXr | null;
}

/** What {@link usePresence} gives: the peers, join/leave toasts, and `publish`. */
export interface Presence {
  readonly peers: Peer[];
  readonly toasts: PresenceToast[];
  readonly publish: (fields: LocalPresence) => void;
}

/** How long a join/leave notice stays (ms). */
const TOAST_MS = 4_000;

/** A join/leave notice. */
export interface PresenceToast {
  id: number;
  text: string;
}

/**
 * Presence over the provider's awareness: `publish` merges fields into the local state, throttled
 * to {@link PRESENCE_INTERVAL_MS}; `peers` are the other clients (parsed, at most once per frame);
 * `toasts` tell who joined or left, per person and never about oneself (`PresenceNotices`: a
 * reconnect or a second tab is neither), each for a few seconds.
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
    const notices = new PresenceNotices();
    let frame = 0;
    let nextToast = 1;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const toastTimers = new Set<ReturnType<typeof setTimeout>>();
    const show = (texts: string[]) => {
      if (texts.length === 0) return;
      const notes = texts.map((text) => ({ id: nextToast++, text }));
      setToasts((t) => [...t, ...notes].slice(-4));
      const timer = setTimeout(() => {
        toastTimers.delete(timer);
        setToasts((t) => t.filter((x) => !notes.includes(x)));
      }, TOAST_MS);
      toastTimers.add(timer);
    };
    const scheduleExpiry = () => {
      clearTimeout(expiry);
      const at = notices.nextExpiry();
      if (at === undefined) return;
      expiry = setTimeout(() => {
        show(notices.expire(Date.now()));
        scheduleExpiry();
      }, Math.max(0, at - Date.now()));
    };
    const read = () => {
      frame = 0;
      const next = listPeers(awareness.getStates(), awareness.clientID);
      const selfUser = (awareness.getLocalState() as { user?: { id?: unknown } } | null)?.user?.id;
      show(notices.observe(next, typeof selfUser === 'string' ? selfUser : undefined, provider.synced, Date.now()));
      scheduleExpiry();
      setPeers(next);
    };
    const onChange = () => {
      if (frame === 0) frame = requestAnimationFrame(read);
    };
    awareness.on('change', onChange);
    // Whether this client is live decides how vanished peers are read: re-read when it changes.
    provider.on('sync', onChange);
    provider.on('status', onChange);
    onChange();
    return () => {
      awareness.off('change', onChange);
      provider.off('sync', onChange);
      provider.off('status', onChange);
      if (frame !== 0) cancelAnimationFrame(frame);
      clearTimeout(expiry);
      for (const timer of toastTimers) clearTimeout(timer);
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
