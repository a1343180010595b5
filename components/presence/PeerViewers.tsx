import type { Peer } from '@/lib/doc';
import { planToScreen, type Camera, type ViewSize } from '@/components/plan/camera';
import { viewerMarkersOn, type ViewerKind } from './viewerMarker';

/** Radius of the view wedge, screen pixels. */
const WEDGE_RADIUS = 40;
/** Half the wedge's opening angle, radians (a 60° wedge: the sense of a view, not its exact field). */
const WEDGE_HALF_ANGLE = Math.PI / 6;

const wedgeX = WEDGE_RADIUS * Math.cos(WEDGE_HALF_ANGLE);
const wedgeY = WEDGE_RADIUS * Math.sin(WEDGE_HALF_ANGLE);
/** The view wedge pointing along screen +x from the eye at the origin. */
const WEDGE = `M0 0 L${wedgeX} ${-wedgeY} A${WEDGE_RADIUS} ${WEDGE_RADIUS} 0 0 1 ${wedgeX} ${wedgeY} Z`;
/** A headset (goggles) glyph, 16 × 9 px. */
const HEADSET = 'M0 2 Q0 0 2 0 H14 Q16 0 16 2 V7 Q16 9 14 9 H10.5 L8 6.5 L5.5 9 H2 Q0 9 0 7 Z';

const MODE_LABEL: Record<ViewerKind, string> = { '3d': '3D', vr: 'VR', ar: 'AR' };

/** A number with 2 decimals for a data attribute (never "-0.00"). */
const fixed2 = (v: number): string => (Math.round(v * 100) / 100 + 0).toFixed(2);

/**
 * Markers of the peers looking at the building in 3D or in a headset, in screen space: at the eye
 * projected on the plan, a wedge in the view direction, in the peer's colour with their name, and
 * for a headset a goggles glyph with "VR" or "AR". 3D viewers show on the storey their view is on;
 * headset users on every storey. Each marker carries its plan position (`data-x`, `data-y`, metres,
 * 2 decimals) and `data-heading` (degrees counter-clockwise from plan +x) for tests.
 */
export function PeerViewers({ peers, storeyId, camera, size }: { peers: readonly Peer[]; storeyId: string; camera: Camera; size: ViewSize }) {
  return (
    <g pointerEvents="none">
      {viewerMarkersOn(peers, storeyId).map(({ peer, marker }) => {
        const [sx, sy] = planToScreen(camera, size, [marker.x, marker.y]);
        const heading = Math.round(marker.heading * 100) / 100;
        const { name, color } = peer.user;
        const headset = marker.kind !== '3d';
        const label = headset ? `${name} · ${MODE_LABEL[marker.kind]}` : name;
        const glyph = headset ? 20 : 0;
        return (
          <g
            key={peer.clientId}
            transform={`translate(${sx} ${sy})`}
            data-testid="peer-viewer"
            data-client-id={peer.clientId}
            data-x={fixed2(marker.x)}
            data-y={fixed2(marker.y)}
            data-heading={fixed2(heading === 360 ? 0 : heading)}
            data-kind={marker.kind}
            data-name={name}
            data-color={color}
          >
            <title>{`${name} is looking ${headset ? `in ${MODE_LABEL[marker.kind]}` : 'in 3D'}`}</title>
            {/* The plan's y axis points up and the screen's down: a plan heading turns the other way on screen. */}
            <g transform={`rotate(${-marker.heading})`}>
              <path d={WEDGE} fill={color} fillOpacity={0.18} stroke={color} strokeOpacity={0.6} strokeWidth={1} />
              <path d="M9 -5 L19 0 L9 5 Z" fill={color} stroke="white" strokeWidth={1} />
            </g>
            <circle r={6} fill={color} stroke="white" strokeWidth={2} />
            <g transform="translate(10 8)">
              <rect x={0} y={0} rx={4} height={18} width={glyph + label.length * 7 + 12} fill={color} />
              {headset && <path d={HEADSET} transform="translate(6 4.5)" fill="white" data-testid="peer-viewer-headset" />}
              <text x={6 + glyph} y={13} fontSize={12} fill="white">
                {label}
              </text>
            </g>
          </g>
        );
      })}
    </g>
  );
}
