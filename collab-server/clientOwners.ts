/**
 * Who may write which Yjs client ids of one document (SPEC.md rule 22).
 *
 * Yjs identifies every struct by (client id, clock) and trusts that only one writer uses a client
 * id. The stock provider picks a random id per document copy and keeps it across reconnects, and
 * every peer can see it. A user who writes structs at clocks of someone else's id that the server
 * has not seen yet (even one GC struct) makes the owner's own later edits at those clocks look
 * known: the server drops them, and the owner's copy deletes them. So:
 *
 * - A client id belongs to the user whose connection first wrote with it (bound on acceptance,
 *   kept with the document in `doc_clients`); `@server` owns the server's own writes.
 * - Only the owner may write structs of it beyond what the document already has. Anyone may
 *   deliver structs the document has (a no-op) ...
 * - ... and, after a crash, structs up to the client's *bound*: the clock up to which its structs
 *   may have reached others. The bound is raised (with headroom) and written to the store BEFORE
 *   the server broadcasts or persists structs beyond it, so whatever any client received from the
 *   server lies below the durable bound, and anyone may re-deliver it after the server lost it.
 *   The allowance ends once the owner writes again. The bound is lowered to exactly what the
 *   document has when the owner's connection closes, the room unloads or the server stops.
 * - A struct range no real client could produce (past `maxClientClock`, or more than
 *   `maxClockRangePerUpdate` new clocks in one update) is refused whoever sends it.
 */
import type { DocClient } from '@/lib/db/documentStore';

/** The owner of the server's own writes (migrations on load, carried-over edits, lineage bases). */
export const SERVER_USER = '@server';

/** The structs of one client an update carries: clocks `from` (inclusive) to `to` (exclusive). */
export interface ClientRange {
  client: number;
  from: number;
  to: number;
}

/** Limits of {@link ClientOwners} (collab-server/options.ts documents each). */
export interface OwnershipLimits {
  maxClientClock: number;
  maxClockRangePerUpdate: number;
  claimHeadroom: number;
}

/** Why an update was refused. */
export type OwnershipRefusal =
  /** A range no real client produces (close 4400). */
  | { code: 'implausible'; client: number; from: number; to: number; message: string }
  /** Structs of another user's client id beyond what the server accepted from that user (close 4403). */
  | { code: 'not_owner'; client: number; from: number; to: number; owner: string; message: string };

/** A client's structs the server may not pass on until its bound is written (see {@link ClientOwners.accept}). */
export interface ClaimNeed {
  client: number;
  clock: number;
}

interface ClientState {
  owner: string;
  /** The bound as last written to the store. */
  durable: number;
  /** The bound as it should be written (differs from `durable` until the next write). */
  wanted: number;
  /** After a restart: others may deliver structs of this client up to this clock (the bound found at load); 0 when none. */
  recovery: number;
}

/** The client ids of one loaded document and their owners. */
export class ClientOwners {
  readonly #clients = new Map<number, ClientState>();

  /**
   * @param loaded the document's client rows as stored
   * @param lineage the document's current lineage (a stored bound of another lineage says nothing about this one)
   * @param serverClients client ids only the server writes with (lineage base clients, the room's own)
   */
  constructor(
    loaded: readonly DocClient[],
    readonly lineage: number,
    private readonly limits: OwnershipLimits,
    serverClients: readonly number[] = [],
  ) {
    for (const row of loaded) {
      const bound = row.lineage === lineage ? row.clock : 0;
      this.#clients.set(row.clientId, { owner: row.userId, durable: bound, wanted: bound, recovery: bound });
    }
    for (const client of serverClients) {
      if (!this.#clients.has(client)) this.#clients.set(client, { owner: SERVER_USER, durable: 0, wanted: 0, recovery: 0 });
    }
  }

  /** The user a client id belongs to, if it is bound. */
  ownerOf(client: number): string | undefined {
    return this.#clients.get(client)?.owner;
  }

  /**
   * Whether `user` may write `ranges` to a document that has `known(client)` clocks of each
   * client. Null when allowed.
   */
  check(ranges: readonly ClientRange[], user: string, known: (client: number) => number): OwnershipRefusal | null {
    for (const { client, from, to } of ranges) {
      const have = known(client);
      const start = Math.max(from, have);
      if (to <= start) continue; // nothing the document lacks
      const state = this.#clients.get(client);
      if (state !== undefined && state.owner !== user && to > Math.max(have, state.recovery)) {
        return {
          code: 'not_owner',
          client,
          from: start,
          to,
          owner: state.owner,
          message: `client id ${client} belongs to ${state.owner}; ${user} may not write its clocks ${start}..${to - 1} (the server has ${Math.max(have, state.recovery)})`,
        };
      }
      if (to > this.limits.maxClientClock || to - start > this.limits.maxClockRangePerUpdate) {
        return { code: 'implausible', client, from: start, to, message: `implausible clock range ${start}..${to - 1} of client ${client}` };
      }
    }
    return null;
  }

  /**
   * Records `ranges` of an update accepted from `user` (as checked by {@link check}): binds the
   * clients nobody owns yet to `user`, ends the recovery allowance of a client its owner writes
   * again, and raises the wanted bound (with headroom) of every client the update goes past.
   * Returns what the update needs durable before it may reach anyone (empty: it may go now).
   * The server's own writes need nothing: it never writes with those ids again after a restart,
   * so anyone may re-deliver them.
   */
  accept(ranges: readonly ClientRange[], user: string): ClaimNeed[] {
    const needs: ClaimNeed[] = [];
    for (const { client, to } of ranges) {
      let state = this.#clients.get(client);
      if (state === undefined) {
        state = { owner: user, durable: 0, wanted: 0, recovery: 0 };
        this.#clients.set(client, state);
      }
      if (state.owner === SERVER_USER && user === SERVER_USER) continue;
      if (state.owner === user) state.recovery = 0;
      if (to > state.durable) needs.push({ client, clock: to });
      if (to > state.wanted) state.wanted = to + this.limits.claimHeadroom;
    }
    return needs;
  }

  /** Whether every need is durable now. */
  satisfied(needs: readonly ClaimNeed[]): boolean {
    return needs.every(({ client, clock }) => (this.#clients.get(client)?.durable ?? 0) >= clock);
  }

  /**
   * Lowers the wanted bound of `clients` (default: all) to exactly what the document has: no
   * struct beyond it ever reached anyone, so no one but the owner may write it, even after a
   * crash. For when a client's connection closes, the room unloads, the server stops.
   */
  tighten(known: (client: number) => number, clients: Iterable<number> = this.#clients.keys()): void {
    for (const client of clients) {
      const state = this.#clients.get(client);
      if (state === undefined) continue;
      const have = known(client);
      if (state.wanted > have) state.wanted = have;
    }
  }

  /** The rows whose wanted bound is not written yet. */
  dueRows(): DocClient[] {
    const rows: DocClient[] = [];
    for (const [clientId, state] of this.#clients) {
      if (state.wanted !== state.durable) rows.push({ clientId, userId: state.owner, lineage: this.lineage, clock: state.wanted });
    }
    return rows;
  }

  /** `rows` (from {@link dueRows}) are written: their bounds are durable. */
  written(rows: readonly DocClient[]): void {
    for (const row of rows) {
      const state = this.#clients.get(row.clientId);
      if (state) state.durable = row.clock;
    }
  }

  /** Whether some bound is not written yet. */
  get due(): boolean {
    for (const state of this.#clients.values()) if (state.wanted !== state.durable) return true;
    return false;
  }
}
