/**
 * The carry-over of a client still on an ended lineage (SPEC.md rule 21): asked for what it has
 * beyond the lineage's final state, its edits are written onto the current lineage through the
 * room's gate, then it is told to reload (4409).
 */
import * as Y from 'yjs';
import type { DocumentStore, EndedLineage } from '@/lib/db/documentStore';
import { applyDocEdits, RemoteOrigin } from '@/lib/doc';
import type { ModelIssue } from '@/lib/model';
import { CloseCode, SyncMessageType } from '@/lib/protocol';
import type { ClientRange } from './clientOwners';
import type { Connection } from './Connection';
import { encodeSync, type ClientFrame } from './frames';
import { editsOfEndedLineageClient, MalformedClientUpdate } from './lineage';
import type { CollabMetrics } from './metrics';
import { withDeadline } from './time';

/** What a carry-over needs from its room. */
export interface EndedLineageRoom {
  readonly docName: string;
  /** The lineage the room's document is on. */
  lineage(): number;
  /** False once the room is destroyed: nothing is carried over then. */
  ready(): boolean;
  readonly metrics: CollabMetrics;
  /** Most bytes of changes collected from one client (options.ts `pendingUpdateBytes`). */
  readonly pendingUpdateBytes: number;
  /** The final state of an ended lineage (read once per room: {@link FinalStates}). */
  finalState(lineage: number): Promise<Uint8Array>;
  /** Writes edits onto the live document through the room's gate, as the server (validated like a client update). */
  write(change: (doc: Y.Doc) => void, origin: RemoteOrigin): { kind: 'applied'; update: Uint8Array; mergeInvalid: string[]; ranges: ClientRange[] } | { kind: 'noop' } | { kind: 'invalid'; issues: ModelIssue[] };
  /** Persists and broadcasts the server's own write (client-id bounds first, SPEC.md rule 22). */
  accepted(update: Uint8Array, ranges: readonly ClientRange[]): void;
  /** Awareness and query-awareness, handled as for any client. */
  presence(conn: Connection, message: Extract<ClientFrame, { type: 'awareness' | 'query-awareness' }>): void;
  /** Reports edits refused by validation (logged and emitted like a refused update). */
  rejected(conn: Connection, issues: ModelIssue[]): void;
}

/** One connection holding an ended lineage, from the room's question to its close. */
export class EndedLineageClient {
  /** What the client sent, collected until its answer to the room's step 1 is complete. */
  readonly #updates: Uint8Array[] = [];
  #bytes = 0;
  /** Set once its answer arrived: what it sends after that went into its copy later and is not carried. */
  #carrying = false;

  private constructor(
    private readonly conn: Connection,
    private readonly ended: EndedLineage,
    private readonly room: EndedLineageRoom,
  ) {}

  /**
   * A client on `ended` connected. A read-only client is told to reload at once (4409; it could
   * not have changed anything). A writer is asked, with a sync step 1 carrying the ended lineage's
   * final state vector, for exactly what it has beyond that state: its unsent edits. They are
   * carried over once its answer arrives.
   */
  static start(conn: Connection, ended: EndedLineage, room: EndedLineageRoom): void {
    if (!conn.canWrite) {
      room.metrics.endedLineageClients.inc({ result: 'read_only' });
      conn.close(CloseCode.DocumentReplaced, { detail: `holds ended lineage ${ended.lineage} (current ${room.lineage()}); read-only, nothing to carry over` });
      return;
    }
    conn.endLineage(new EndedLineageClient(conn, ended, room));
    conn.log.info({ lineage: ended.lineage, current: room.lineage() }, 'client holds an ended lineage; asking for its changes');
    conn.send(encodeSync(SyncMessageType.Step1, ended.finalStateVector));
  }

  /** A message of the client: its updates are collected, nothing of it is merged as such. */
  receive(message: ClientFrame): void {
    switch (message.type) {
      case 'sync-update': {
        if (this.#carrying) return; // closing: what it sends now went into its copy after its answer
        this.#updates.push(message.update.slice());
        this.#bytes += message.update.byteLength;
        if (this.#bytes > this.room.pendingUpdateBytes) {
          this.conn.close(CloseCode.TooLarge, { detail: `more than ${this.room.pendingUpdateBytes} bytes of changes on an ended lineage`, reject: 'pending_overflow' });
          return;
        }
        // Its answer to our step 1 holds everything it has beyond the lineage's final state.
        if (message.step === 'step2') {
          this.#carrying = true;
          void this.#carryOver();
        }
        return;
      }
      case 'awareness':
      case 'query-awareness':
        // Presence works as for anyone (the client shows as connected while its edits move over).
        this.room.presence(this.conn, message);
        return;
      case 'sync-step1':
        return; // already answered with our own question
    }
  }

  /**
   * Carries the client's edits over to the current lineage: its updates merged into the lineage's
   * final state, compared field by field with that state, and written onto the live document
   * through the gate (validated like any client update), persisted and broadcast; then the client
   * is told to reload (4409). Invalid edits close it with 4400 like an invalid update (its copy is
   * kept: nothing is discarded for it).
   */
  async #carryOver(): Promise<void> {
    const { conn, room } = this;
    const ended = this.ended.lineage;
    try {
      const finalState = await room.finalState(ended);
      if (conn.closed || !room.ready()) return;
      const { edits, incomplete } = editsOfEndedLineageClient(finalState, this.#updates);
      if (incomplete) conn.log.warn({ lineage: ended }, 'changes of an ended-lineage client depend on structs neither it nor the lineage holds; those are left out');
      const result = edits.length === 0 ? ({ kind: 'noop' } as const) : room.write((doc) => applyDocEdits(doc, edits), new RemoteOrigin(conn.id));
      if (result.kind === 'invalid') {
        room.metrics.endedLineageClients.inc({ result: 'invalid' });
        conn.log.warn({ issues: result.issues }, 'rejected the changes of an ended-lineage client');
        room.rejected(conn, result.issues);
        conn.close(CloseCode.BadMessage, { detail: 'invalid update', reject: 'invalid_update', reason: 'invalid update' });
        return;
      }
      if (result.kind === 'applied') {
        room.accepted(result.update, result.ranges);
        if (result.mergeInvalid.length > 0) room.metrics.mergeInvalidRecords.inc(result.mergeInvalid.length);
      }
      room.metrics.endedLineageClients.inc({ result: result.kind === 'applied' ? 'carried' : 'unchanged' });
      conn.log.info({ lineage: ended, current: room.lineage(), edits: edits.length }, 'carried the changes of an ended-lineage client over');
      conn.close(CloseCode.DocumentReplaced, { detail: `held ended lineage ${ended}; ${edits.length} edit(s) carried over` });
    } catch (error) {
      if (error instanceof MalformedClientUpdate) {
        room.metrics.endedLineageClients.inc({ result: 'invalid' });
        conn.close(CloseCode.BadMessage, { detail: error.message });
        return;
      }
      room.metrics.endedLineageClients.inc({ result: 'error' });
      conn.log.error({ err: error, lineage: ended }, 'carrying over the changes of an ended-lineage client failed');
      conn.close(CloseCode.ServerError, { detail: 'could not carry the changes over' });
    }
  }
}

/**
 * The final states of a document's ended lineages, each read once per room (clients of one
 * lineage tend to come back together) and read again after a failed read.
 */
export class FinalStates {
  readonly #states = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly docName: string,
    private readonly timeoutMs: number,
  ) {}

  /** The final state of `lineage`; rejects if the store has none or does not answer in time. */
  get(lineage: number): Promise<Uint8Array> {
    let state = this.#states.get(lineage);
    if (!state) {
      state = withDeadline(this.store.loadLineageState(this.docName, lineage), this.timeoutMs, `loading lineage ${lineage} of ${this.docName}`).then((s) => {
        if (!s) throw new Error(`the final state of lineage ${lineage} of ${this.docName} is missing`);
        return s;
      });
      state.catch(() => this.#states.delete(lineage));
      this.#states.set(lineage, state);
    }
    return state;
  }
}
