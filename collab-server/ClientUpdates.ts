/**
 * The updates a room's clients send (SPEC.md rules 2 and 4-6): a read-only client's are dropped
 * (closed with 4403 if they would change anything), the others go through the room's gate, and
 * an update with missing dependencies is held by its connection and retried whenever another
 * update is merged.
 */
import * as Y from 'yjs';
import { RemoteOrigin } from '@/lib/doc';
import { CloseCode, type DocPart } from '@/lib/protocol';
import type { CollabServerEmitter } from './CollabServerEvents';
import type { Connection } from './Connection';
import type { HeldUpdates } from './HeldUpdates';
import { isNoOpUpdate } from './isNoOpUpdate';
import type { CollabMetrics } from './metrics';
import type { CollabLimits } from './options';
import type { GateResult, UpdateGate } from './UpdateGate';

/** The room whose client updates are handled. */
export interface UpdatingRoom {
  readonly docName: string;
  readonly part: DocPart;
  readonly doc: Y.Doc;
  readonly connections: ReadonlySet<Connection>;
  readonly metrics: CollabMetrics;
  readonly limits: CollabLimits;
  readonly events: CollabServerEmitter;
}

/** Client updates into one loaded room. */
export class ClientUpdates {
  /**
   * @param gate validates and applies updates to the room's document
   * @param held persists and broadcasts what was applied, once its client-id bounds are written
   */
  constructor(
    private readonly room: UpdatingRoom,
    private readonly gate: UpdateGate,
    private readonly held: HeldUpdates,
  ) {}

  /** A client's update (sync step 2 or update), copied out of its frame. */
  receive(conn: Connection, update: Uint8Array): void {
    if (!conn.canWrite) {
      this.room.metrics.readOnlyDropped.inc({ part: this.room.part });
      let noOp: boolean;
      try {
        noOp = isNoOpUpdate(update, this.room.doc);
      } catch (error) {
        conn.close(CloseCode.BadMessage, { detail: `malformed update: ${(error as Error).message}` });
        return;
      }
      if (!noOp) conn.close(CloseCode.Forbidden, { detail: `role ${conn.claims.role} may not write the ${this.room.part} document`, reject: 'read_only', reason: 'read-only' });
      return;
    }
    let combined = update;
    if (conn.pending) {
      try {
        combined = Y.mergeUpdates([conn.pending, update]);
      } catch (error) {
        conn.close(CloseCode.BadMessage, { detail: `malformed update: ${(error as Error).message}` });
        return;
      }
    }
    if (this.#settle(conn, combined)) this.#retryPending();
  }

  /** Runs one update through the gate and acts on the result; true if it was merged. */
  #settle(conn: Connection, update: Uint8Array): boolean {
    const started = performance.now();
    const result: GateResult = this.gate.apply(update, new RemoteOrigin(conn.id), conn.claims.sub);
    this.room.metrics.updateApplySeconds.observe(result.kind === 'applied' || result.kind === 'invalid' ? result.via : 'other', (performance.now() - started) / 1000);
    switch (result.kind) {
      case 'applied':
      case 'noop':
        conn.pending = undefined;
        // The update as received, not as the live doc's 'update' event would re-encode it (no
        // listener: Yjs then skips that encode): everything in it was valid, and anything in it the
        // doc already had is a no-op for every receiver.
        if (result.kind === 'applied') {
          for (const range of result.ranges) conn.clients.add(range.client);
          this.held.accept(update, conn.id, result.ranges, conn.claims.sub);
          if (result.mergeInvalid.length > 0) {
            this.room.metrics.mergeInvalidRecords.inc(result.mergeInvalid.length);
            conn.log.warn({ records: result.mergeInvalid }, 'accepted an update whose merge leaves records failing a cross-field rule');
          }
        }
        return result.kind === 'applied';
      case 'pending':
        conn.pending = update;
        if (update.byteLength > this.room.limits.pendingUpdateBytes) {
          conn.close(CloseCode.TooLarge, { detail: `more than ${this.room.limits.pendingUpdateBytes} bytes of updates with missing dependencies`, reject: 'pending_overflow' });
        } else conn.log.debug({ bytes: update.byteLength }, 'holding an update until its dependencies arrive');
        return false;
      case 'invalid':
        conn.log.warn({ issues: result.issues }, 'rejected an invalid update');
        this.room.events.emit('update-rejected', { doc: this.room.docName, socketId: conn.id, issues: result.issues });
        conn.close(CloseCode.BadMessage, { detail: 'invalid update', reject: 'invalid_update', reason: 'invalid update' });
        return false;
      case 'malformed':
        conn.close(CloseCode.BadMessage, { detail: `malformed update: ${(result.error as Error)?.message ?? String(result.error)}` });
        return false;
      case 'refused': {
        const { refusal } = result;
        if (refusal.code === 'implausible') {
          conn.close(CloseCode.BadMessage, { detail: refusal.message, reject: 'implausible_clock', reason: 'implausible clock range' });
          return false;
        }
        const { owner, client, from, to } = refusal;
        conn.log.warn({ user: conn.claims.sub, owner, client, from, to }, 'refused an update writing another user\'s client id');
        this.room.events.emit('client-refused', { doc: this.room.docName, socketId: conn.id, user: conn.claims.sub, owner, client, from, to });
        conn.close(CloseCode.Forbidden, { detail: refusal.message, reject: 'not_owner', reason: 'client id of another user' });
        return false;
      }
    }
  }

  /** After a merge, held updates of any connection may have become complete: retry them. */
  #retryPending(): void {
    for (let progress = true; progress; ) {
      progress = false;
      for (const conn of this.room.connections) {
        if (!conn.closed && conn.pending && this.#settle(conn, conn.pending)) progress = true;
      }
    }
  }
}
