/**
 * Clients connect from many loopback addresses (127.0.x.y), as users do from many hosts, so that
 * per-address connection limits (ArxOS: 100 per IP by default) apply as they would in production.
 */
import { WebSocket } from 'ws';

/** Clients per source address. */
const CLIENTS_PER_ADDRESS = 50;

/** Loopback source address of client `index`. */
export function sourceAddress(index: number): string {
  const host = Math.floor(index / CLIENTS_PER_ADDRESS);
  return `127.0.${1 + Math.floor(host / 250)}.${1 + (host % 250)}`;
}

let lastArrival = 0;

/**
 * When (performance.timeOrigin + performance.now(), ms) the last message arrived complete at any
 * socket of this process, before the client library handled it (the cold load's "state received").
 */
export function lastMessageArrival(): number {
  return lastArrival;
}

/** A `ws` WebSocket class whose connections come from `localAddress`. */
export function webSocketFrom(localAddress: string): typeof WebSocket {
  return class WebSocketFrom extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols ?? [], { localAddress });
      // Registered before the provider's own handler (set after construction), so it runs first.
      this.on('message', () => {
        lastArrival = performance.timeOrigin + performance.now();
      });
    }
  } as typeof WebSocket;
}
