import type { Peer, PresenceUser } from '@/lib/doc';

/** One person in the avatar stack: every connection (tab) of theirs. */
export interface PeerGroup {
  readonly user: PresenceUser;
  /** Their connections' awareness client ids, in client id order. */
  readonly clientIds: readonly number[];
  /** The connection with the latest input (`activeAt`; the highest client id on a tie): the one to follow. */
  readonly latest: Peer;
}

/**
 * Groups peers by person (awareness `user.id`, stamped by the collaboration server): one user in
 * two tabs is one avatar. Peers of `selfUserId` (one's own other tabs) are left out and counted.
 * Groups keep the order of each person's first connection.
 */
export function groupPeers(peers: readonly Peer[], selfUserId?: string): { groups: PeerGroup[]; selfTabs: number } {
  const byUser = new Map<string, Peer[]>();
  let selfTabs = 0;
  for (const peer of peers) {
    if (selfUserId !== undefined && peer.user.id === selfUserId) {
      selfTabs++;
      continue;
    }
    const list = byUser.get(peer.user.id);
    if (list) list.push(peer);
    else byUser.set(peer.user.id, [peer]);
  }
  const groups = [...byUser.values()].map((list) => {
    const latest = list.reduce((best, p) => ((p.activeAt ?? 0) > (best.activeAt ?? 0) || ((p.activeAt ?? 0) === (best.activeAt ?? 0) && p.clientId > best.clientId) ? p : best));
    return { user: latest.user, clientIds: list.map((p) => p.clientId).sort((a, b) => a - b), latest };
  });
  return { groups, selfTabs };
}

/**
 * The connection to follow now when following `following` (a client id) or, once that
 * connection is gone, the person `followedUser`: their most recently active tab. Null when
 * neither is here.
 */
export function followTarget(groups: readonly PeerGroup[], following: number | null, followedUser: string | undefined): number | null {
  const group = groups.find((g) => (following !== null && g.clientIds.includes(following)) || g.user.id === followedUser);
  return group ? group.latest.clientId : null;
}
