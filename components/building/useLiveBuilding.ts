'use client';

import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { observeBuilding, readBuilding, readMeta } from '@/lib/doc';
import type { BuildingSnapshot } from '@/lib/model';
import { CloseCode } from '@/lib/protocol';

/** What the page says about the live connection. */
export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'syncing' }
  | { state: 'live' }
  | { state: 'reconnecting' }
  | { state: 'failed'; message: string };

interface TokenResponse {
  token: string;
  role: string;
  expiresAt: string;
  url: string;
  docs: { model: string; review: string };
}

/** Refresh the collab token this long before it expires (tokens live 5 minutes). */
const REFRESH_MARGIN_MS = 60_000;

async function fetchToken(buildingId: string): Promise<TokenResponse> {
  const response = await fetch(`/api/collab-token?building=${encodeURIComponent(buildingId)}`, { cache: 'no-store' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `could not get a collab token (HTTP ${response.status})`);
  }
  return (await response.json()) as TokenResponse;
}

/** Words for the close codes a person may see (lib/protocol). */
function describeClose(code: number, reason: string): string {
  switch (code) {
    case CloseCode.Forbidden:
      return 'You do not have access to this building any more.';
    case CloseCode.TooLarge:
      return 'The server refused an edit that was too large.';
    case CloseCode.BadMessage:
      return `The server refused an edit${reason ? `: ${reason}` : ''}.`;
    default:
      return `The connection was closed (${code}${reason ? `: ${reason}` : ''}).`;
  }
}

/**
 * Opens a building's model document live: a Y.Doc synced through the stock y-websocket provider
 * with a collab token from `/api/collab-token`, refreshed before it expires and after the server
 * rejects it. Returns the doc, the provider, a typed snapshot that follows every change, and the
 * connection status.
 */
export function useLiveBuilding(buildingId: string, user: { name: string; color: string }) {
  const [doc] = useState(() => new Y.Doc());
  const [provider, setProvider] = useState<WebsocketProvider | null>(null);
  const [snapshot, setSnapshot] = useState<BuildingSnapshot | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting' });
  const [peers, setPeers] = useState(1);

  useEffect(() => {
    let frame = 0;
    const read = () => {
      frame = 0;
      if (readMeta(doc)) setSnapshot(readBuilding(doc));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(read);
    };
    const unobserve = observeBuilding(doc, schedule);
    schedule();
    return () => {
      unobserve();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [doc]);

  useEffect(() => {
    let disposed = false;
    let live: WebsocketProvider | null = null;
    let expiresAt = 0;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;

    const refresh = async () => {
      const fresh = await fetchToken(buildingId);
      expiresAt = Date.parse(fresh.expiresAt);
      if (live) live.params = { ...live.params, token: fresh.token };
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void refresh().catch(() => undefined), Math.max(5_000, expiresAt - Date.now() - REFRESH_MARGIN_MS));
      return fresh;
    };

    refresh()
      .then((first) => {
        if (disposed) return;
        const p = new WebsocketProvider(first.url, first.docs.model, doc, { params: { token: first.token }, maxBackoffTime: 5_000 });
        live = p;
        p.awareness.setLocalStateField('user', user);
        p.on('status', ({ status: s }) => setStatus(s === 'connected' ? { state: 'syncing' } : s === 'connecting' ? { state: 'connecting' } : { state: 'reconnecting' }));
        p.on('sync', (synced: boolean) => synced && setStatus({ state: 'live' }));
        p.on('connection-close', () => {
          // A token close to expiry is replaced before the provider's backoff reconnects.
          if (Date.now() > expiresAt - REFRESH_MARGIN_MS) void refresh().catch(() => undefined);
        });
        p.on('closed', ({ code, reason }) => {
          if (code === CloseCode.Unauthorized || code === CloseCode.Timeout || code === CloseCode.RateLimited) {
            setStatus({ state: 'reconnecting' });
            const delay = code === CloseCode.RateLimited ? 3_000 : 0;
            setTimeout(() => void refresh().then(() => !disposed && p.connect(), (error: Error) => setStatus({ state: 'failed', message: error.message })), delay);
          } else {
            setStatus({ state: 'failed', message: describeClose(code, reason) });
          }
        });
        p.awareness.on('change', () => setPeers(p.awareness.getStates().size));
        setProvider(p);
      })
      .catch((error: Error) => !disposed && setStatus({ state: 'failed', message: error.message }));

    return () => {
      disposed = true;
      clearTimeout(refreshTimer);
      live?.destroy();
      setProvider(null);
    };
    // `user` is set once per mount; a change of name is not a reason to reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [buildingId, doc]);

  return { doc, provider, snapshot, status, peers };
}
