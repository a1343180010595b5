import { describe, expect, it } from 'vitest';
import type { Peer } from '@/lib/doc';
import { LEAVE_GRACE_MS, PresenceNotices } from '@/components/presence/presenceNotices';

const peer = (clientId: number, id: string, name = id): Peer => ({ clientId, user: { id, name, color: '#000' }, selection: [] });
const ME = 'me';

/** A client that has synced once with `peers` already there. */
function started(peers: Peer[], t = 0) {
  const notices = new PresenceNotices();
  expect(notices.observe(peers, ME, true, t)).toEqual([]);
  return notices;
}

describe('PresenceNotices (join and leave toasts per person, issue #14 points 3 and 10)', () => {
  it('tells nothing about whoever is here at the first sync', () => {
    started([peer(1, 'ada'), peer(2, 'bob')]);
  });

  it('tells who joins, once, and who leaves after the grace period', () => {
    const n = started([]);
    expect(n.observe([peer(1, 'ada', 'Ada')], ME, true, 1000)).toEqual(['Ada joined']);
    expect(n.observe([], ME, true, 2000)).toEqual([]);
    expect(n.nextExpiry()).toBe(2000 + LEAVE_GRACE_MS);
    expect(n.expire(2000 + LEAVE_GRACE_MS - 1)).toEqual([]);
    expect(n.expire(2000 + LEAVE_GRACE_MS)).toEqual(['Ada left']);
    expect(n.nextExpiry()).toBeUndefined();
  });

  it('a peer whose connection comes back within the grace period (a new client id too) neither left nor joined', () => {
    const n = started([peer(1, 'ada', 'Ada')]);
    expect(n.observe([], ME, true, 1000)).toEqual([]);
    expect(n.observe([peer(7, 'ada', 'Ada')], ME, true, 1000 + LEAVE_GRACE_MS - 1)).toEqual([]);
    expect(n.expire(1000 + 10 * LEAVE_GRACE_MS)).toEqual([]);
  });

  it('a second tab of someone already here is no join, and closing one of two tabs is no leave', () => {
    const n = started([peer(1, 'ada', 'Ada')]);
    expect(n.observe([peer(1, 'ada', 'Ada'), peer(2, 'ada', 'Ada')], ME, true, 1000)).toEqual([]);
    expect(n.observe([peer(2, 'ada', 'Ada')], ME, true, 2000)).toEqual([]);
    expect(n.expire(2000 + LEAVE_GRACE_MS)).toEqual([]);
  });

  it('never tells about oneself: one’s own other tabs come and go in silence', () => {
    const n = started([]);
    expect(n.observe([peer(3, ME, 'Me')], ME, true, 1000)).toEqual([]);
    expect(n.observe([], ME, true, 2000)).toEqual([]);
    expect(n.expire(2000 + LEAVE_GRACE_MS)).toEqual([]);
  });

  it('while this client is offline, peers vanishing from its awareness have not left; back live, they get the grace anew', () => {
    const n = started([peer(1, 'ada', 'Ada'), peer(2, 'bob', 'Bob')]);
    // Own socket closed: y-websocket removes every remote state.
    expect(n.observe([], ME, false, 1000)).toEqual([]);
    expect(n.expire(1000 + 60_000)).toEqual([]);
    // Back after a minute: Ada's state arrives at once, Bob's a moment later.
    expect(n.observe([peer(1, 'ada', 'Ada')], ME, true, 61_000)).toEqual([]);
    expect(n.observe([peer(1, 'ada', 'Ada'), peer(2, 'bob', 'Bob')], ME, true, 61_500)).toEqual([]);
    expect(n.expire(70_000)).toEqual([]);
  });

  it('someone who really left while this client was offline is told once it is live again, after the grace', () => {
    const n = started([peer(1, 'ada', 'Ada')]);
    n.observe([], ME, false, 1000);
    expect(n.observe([], ME, true, 50_000)).toEqual([]);
    expect(n.expire(50_000 + LEAVE_GRACE_MS)).toEqual(['Ada left']);
  });
});
