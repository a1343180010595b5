import { isIdle, type Peer } from '@/lib/doc';

interface Props {
  self: { name: string; color: string };
  peers: readonly Peer[];
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

/** Who is here: me first, then every other client; click someone to follow their view. */
export function AvatarStack({ self, peers, following, onFollow, now }: Props) {
  return (
    <ul className="flex items-center -space-x-1.5" aria-label="People here" data-testid="avatar-stack">
      <li title={`${self.name} (you)`} className="flex h-8 w-8 items-center justify-center rounded-full border-2 border-white text-xs font-semibold text-white" style={{ background: self.color }}>
        {initials(self.name)}
      </li>
      {peers.map((peer) => {
        const idle = isIdle(peer, now);
        const isFollowed = following === peer.clientId;
        return (
          <li key={peer.clientId}>
            <button
              type="button"
              data-testid="avatar"
              data-client={peer.clientId}
              data-idle={idle || undefined}
              aria-pressed={isFollowed}
              onClick={() => onFollow(isFollowed ? null : peer.clientId)}
              title={`${peer.user.name}${idle ? ' (idle)' : ''} — ${isFollowed ? 'stop following' : 'follow their view'}`}
              className={`flex h-8 w-8 items-center justify-center rounded-full border-2 text-xs font-semibold text-white ${isFollowed ? 'ring-2 ring-offset-1' : ''} ${idle ? 'opacity-40' : ''}`}
              style={{ background: peer.user.color, borderColor: 'white', ['--tw-ring-color' as string]: peer.user.color }}
            >
              {initials(peer.user.name)}
              <span className="sr-only">
                {peer.user.name}
                {idle ? ' (idle)' : ''}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
