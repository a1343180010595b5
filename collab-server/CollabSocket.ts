import WebSocket from 'ws';
import { CloseCode, closeReason } from '@/lib/protocol';

/**
 * The server-side socket class (passed to `WebSocketServer` as `WebSocket`). When `ws` itself
 * refuses a frame it closes with a standard code: 1009 when the frame header announces more
 * than `maxPayload` bytes (refused before the payload is buffered), 1002/1007 for protocol or
 * encoding violations. Clients of ours expect the named codes of lib/protocol (SPEC.md rule 8),
 * so those are translated here: 1009 -> 4413, 1002/1007 -> 4400.
 */
export class CollabSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    const named = code === undefined ? undefined : WS_TO_NAMED[code];
    if (named !== undefined) super.close(named, closeReason[named]);
    else super.close(code, data);
  }
}

const WS_TO_NAMED: Record<number, CloseCode> = {
  1009: CloseCode.TooLarge,
  1002: CloseCode.BadMessage,
  1007: CloseCode.BadMessage,
};
