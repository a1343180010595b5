import { rotatePoint, type BoundingBox, type PlanPoint } from '@/lib/model';
import type { Peer } from '@/lib/doc';
import { cameraTransform, planToScreen, type Camera, type ViewSize } from './camera';
import type { Gesture } from './usePlanInput';
import { ROTATE_HANDLE_OFFSET_PX, toDegrees } from './rotation';

interface Props {
  camera: Camera;
  size: ViewSize;
  /** Others' selections on this storey, outlined in their colour. */
  peerOutlines: readonly { peer: Peer; id: string; b: BoundingBox }[];
  chain: readonly PlanPoint[];
  chainPreview: PlanPoint | null;
  previewLength: number;
  gesture: Gesture | null;
  pointer: PlanPoint | null;
  /** The rotate tool's handle: the selection's box and the centre it turns about. */
  rotation?: { box: BoundingBox; centre: PlanPoint };
}

/**
 * What the plan draws over the elements: others' selections, the wall/room being drawn with its
 * length, the selection box, and the rotate tool's handle with the angle while turning.
 */
export function PlanOverlay({ camera, size, peerOutlines, chain, chainPreview, previewLength, gesture, pointer, rotation }: Props) {
  const screen = (p: readonly [number, number]) => planToScreen(camera, size, p);
  return (
    <>
      <g transform={cameraTransform(camera, size)} pointerEvents="none">
        {peerOutlines.map(({ peer, id, b }) => (
          <rect
            key={`${peer.clientId}:${id}`}
            data-testid="peer-selection"
            data-element-id={id}
            data-color={peer.user.color}
            x={b.min[0] - 0.1}
            y={b.min[1] - 0.1}
            width={b.max[0] - b.min[0] + 0.2}
            height={b.max[1] - b.min[1] + 0.2}
            fill="none"
            stroke={peer.user.color}
            strokeWidth={2}
            strokeDasharray="6 3"
            vectorEffect="non-scaling-stroke"
          />
        ))}
        {chain.length > 0 && (
          <polyline points={[...chain, ...(chainPreview ? [chainPreview] : [])].map((p) => `${p[0]},${p[1]}`).join(' ')} fill="none" stroke="#2563eb" strokeWidth={2} strokeDasharray="5 4" vectorEffect="non-scaling-stroke" />
        )}
        {gesture?.kind === 'box' && pointer && (
          <rect
            data-testid="selection-box"
            x={Math.min(gesture.start[0], pointer[0])}
            y={Math.min(gesture.start[1], pointer[1])}
            width={Math.abs(pointer[0] - gesture.start[0])}
            height={Math.abs(pointer[1] - gesture.start[1])}
            fill="#3b82f6"
            fillOpacity={0.08}
            stroke="#3b82f6"
            strokeWidth={1}
            vectorEffect="non-scaling-stroke"
          />
        )}
      </g>
      {chainPreview && previewLength > 0 && (
        <text data-testid="draw-length" x={screen(chainPreview)[0] + 12} y={screen(chainPreview)[1] - 10} fontSize={12} fill="#1d4ed8" pointerEvents="none">
          {previewLength.toFixed(2)} m
        </text>
      )}
      {rotation && <RotateHandle camera={camera} screen={screen} {...rotation} angle={gesture?.kind === 'rotate' ? gesture.angle : 0} turning={gesture?.kind === 'rotate'} />}
    </>
  );
}

function RotateHandle({ camera, screen, box, centre, angle, turning }: { camera: Camera; screen: (p: readonly [number, number]) => [number, number]; box: BoundingBox; centre: PlanPoint; angle: number; turning: boolean }) {
  // The handle sits above the box's top edge and turns with the selection while dragged.
  const handle = rotatePoint([centre[0], box.max[1] + ROTATE_HANDLE_OFFSET_PX / camera.zoom], centre, angle);
  const [cx, cy] = screen(centre);
  const [hx, hy] = screen(handle);
  return (
    <g data-testid="rotate-tool">
      <line x1={cx} y1={cy} x2={hx} y2={hy} stroke="#2563eb" strokeWidth={1} strokeDasharray="3 3" pointerEvents="none" />
      <path d={`M ${cx - 5} ${cy} H ${cx + 5} M ${cx} ${cy - 5} V ${cy + 5}`} stroke="#2563eb" strokeWidth={1.5} pointerEvents="none" />
      <circle data-testid="rotate-handle" data-handle="rotate" cx={hx} cy={hy} r={8} fill="#ffffff" stroke="#2563eb" strokeWidth={2} className={turning ? 'cursor-grabbing' : 'cursor-grab'}>
        <title>Drag to turn the selection (Shift snaps to 15°)</title>
      </circle>
      {turning && (
        <text data-testid="rotate-angle" x={hx + 12} y={hy - 10} fontSize={12} fill="#1d4ed8" pointerEvents="none">
          {toDegrees(angle)}°
        </text>
      )}
    </g>
  );
}
