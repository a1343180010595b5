import { describe, expect, it } from 'vitest';
import type { Peer, PresenceQuaternion, PresenceView3d, PresenceXr } from '@/lib/doc';
import { rotateByQuaternion, viewerMarkerOf, viewerMarkersOn } from '@/components/presence/viewerMarker';

const view = (position: [number, number, number], target: [number, number, number], storeyId = 's1'): PresenceView3d => ({
  position,
  target,
  fov: 50,
  storeys: 'all',
  storeyId,
});

/** A unit quaternion [x, y, z, w] rotating by `degrees` about a unit axis. */
const about = (axis: [number, number, number], degrees: number): PresenceQuaternion => {
  const h = (degrees * Math.PI) / 360;
  return [axis[0] * Math.sin(h), axis[1] * Math.sin(h), axis[2] * Math.sin(h), Math.cos(h)];
};
/** Quaternion product a·b (apply b, then a). */
const times = (a: PresenceQuaternion, b: PresenceQuaternion): PresenceQuaternion => [
  a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
  a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
  a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
  a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
];
const Y: [number, number, number] = [0, 1, 0];
const X: [number, number, number] = [1, 0, 0];
const xr = (quaternion: PresenceQuaternion, mode: 'vr' | 'ar' = 'vr'): PresenceXr => ({ mode, head: { position: [2, 1.7, 3], quaternion } });

/** Headings compared on the circle: 359.9999 and 0 are the same. */
const expectHeading = (actual: number | undefined, expected: number) => {
  expect(actual).toBeDefined();
  expect(actual!).toBeGreaterThanOrEqual(0);
  expect(actual!).toBeLessThan(360);
  const d = Math.abs((((actual! - expected) % 360) + 540) % 360 - 180);
  expect(d).toBeLessThan(1e-6);
};

describe('rotateByQuaternion', () => {
  it('turns −z to −x by a 90° yaw about +y (right-handed, as three.js)', () => {
    const [x, y, z] = rotateByQuaternion([0, 0, -1], about(Y, 90));
    expect(x).toBeCloseTo(-1);
    expect(y).toBeCloseTo(0);
    expect(z).toBeCloseTo(0);
  });
});

// World → plan: plan x = world x, plan y = −world z; world −z is plan +y (north, heading 90).
describe('viewerMarkerOf: a 3D view', () => {
  it.each<[string, [number, number, number], [number, number, number], number]>([
    ['looking along +x', [0, 2, 0], [5, 2, 0], 0],
    ['looking along −z (plan +y)', [0, 2, 0], [0, 2, -5], 90],
    ['looking along −x', [3, 2, 3], [-1, 2, 3], 180],
    ['looking along +z (plan −y)', [0, 2, 0], [0, 2, 5], 270],
    ['looking down diagonally towards +x −z (plan +x +y)', [0, 10, 0], [1, 0, -1], 45],
    ['looking down diagonally towards −x −z (plan −x +y)', [0, 10, 0], [-1, 0, -1], 135],
    ['looking along +x +z (plan +x −y)', [0, 2, 0], [1, 2, 1], 315],
    ['looking almost straight down (OrbitControls’ polar clamp)', [0, 10, 0], [-1e-5, 0, 0], 180],
    ['looking straight down: three.js lookAt’s screen-up, −z (plan +y)', [0, 10, 0], [0, 0, 0], 90],
    ['at its own target: three.js lookAt looks along −z (plan +y)', [1, 1, 1], [1, 1, 1], 90],
  ])('heading %s', (_name, position, target, heading) => {
    const m = viewerMarkerOf({ view3d: view(position, target) });
    expect(m?.kind).toBe('3d');
    expectHeading(m?.heading, heading);
  });

  it('puts the eye at world x, −z on the plan (the height is not a plan coordinate)', () => {
    expect(viewerMarkerOf({ view3d: view([1.5, 9, -2.25], [0, 0, 0]) })).toMatchObject({ x: 1.5, y: 2.25, kind: '3d' });
    expect(viewerMarkerOf({ view3d: view([-1, 9, 4], [0, 0, 0]) })).toMatchObject({ x: -1, y: -4 });
    expect(Object.is(viewerMarkerOf({ view3d: view([0, 2, 0], [1, 2, 0]) })!.y, 0)).toBe(true); // not −0
  });

  it('is undefined for a peer in neither 3D nor a headset', () => {
    expect(viewerMarkerOf({})).toBeUndefined();
  });
});

describe('viewerMarkerOf: a headset', () => {
  it.each<[string, PresenceQuaternion, number]>([
    ['identity: forward is −z (plan +y)', [0, 0, 0, 1], 90],
    ['yawed 90° (left, about +y): forward is −x', about(Y, 90), 180],
    ['yawed −90°: forward is +x', about(Y, -90), 0],
    ['yawed 180°: forward is +z (plan −y)', about(Y, 180), 270],
    ['yawed 45° (left): forward is −x −z (plan −x +y)', about(Y, 45), 135],
    ['yawed −45° (right): forward is +x −z (plan +x +y)', about(Y, -45), 45],
    ['pitched 30° down: the yaw alone counts', times(about(Y, 90), about(X, -30)), 180],
    ['looking straight down: the head’s right decides', times(about(Y, 90), about(X, -90)), 180],
    ['looking straight down unturned: the head’s right (+x) gives forward −z', about(X, -90), 90],
    ['looking straight up', times(about(Y, -90), about(X, 90)), 0],
    ['looking nearly straight down', times(about(Y, 180), about(X, -89.99)), 270],
    ['an un-normalised quaternion within tolerance', [0, 0, 0, 1.0009], 90],
  ])('heading %s', (_name, q, heading) => {
    expectHeading(viewerMarkerOf({ xr: xr(q) })?.heading, heading);
  });

  it('takes the head’s position (world x, −z) and the session mode', () => {
    expect(viewerMarkerOf({ xr: xr([0, 0, 0, 1], 'ar') })).toMatchObject({ x: 2, y: -3, kind: 'ar' });
    expect(viewerMarkerOf({ xr: xr([0, 0, 0, 1], 'vr') })?.kind).toBe('vr');
  });

  it('wins over a 3D view: the head is where the person looks from', () => {
    expect(viewerMarkerOf({ view3d: view([9, 9, 9], [0, 0, 0]), xr: xr([0, 0, 0, 1]) })).toMatchObject({ x: 2, y: -3, kind: 'vr' });
  });
});

describe('viewerMarkersOn', () => {
  const peer = (clientId: number, fields: Partial<Peer>): Peer => ({ clientId, user: { id: `u${clientId}`, name: `P${clientId}`, color: '#123456' }, selection: [], ...fields });
  const peers = [
    peer(1, { view3d: view([0, 2, 0], [1, 2, 0], 's1') }),
    peer(2, { view3d: view([0, 2, 0], [1, 2, 0], 's2') }),
    peer(3, { xr: xr([0, 0, 0, 1]) }),
    peer(4, { view3d: view([0, 2, 0], [1, 2, 0], 's2'), xr: xr([0, 0, 0, 1], 'ar') }),
    peer(5, { cursor: { view: 'plan', storeyId: 's1', x: 0, y: 0 } }),
  ];
  it('shows 3D viewers on their storey only, headset users on every storey, and nobody else', () => {
    expect(viewerMarkersOn(peers, 's1').map((v) => v.peer.clientId)).toEqual([1, 3, 4]);
    expect(viewerMarkersOn(peers, 's2').map((v) => v.peer.clientId)).toEqual([2, 3, 4]);
    expect(viewerMarkersOn(peers, 's3').map((v) => v.peer.clientId)).toEqual([3, 4]);
  });
});
