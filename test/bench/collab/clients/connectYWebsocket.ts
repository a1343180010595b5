/** Client factory of the y-websocket family: the stock `y-websocket` WebsocketProvider. */
import { sourceAddress, webSocketFrom } from './sourceAddress';
import { WebsocketProvider } from 'y-websocket';
import type { BenchConnection, ConnectOptions } from '../targets/types';

export interface YWebsocketClientOptions {
  /** URL query parameters (ArxOS: `{token}`). */
  params?: Record<string, string>;
  /** Ready on connect instead of on sync (the relay has no state to sync). */
  readyOnConnect?: boolean;
}

export function connectYWebsocket(options: ConnectOptions, client: YWebsocketClientOptions = {}): BenchConnection {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${options.port}`, options.docName, options.doc, {
    // Node 20 has no global WebSocket.
    WebSocketPolyfill: webSocketFrom(sourceAddress(options.clientIndex)) as unknown as typeof globalThis.WebSocket,
    // Clients share a process: without this they would sync through BroadcastChannel, not the server.
    disableBc: true,
    params: client.params ?? {},
  });
  let isReady = false;
  let disconnects = 0;
  provider.on('connection-close', () => isReady && disconnects++);
  const ready = new Promise<void>((resolve, reject) => {
    if (client.readyOnConnect) {
      provider.on('status', ({ status }: { status: string }) => status === 'connected' && resolve());
    } else {
      provider.on('sync', (synced: boolean) => synced && resolve());
    }
    provider.on('closed', ({ code, reason }: { code: number; reason: string }) => reject(new Error(`server closed the connection to ${options.docName}: ${code} ${reason}`)));
  });
  void ready.then(() => (isReady = true), () => {});
  return { ready, disconnects: () => disconnects, destroy: () => provider.destroy() };
}
