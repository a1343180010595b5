import type { Peer } from '@/lib/doc';
import { planToScreen, type Camera, type ViewSize } from '@/components/plan/camera';

/** Named pointers of the peers on this storey, in screen space. */
export function PeerCursors({ peers, storeyId, camera, size }: { peers: readonly Peer[]; storeyId: string; camera: Camera; size: ViewSize }) {
  return (
    <g pointerEvents="none">
      {peers.map((peer) => {
        const c = peer.cursor;
        if (!c || c.view !== 'plan' || c.storeyId !== storeyId) return null;
        const [sx, sy] = planToScreen(camera, size, [c.x, c.y]);
        return (
          <g key={peer.clientId} transform={`translate(${sx} ${sy})`} data-testid="peer-cursor" data-name={peer.user.name} data-color={peer.user.color}>
            <path d="M0 0 L0 16 L4.5 12 L8 19 L10.5 18 L7 11 L12.5 11 Z" fill={peer.user.color} stroke="white" strokeWidth={1} />
            <g transform="translate(12 20)">
              <rect x={0} y={0} rx={4} height={18} width={peer.user.name.length * 7 + 12} fill={peer.user.color} />
              <text x={6} y={13} fontSize={12} fill="white">
                {peer.user.name}
              </text>
            </g>
          </g>
        );
      })}
    </g>
  );
}
