/**
 * An in-process socket pair for unit tests of the collaboration server: the server end is what
 * `Connection` talks to (the subset of `ws`'s WebSocket it uses), the client end records every
 * frame the server sent, decoded, and sends frames to a room as the server's message handler
 * would.
 */
import { EventEmitter } from 'node:events';
import pino from 'pino';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { CollabClaims } from '@/lib/auth/collabToken';
import { SyncMessageType, type DocPart } from '@/lib/protocol';
import { Connection } from '@/collab-server/Connection';
import { decodeFrame, encodeSync, encodeSyncUpdate, type ClientFrame } from '@/collab-server/frames';
import type { CollabMetrics } from '@/collab-server/metrics';
import type { CollabLimits } from '@/collab-server/options';
import type { Room } from '@/collab-server/Room';

const OPEN = 1;
const CLOSED = 3;

/** The server end: the calls `Connection` makes on a `ws` socket, delivered to the client end. */
class ServerEnd extends EventEmitter {
  readonly OPEN = OPEN;
  readyState = OPEN;
  bufferedAmount = 0;

  constructor(private readonly client: ClientEnd) {
    super();
  }

  send(data: Uint8Array, callback?: (error?: Error) => void): void {
    this.client.frames.push(data.slice());
    callback?.();
  }

  ping(_data?: unknown, _mask?: boolean, callback?: (error?: Error) => void): void {
    callback?.();
  }

  close(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.client.closedWith = { code, reason };
    // `ws` reports the close after the handshake, on a later turn.
    setImmediate(() => this.emit('close', code, reason));
  }

  terminate(): void {
    this.close(1006, '');
  }
}

/** The client end: what the server sent, and frames to send to a room. */
export class ClientEnd {
  /** Every frame the server sent, in order. */
  readonly frames: Uint8Array[] = [];
  /** The close code and reason the server closed with, once it did. */
  closedWith: { code: number; reason: string } | undefined;
  /** The server's side of the connection. */
  conn!: Connection;

  constructor(private readonly room: Room) {}

  /** The server's frames, decoded (the server speaks the client's wire format). */
  messages(): ClientFrame[] {
    return this.frames.map((frame) => {
      const decoded = decodeFrame(frame);
      if (!decoded.ok) throw new Error(`the server sent an undecodable frame: ${decoded.error}`);
      return decoded.value;
    });
  }

  /** The updates the server sent (sync step 2s and updates), in order. */
  updates(): Uint8Array[] {
    return this.messages().flatMap((m) => (m.type === 'sync-update' ? [m.update] : []));
  }

  /** Sends one raw frame to the room, as the server's message handler does. */
  sendFrame(frame: Uint8Array): void {
    this.room.receive(this.conn, frame);
  }

  /** Sends a sync step 1 with `doc`'s state vector (an empty one without a doc). */
  sendStep1(doc?: Y.Doc): void {
    this.sendFrame(encodeSync(SyncMessageType.Step1, doc ? Y.encodeStateVector(doc) : Y.encodeStateVector(new Y.Doc())));
  }

  /** Sends a sync step 2 holding `update`. */
  sendStep2(update: Uint8Array): void {
    this.sendFrame(encodeSync(SyncMessageType.Step2, update));
  }

  /** Sends a sync update. */
  sendUpdate(update: Uint8Array): void {
    this.sendFrame(encodeSyncUpdate(update));
  }
}

/** Who a test client is. */
export interface TestIdentity {
  sub?: string;
  canWrite?: boolean;
}

/**
 * Connects a client to `room` through a socket pair, as the server's upgrade handler does
 * (a {@link Connection} joined to the room), and returns its client end.
 */
export function connectClient(room: Room, deps: { limits: CollabLimits; metrics: CollabMetrics }, identity: TestIdentity = {}): ClientEnd {
  const client = new ClientEnd(room);
  const sub = identity.sub ?? 'user-alice';
  const canWrite = identity.canWrite ?? true;
  const claims: CollabClaims = { sub, name: sub, building: 'b1', role: canWrite ? 'editor' : 'viewer', exp: Math.floor(Date.now() / 1000) + 3600 };
  const socket = new ServerEnd(client) as unknown as WebSocket;
  client.conn = new Connection(socket, room.docName, room.part as DocPart, claims, canWrite, '127.0.0.1', pino({ level: 'silent' }), deps.limits, deps.metrics);
  room.add(client.conn);
  return client;
}
