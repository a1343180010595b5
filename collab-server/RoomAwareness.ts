/**
 * A room's presence (SPEC.md rule 17): the awareness states of its clients, stamped with the
 * server's identity, each client id owned by the user that first announced it, and the states a
 * connection set removed when it closes.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CloseCode } from '@/lib/protocol';
import { stampAwareness } from './awarenessGuard';
import { Connection } from './Connection';
import { encodeAwareness, type ClientFrame } from './frames';
import type { CollabMetrics } from './metrics';

/** A presence message of a client. */
export type PresenceFrame = Extract<ClientFrame, { type: 'awareness' | 'query-awareness' }>;

/** The awareness of one room and who owns which of its client ids. */
export class RoomAwareness {
  readonly awareness: awarenessProtocol.Awareness;
  /** The connection whose state each awareness client id currently shows (removed when it closes). */
  readonly #setBy = new Map<number, Connection>();
  /**
   * The user each awareness client id belongs to: the user of the connection that first announced
   * it in this room, for as long as the room is loaded. Kept when its state is removed or its
   * connection closes, so nobody can take a reconnecting user's id meanwhile.
   */
  readonly #users = new Map<number, string>();

  /**
   * @param connections the room's connections: only their changes are attributed to them
   * @param ownerOfClient the user that owns a Yjs client id in the document (SPEC.md rule 22)
   * @param changed receives the client ids whose state changed, to broadcast
   */
  constructor(
    doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly metrics: CollabMetrics,
    private readonly ownerOfClient: (clientId: number) => string | undefined,
    private readonly changed: (ids: number[]) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.#onUpdate);
  }

  /** An awareness frame with every client's state, or null when there is none. */
  full(): Uint8Array | null {
    return this.awareness.getStates().size === 0 ? null : this.#encodeAll();
  }

  /** Applies a client's awareness update (stamped with its identity) or answers its query. */
  process(conn: Connection, message: PresenceFrame): void {
    if (message.type === 'query-awareness') {
      conn.send(this.#encodeAll());
      return;
    }
    const stamped = stampAwareness(message.update, conn.claims, this.#ownerOf);
    if (!stamped.ok) {
      conn.close(CloseCode.BadMessage, { detail: stamped.error });
      return;
    }
    if (stamped.dropped > 0) this.metrics.awarenessDropped.inc(stamped.dropped);
    if (stamped.update === null) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped.update, conn);
    } catch (error) {
      conn.close(CloseCode.BadMessage, { detail: `malformed awareness update: ${(error as Error).message}` });
    }
  }

  /** Removes (and so broadcasts the removal of) the states `conn` set last. */
  removeStatesOf(conn: Connection): void {
    const owned = [...conn.awarenessIds].filter((id) => this.#setBy.get(id) === conn);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }

  /** Frees the awareness. */
  destroy(): void {
    this.awareness.off('update', this.#onUpdate);
    this.awareness.destroy();
  }

  #encodeAll(): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  /**
   * The user an awareness client id belongs to: its first announcer in this room, else the owner
   * of the same Yjs client id in the document (the stock provider uses one id for both), else
   * nobody yet.
   */
  readonly #ownerOf = (clientId: number): string | undefined => this.#users.get(clientId) ?? this.ownerOfClient(clientId);

  /** Awareness changed: track which connection (and user) holds which client ids; pass the change on. */
  readonly #onUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const conn = origin instanceof Connection && this.connections.has(origin) ? origin : undefined;
    if (conn) {
      for (const id of [...change.added, ...change.updated]) {
        const previous = this.#setBy.get(id);
        if (previous && previous !== conn) previous.awarenessIds.delete(id);
        this.#setBy.set(id, conn);
        if (!this.#users.has(id)) this.#users.set(id, conn.claims.sub);
        conn.awarenessIds.add(id);
      }
    }
    for (const id of change.removed) {
      this.#setBy.get(id)?.awarenessIds.delete(id);
      this.#setBy.delete(id);
      // The id stays bound to its user: the stock provider announces a removal on every
      // disconnect, and it comes back with the same id.
    }
    this.changed([...change.added, ...change.updated, ...change.removed]);
  };
}
