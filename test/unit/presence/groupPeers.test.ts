import { describe, expect, it } from 'vitest';
import type { Peer } from '@/lib/doc';
import { followTarget, groupPeers } from '@/components/presence/groupPeers';

const peer = (clientId: number, id: string, activeAt?: number): Peer => ({ clientId, user: { id, name: id.toUpperCase(), color: '#000' }, selection: [], activeAt });

describe('groupPeers (one person in two tabs is one avatar, issue #14 point 10)', () => {
  it('groups connections by user id, in order of each person’s first connection', () => {
    const { groups } = groupPeers([peer(5, 'ada'), peer(6, 'bob'), peer(9, 'ada')]);
    expect(groups.map((g) => [g.user.id, g.clientIds])).toEqual([
      ['ada', [5, 9]],
      ['bob', [6]],
    ]);
  });

  it('counts one’s own other tabs apart instead of showing them as someone else', () => {
    const { groups, selfTabs } = groupPeers([peer(5, 'me'), peer(6, 'bob'), peer(7, 'me')], 'me');
    expect(groups.map((g) => g.user.id)).toEqual(['bob']);
    expect(selfTabs).toBe(2);
  });

  it('the tab to follow is the most recently active one (the highest client id on a tie)', () => {
    expect(groupPeers([peer(5, 'ada', 2000), peer(9, 'ada', 1000)]).groups[0]!.latest.clientId).toBe(5);
    expect(groupPeers([peer(5, 'ada', 1000), peer(9, 'ada', 1000)]).groups[0]!.latest.clientId).toBe(9);
    expect(groupPeers([peer(5, 'ada'), peer(9, 'ada', 1)]).groups[0]!.latest.clientId).toBe(9);
  });
});

describe('followTarget', () => {
  it('moves to the person’s most recently active tab, also when the followed tab is gone', () => {
    const { groups } = groupPeers([peer(5, 'ada', 1000), peer(9, 'ada', 3000), peer(6, 'bob')]);
    expect(followTarget(groups, 5, undefined)).toBe(9);
    expect(followTarget(groups, 4, 'ada')).toBe(9);
    expect(followTarget(groups, 6, undefined)).toBe(6);
    expect(followTarget(groups, 4, undefined)).toBeNull();
  });
});
