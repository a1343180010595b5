/**
 * A room's answers to sync step 1 (SPEC.md rule 3): the step 2 for the client's state vector,
 * reused for the same state vector until the document next changes. Clients that join together
 * ask alike (an empty state vector, or after a restart the same one), and each answer is an
 * encode of the whole document otherwise.
 */
import type * as Y from 'yjs';
import { CloseCode } from '@/lib/protocol';
import type { Connection } from './Connection';
import { encodeSyncStep2 } from './frames';
import type { CollabMetrics } from './metrics';

/** The sync step 2 answers of one room's document. */
export class SyncReplies {
  /** The last step 2 sent and the state vector it answered; dropped when the document changes. */
  #last: { stateVector: Uint8Array; reply: Uint8Array } | undefined;
  readonly #forget = (): void => {
    this.#last = undefined;
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly metrics: CollabMetrics,
  ) {
    // Every change, whatever its path (client, load, migration), ends a transaction.
    doc.on('afterTransaction', this.#forget);
  }

  /** Sends `conn` the step 2 for `stateVector`; closes it with 4400 if the state vector is malformed. */
  answer(conn: Connection, stateVector: Uint8Array): void {
    const last = this.#last;
    if (last && sameBytes(last.stateVector, stateVector)) {
      this.metrics.syncReplies.inc({ reply: 'reused' });
      conn.send(last.reply);
      return;
    }
    let reply: Uint8Array;
    try {
      reply = encodeSyncStep2(this.doc, stateVector);
    } catch (error) {
      conn.close(CloseCode.BadMessage, { detail: `malformed state vector: ${(error as Error).message}` });
      return;
    }
    this.metrics.syncReplies.inc({ reply: 'encoded' });
    this.#last = { stateVector: stateVector.slice(), reply };
    conn.send(reply);
  }

  /** Stops following the document. */
  destroy(): void {
    this.doc.off('afterTransaction', this.#forget);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
