import type { Peer } from '@/lib/doc';

/**
 * Someone whose last connection went away is told as having left only after this long (ms)
 * without any connection of theirs: a reconnect (a dropped socket, a token renewed after an
 * access change, a reload) is not leaving.
 */
export const LEAVE_GRACE_MS = 5_000;

/**
 * Join and leave notices per person (awareness `user.id`, which the collaboration server stamps
 * from the collab token), not per connection: a second tab of someone already here is not a
 * join, closing one of two tabs is not a leave, a reconnect within {@link LEAVE_GRACE_MS} is
 * neither, and there is never a notice about oneself (one's own other tabs included). While this
 * client's own connection is down, every peer vanishes from its awareness: that is no one leaving,
 * so nothing is read until it is live again, and the grace of whoever is missing then starts anew.
 */
export class PresenceNotices {
  /** Who is here as far as notices go (names by user id), those within their grace included. */
  #here = new Map<string, string>();
  /** Who is missing, since when. */
  readonly #missing = new Map<string, number>();
  #started = false;
  #wasLive = false;

  /**
   * Reads the peers seen at `now`; `live` is whether this client's own connection is synced.
   * Returns the notices to show ("Ada joined", "Bob left").
   */
  observe(peers: readonly Peer[], selfUserId: string | undefined, live: boolean, now: number): string[] {
    const cameBack = live && !this.#wasLive;
    this.#wasLive = live;
    if (!live) return [];
    const seen = new Map<string, string>();
    for (const peer of peers) if (peer.user.id !== selfUserId) seen.set(peer.user.id, peer.user.name);
    if (!this.#started) {
      // Whoever is here at the first sync was here before: no notice.
      this.#started = true;
      this.#here = seen;
      return [];
    }
    if (cameBack) for (const id of this.#missing.keys()) this.#missing.set(id, now);
    const notes: string[] = [];
    for (const [id, name] of seen) {
      if (this.#missing.delete(id)) continue;
      if (!this.#here.has(id)) notes.push(`${name} joined`);
      this.#here.set(id, name);
    }
    for (const id of this.#here.keys()) if (!seen.has(id) && !this.#missing.has(id)) this.#missing.set(id, now);
    return [...notes, ...this.expire(now)];
  }

  /** The notices of those missing for {@link LEAVE_GRACE_MS} by `now` (call when {@link nextExpiry} comes). */
  expire(now: number): string[] {
    if (!this.#wasLive) return [];
    const notes: string[] = [];
    for (const [id, since] of this.#missing) {
      if (now - since < LEAVE_GRACE_MS) continue;
      notes.push(`${this.#here.get(id) ?? 'Someone'} left`);
      this.#missing.delete(id);
      this.#here.delete(id);
    }
    return notes;
  }

  /** When the next grace ends, if anyone is missing. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const since of this.#missing.values()) next = Math.min(next ?? Infinity, since + LEAVE_GRACE_MS);
    return next;
  }
}
