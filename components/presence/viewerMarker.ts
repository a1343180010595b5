/**
 * Where peers looking at the building in 3D or in a headset are on the plan.
 *
 * Presence carries world coordinates of the 3D scene (components/scene/geometry.ts): a plan point
 * `[x, y]` is world `(x, height, −y)`, so plan x = world x and plan y = −world z. A world direction
 * `(dx, dy, dz)` points on the plan along `(dx, −dz)`: world −z is plan +y (north).
 */
import type { Peer, Presence, PresenceQuaternion, PresenceVector3 } from '@/lib/doc';

/** How a peer is looking at the building: a 3D view on a screen, or a headset in VR or AR. */
export type ViewerKind = '3d' | 'vr' | 'ar';

/** Where a peer's eye is on the plan and which way it looks. */
export interface ViewerMarker {
  /** Plan x of the eye (world x), metres. */
  readonly x: number;
  /** Plan y of the eye (−world z), metres. */
  readonly y: number;
  /**
   * The view direction on the plan in degrees, counter-clockwise from the plan's +x axis (the
   * plan's own angle convention, y up), in [0, 360).
   */
  readonly heading: number;
  readonly kind: ViewerKind;
}

/**
 * A head's forward whose horizontal part is shorter than this (of 1) is read as vertical: its
 * right vector then gives the heading more reliably.
 */
const HEAD_VERTICAL_EPSILON = 1e-3;

/**
 * A camera direction whose horizontal part is at most this fraction of its length is vertical.
 * Far below three.js OrbitControls' polar clamp (1e-6 rad), whose azimuth is still meaningful.
 */
const CAMERA_VERTICAL_EPSILON = 1e-9;

/**
 * Heading when a 3D camera looks straight up or down and has no horizontal direction: the world's
 * −z (plan +y, north), which is where three.js's `lookAt` (camera up +y) puts the top of the
 * screen then (and where it looks when at its own target).
 */
const VERTICAL_VIEW_HEADING = 90;

/** World point → plan point (world x → plan x, −world z → plan y; the height is dropped). */
export function worldToPlan(p: PresenceVector3): [number, number] {
  return [p[0], -p[2] + 0]; // + 0: world z 0 is plan y 0, not −0
}

/**
 * The plan heading (degrees, see {@link ViewerMarker.heading}) of a world direction's horizontal
 * part `(dx, dz)`: on the plan it points along `(dx, −dz)`.
 */
function headingOf(dx: number, dz: number): number {
  const degrees = (Math.atan2(-dz, dx) * 180) / Math.PI;
  const h = ((degrees % 360) + 360) % 360;
  return h === 360 ? 0 : h + 0;
}

/** A world vector rotated by a unit quaternion [x, y, z, w]. */
export function rotateByQuaternion(v: PresenceVector3, q: PresenceQuaternion): [number, number, number] {
  const [qx, qy, qz, qw] = q;
  // t = 2 (q.xyz × v); v' = v + w t + q.xyz × t
  const tx = 2 * (qy * v[2] - qz * v[1]);
  const ty = 2 * (qz * v[0] - qx * v[2]);
  const tz = 2 * (qx * v[1] - qy * v[0]);
  return [v[0] + qw * tx + (qy * tz - qz * ty), v[1] + qw * ty + (qz * tx - qx * tz), v[2] + qw * tz + (qx * ty - qy * tx)];
}

/**
 * The plan heading of a head pose: its forward (−z rotated) projected on the floor. Looking
 * (nearly) straight up or down, the forward has no horizontal part, so the heading comes from the
 * head's right (+x rotated) instead: forward-on-the-floor is up × right = (right z, 0, −right x).
 * An unturned head (identity) looks along world −z: plan +y, heading 90.
 */
function headHeading(q: PresenceQuaternion): number {
  const [fx, , fz] = rotateByQuaternion([0, 0, -1], q);
  if (Math.hypot(fx, fz) > HEAD_VERTICAL_EPSILON) return headingOf(fx, fz);
  const [rx, , rz] = rotateByQuaternion([1, 0, 0], q);
  return headingOf(rz, -rx);
}

/** The plan heading of a 3D camera looking from `position` at `target` (world points). */
function cameraHeading(position: PresenceVector3, target: PresenceVector3): number {
  const dx = target[0] - position[0];
  const dy = target[1] - position[1];
  const dz = target[2] - position[2];
  const horizontal = Math.hypot(dx, dz);
  if (horizontal <= CAMERA_VERTICAL_EPSILON * Math.hypot(dx, dy, dz)) return VERTICAL_VIEW_HEADING;
  return headingOf(dx, dz);
}

/**
 * Where a peer looking at the building in 3D or in a headset is on the plan (plan x = world x,
 * plan y = −world z), and which way it looks; undefined when it is in neither. A headset wins over a 3D view (the head is where the
 * person actually looks from): its head position and the head's forward (−z rotated by the
 * quaternion); a 3D view gives its camera position and the direction to its target.
 */
export function viewerMarkerOf(peer: Pick<Presence, 'view3d' | 'xr'>): ViewerMarker | undefined {
  if (peer.xr) {
    const [x, y] = worldToPlan(peer.xr.head.position);
    return { x, y, heading: headHeading(peer.xr.head.quaternion), kind: peer.xr.mode };
  }
  if (peer.view3d) {
    const [x, y] = worldToPlan(peer.view3d.position);
    return { x, y, heading: cameraHeading(peer.view3d.position, peer.view3d.target), kind: '3d' };
  }
  return undefined;
}

/**
 * The markers to draw on the plan of storey `storeyId`: every headset user (a head has no storey),
 * and the 3D viewers whose view is on that storey.
 */
export function viewerMarkersOn(peers: readonly Peer[], storeyId: string): { peer: Peer; marker: ViewerMarker }[] {
  const out: { peer: Peer; marker: ViewerMarker }[] = [];
  for (const peer of peers) {
    const marker = viewerMarkerOf(peer);
    if (!marker) continue;
    if (marker.kind === '3d' && peer.view3d?.storeyId !== storeyId) continue;
    out.push({ peer, marker });
  }
  return out;
}
