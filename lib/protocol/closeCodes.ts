/**
 * WebSocket close codes of the ArxOS collaboration server (ARCHITECTURE.md section 3).
 * One place for every code, so server, clients and tests agree on their meaning.
 * 4000-4999 is the range RFC 6455 leaves to applications; each code mirrors an HTTP status.
 */
export const CloseCode = {
  /** A frame that could not be decoded, or a message type we do not speak. */
  BadMessage: 4400,
  /** Missing, invalid or expired collab token. */
  Unauthorized: 4401,
  /** Valid token, but not for this document, or a write from a read-only role. */
  Forbidden: 4403,
  /** The connection stayed silent past the idle timeout. */
  Timeout: 4408,
  /**
   * The client's copy of the document belongs to a lineage the server has rebased (replaced by a
   * copy without history; docs/DECISIONS.md 22). What the client had changed on it has been
   * carried over; it must drop its copy (memory and offline store) and load the document again.
   */
  DocumentReplaced: 4409,
  /** A message larger than the configured maximum. */
  TooLarge: 4413,
  /** Too many messages, or too many connections for this document or address. */
  RateLimited: 4429,
  /** The server could not serve the document (for example: the stored state failed to load). */
  ServerError: 4500,
  /**
   * The server cannot reach its database right now (a check it must make before serving the
   * connection failed or ran out of time). Transient: reconnect with backoff.
   */
  Unavailable: 4503,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** A short reason sent with each close code (a close reason is limited to 123 bytes). */
export const closeReason: Record<CloseCode, string> = {
  [CloseCode.BadMessage]: 'bad message',
  [CloseCode.Unauthorized]: 'unauthorized',
  [CloseCode.Forbidden]: 'forbidden',
  [CloseCode.Timeout]: 'timeout',
  [CloseCode.DocumentReplaced]: 'document replaced',
  [CloseCode.TooLarge]: 'message too large',
  [CloseCode.RateLimited]: 'rate limited',
  [CloseCode.ServerError]: 'server error',
  [CloseCode.Unavailable]: 'database unavailable',
};
