/**
 * A TCP proxy that can go silent the way a broken network path does: `stall()` stops forwarding
 * on every open connection WITHOUT closing it (no FIN, no RST: the sockets stay open, nothing is
 * read or written, so the far kernels keep acknowledging and neither end notices), and new
 * connections are accepted but not forwarded. `resume()` forwards new connections again; the
 * stalled ones stay half-open until `close()`. Tests put it between a server and its database.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A running proxy. */
export interface StallingProxy {
  /** The port clients connect to (127.0.0.1). */
  readonly port: number;
  /** `targetUrl` (a postgres:// URL) with its host and port replaced by the proxy's. */
  urlFor(targetUrl: string): string;
  /** Stops forwarding everything, keeping every socket open; new connections hang too. */
  stall(): void;
  /** Forwards new connections again; connections open during the stall stay silent forever. */
  resume(): void;
  /** Connections forwarding now (not stalled). */
  live(): number;
  /** Destroys every socket and stops listening. */
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
  stalled: boolean;
}

/** Starts a proxy to `target` (host:port of the real server). */
export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  const pairs = new Set<Pair>();
  let stalled = false;

  const server: Server = createServer((client) => {
    const pair: Pair = { client, upstream: undefined, stalled };
    pairs.add(pair);
    client.on('error', () => {});
    client.on('close', () => {
      pairs.delete(pair);
      if (!pair.stalled) pair.upstream?.destroy();
    });
    if (stalled) {
      client.pause(); // accepted, never answered
      return;
    }
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => {});
    upstream.on('close', () => {
      if (!pair.stalled) client.destroy();
    });
    client.on('data', (chunk) => {
      if (!pair.stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.stalled) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy: unexpected address');

  return {
    port: address.port,
    urlFor(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = '127.0.0.1';
      url.port = String(address.port);
      return url.toString();
    },
    stall() {
      stalled = true;
      for (const pair of pairs) {
        pair.stalled = true;
        // Stop reading both ends: the kernels' buffers fill, and no byte crosses either way.
        pair.client.pause();
        pair.upstream?.pause();
      }
    },
    resume() {
      stalled = false;
    },
    live: () => [...pairs].filter((p) => !p.stalled).length,
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
