import { useEffect, useMemo, useRef } from 'react';
import { isIdle, type Peer } from '@/lib/doc';
import { followTarget, groupPeers } from './groupPeers';

interface Props {
  /** This user; with `id`, their own other tabs are counted on their avatar rather than shown as someone else. */
  self: { id?: string; name: string; color: string };
  peers: readonly Peer[];
  /** The client id being followed. */
  following: number | null;
  onFollow: (clientId: number | null) => void;
  now: number;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';

const tabs = (n: number) => (n === 1 ? '1 tab' : `${n} tabs`);

/**
 * Who is here: me first, then one avatar per person (all their tabs together, counted in the
 * tooltip and a badge); click someone to follow their view, which follows their most recently
 * active tab, also when they move to another tab.
 */
export function AvatarStack({ self, peers, following, onFollow, now }: Props) {
  const { groups, selfTabs } = useMemo(() => groupPeers(peers, self.id), [peers, self.id]);
  const followedUser = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (following === null) {
      followedUser.current = undefined;
      return;
    }
    followedUser.current = groups.find((g) => g.clientIds.includes(following))?.user.id ?? followedUser.current;
    const target = followTarget(groups, following, followedUser.current);
    if (target !== null && target !== following) onFollow(target);
  }, [groups, following, onFollow]);

  return (
    <ul className="flex items-center -space-x-1.5" aria-label="People here" data-testid="avatar-stack">
      <li
        title={`${self.name} (you${selfTabs > 0 ? `, also in ${tabs(selfTabs)}` : ''})`}
        data-testid="self-avatar"
        data-tabs={selfTabs + 1}
        className="flex h-8 w-8 items-center justify-center rounded-full border-2 border-white text-xs font-semibold text-white"
        style={{ background: self.color }}
      >
        {initials(self.name)}
      </li>
      {groups.map(({ user, clientIds, latest }) => {
        const idle = isIdle(latest, now);
        const isFollowed = following !== null && clientIds.includes(following);
        const count = clientIds.length;
        return (
          <li key={user.id} className="relative">
            <button
              type="button"
              data-testid="avatar"
              data-user={user.id}
              data-client={latest.clientId}
              data-tabs={count}
              data-idle={idle || undefined}
              aria-pressed={isFollowed}
              onClick={() => onFollow(isFollowed ? null : latest.clientId)}
              title={`${user.name}${count > 1 ? ` (in ${tabs(count)})` : ''}${idle ? ' (idle)' : ''} — ${isFollowed ? 'stop following' : 'follow their view'}`}
              className={`flex h-8 w-8 items-center justify-center rounded-full border-2 text-xs font-semibold text-white ${isFollowed ? 'ring-2 ring-offset-1' : ''} ${idle ? 'opacity-40' : ''}`}
              style={{ background: user.color, borderColor: 'white', ['--tw-ring-color' as string]: user.color }}
            >
              {initials(user.name)}
              <span className="sr-only">
                {user.name}
                {count > 1 ? ` (in ${tabs(count)})` : ''}
                {idle ? ' (idle)' : ''}
              </span>
            </button>
            {count > 1 && (
              <span aria-hidden="true" className="pointer-events-none absolute -right-1 -top-1 rounded-full bg-slate-900 px-1 text-[10px] leading-4 text-white">
                {count}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
