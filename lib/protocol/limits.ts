/**
 * Default limits of the collaboration server (collab-server/options.ts documents each one and
 * the threat it guards against). Here because clients need some of them too: a client that
 * batches its own edits stays under {@link DEFAULT_MAX_MESSAGE_BYTES}, and a client that
 * reconnects after a close code decides with {@link isRetryableCloseCode}.
 */
import { CloseCode } from './closeCodes';

/** Largest binary frame the server accepts: 8 MiB (larger -> close 4413). */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Sustained messages per second per connection (token bucket refill rate; excess -> 4429). */
export const DEFAULT_MESSAGES_PER_SECOND = 200;
/** Burst of messages per connection (token bucket size). */
export const DEFAULT_MESSAGE_BURST = 400;
/** Bytes a connection may send while its document is still loading (excess -> 4413). */
export const DEFAULT_PRELOAD_BUFFER_BYTES = 1024 * 1024;
/** Bytes of updates held per connection while they wait for missing dependencies (excess -> 4413). */
export const DEFAULT_PENDING_UPDATE_BYTES = 8 * 1024 * 1024;
/** Live connections per document (excess -> 4429). */
export const DEFAULT_MAX_CONNECTIONS_PER_DOC = 500;
/** Live connections per client address (excess -> 4429). */
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 100;
/**
 * Bytes the server may have queued for one connection (sent but not yet taken by the client's
 * socket). A client that falls this far behind is dropped; it re-syncs when it reconnects.
 */
export const DEFAULT_MAX_SEND_BUFFER_BYTES = 64 * 1024 * 1024;
/**
 * Highest clock a Yjs client id may reach (exclusive): a struct range ending beyond it is refused
 * with 4400 as no real client could have made it (2^32: four billion writes from one document copy).
 */
export const DEFAULT_MAX_CLIENT_CLOCK = 2 ** 32;
/** Most new clocks of one client one update may add (2^24 = 16.7 million; beyond -> 4400). */
export const DEFAULT_MAX_CLOCK_RANGE_PER_UPDATE = 2 ** 24;
/** Interval of server pings; a connection that missed the previous pong is closed with 4408. */
export const DEFAULT_PING_INTERVAL_MS = 30_000;

/**
 * Whether a client should reconnect after the server closed with `code`. The stock
 * y-websocket provider treats every 4400-4499 code as permanent; 4408 (timeout) and 4429 (rate
 * limited) are transient like HTTP 408/429, so pass
 * `shouldReconnect: (event) => isRetryableCloseCode(event.code)` to the provider.
 */
export function isRetryableCloseCode(code: number): boolean {
  if (code === CloseCode.Timeout || code === CloseCode.RateLimited) return true;
  return !(code >= 4400 && code < 4500);
}

/** First delay of {@link retryDelayMs}: 1 s. */
export const RETRY_BASE_MS = 1_000;
/** Longest delay of {@link retryDelayMs} before jitter: 30 s. */
export const RETRY_MAX_MS = 30_000;

/**
 * How long a client waits before its `attempt`-th reconnect (0 = the first) after the server
 * refused it for a transient reason (4429 rate limited, and repeated 4408 / 4401 / 4503):
 * 1 s doubling per attempt up to 30 s, times a random factor in [0.75, 1.25) so that clients
 * refused together do not come back together. Each delay is longer than the one before until the
 * cap. Reset the attempt count once a connection synced.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + 0.5 * random()));
}
