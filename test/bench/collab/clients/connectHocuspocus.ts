/** Client factory of Hocuspocus: its own @hocuspocus/provider, one WebSocket per client. */
import { HocuspocusProvider } from '@hocuspocus/provider';
import { sourceAddress, webSocketFrom } from './sourceAddress';
import type { BenchConnection, ConnectOptions } from '../targets/types';

export function connectHocuspocus(options: ConnectOptions): BenchConnection {
  let provider!: HocuspocusProvider;
  let isReady = false;
  let disconnects = 0;
  const ready = new Promise<void>((resolve, reject) => {
    provider = new HocuspocusProvider({
      url: `ws://127.0.0.1:${options.port}`,
      // Node 20 has no global WebSocket.
      WebSocketPolyfill: webSocketFrom(sourceAddress(options.clientIndex)),
      name: options.docName,
      document: options.doc,
      onSynced: ({ state }) => state && resolve(),
      onDisconnect: () => isReady && disconnects++,
      onAuthenticationFailed: ({ reason }) => reject(new Error(`authentication failed for ${options.docName}: ${reason}`)),
    } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  });
  void ready.then(() => (isReady = true), () => {});
  return { ready, disconnects: () => disconnects, destroy: () => provider.destroy() };
}
