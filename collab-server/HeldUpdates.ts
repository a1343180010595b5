/**
 * Accepted updates that go past a client id's written bound (SPEC.md rule 22): applied to the
 * room's document, but neither persisted nor broadcast until the bound is written, in order per
 * client and per sender.
 */
import type { ClientClaims } from './ClientClaims';
import type { ClaimNeed, ClientOwners, ClientRange } from './clientOwners';

/** An accepted update waiting for its clients' bounds to be written. */
interface HeldUpdate {
  update: Uint8Array;
  sender: string | undefined;
  /** Bounds it needs written. */
  needs: ClaimNeed[];
  /** Its clients and sender: a later update sharing one waits behind it. */
  keys: (number | string)[];
  /** Called right after it is released (persisted and broadcast). */
  released: (() => void) | undefined;
}

/** One room's updates held for their client-id bounds. */
export class HeldUpdates {
  readonly #held: HeldUpdate[] = [];
  #stopped = false;

  /**
   * @param release persists and broadcasts an update whose bounds are written
   * @param drained runs each time the last held update was released
   */
  constructor(
    private readonly docName: string,
    private readonly owners: ClientOwners,
    private readonly claims: ClientClaims,
    private readonly release: (update: Uint8Array, sender: string | undefined) => void,
    private readonly drained: () => void,
  ) {}

  /** How many updates are held. */
  get count(): number {
    return this.#held.length;
  }

  /**
   * An update merged into the live doc (a client's, or the server's own: `sender` undefined):
   * its client ids are bound to `user`, then it is released at once, or held until the bounds it
   * goes past are written (and behind any held update sharing a client or its sender).
   * `released` runs right after it is released; never if the room is destroyed first.
   */
  accept(update: Uint8Array, sender: string | undefined, ranges: readonly ClientRange[], user: string, released?: () => void): void {
    const needs = this.owners.accept(ranges, user);
    const keys: (number | string)[] = ranges.map((r) => r.client);
    if (sender !== undefined) keys.push(sender);
    if (needs.length === 0 && !this.#blocks(keys)) {
      this.release(update, sender);
      released?.();
      return;
    }
    this.#held.push({ update, sender, needs, keys, released });
    if (this.owners.due) this.claims.schedule(this.docName, this.owners, this.#releaseHeld);
  }

  /**
   * Lowers the bounds of `clients` (default: all) to what the document has (`stateOf`) and has
   * them written: no struct beyond ever reached anyone.
   */
  tighten(stateOf: (client: number) => number, clients?: Iterable<number>): void {
    this.owners.tighten(stateOf, clients);
    if (this.owners.due) this.claims.schedule(this.docName, this.owners, this.#releaseHeld);
  }

  /** No more releases (the room is destroyed). */
  stop(): void {
    this.#stopped = true;
  }

  /** Whether a held update shares a client or sender with `keys` (those stay in order). */
  #blocks(keys: readonly (number | string)[]): boolean {
    return this.#held.some((h) => h.keys.some((k) => keys.includes(k)));
  }

  /** Bounds were written: releases the held updates whose needs are met, in order per client and sender. */
  readonly #releaseHeld = (): void => {
    if (this.#stopped || this.#held.length === 0) return;
    const blocked = new Set<number | string>();
    const kept: HeldUpdate[] = [];
    for (const entry of this.#held) {
      if (this.owners.satisfied(entry.needs) && !entry.keys.some((k) => blocked.has(k))) {
        this.release(entry.update, entry.sender);
        entry.released?.();
      } else {
        kept.push(entry);
        for (const k of entry.keys) blocked.add(k);
      }
    }
    this.#held.splice(0, this.#held.length, ...kept);
    if (this.#held.length > 0) {
      if (this.owners.due) this.claims.schedule(this.docName, this.owners, this.#releaseHeld);
      return;
    }
    this.drained();
  };
}
