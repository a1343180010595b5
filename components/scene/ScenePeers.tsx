'use client';

import { Line } from '@react-three/drei';
import { useMemo } from 'react';
import * as THREE from 'three';
import type { Peer, PresencePose } from '@/lib/doc';
import { labelTexture } from './labelTexture';

/** One peer as drawn in the scene (the test handle reads these). */
export interface DrawnPeer {
  readonly clientId: number;
  readonly name: string;
  readonly kind: 'camera' | 'vr' | 'ar';
  readonly position: readonly [number, number, number];
  readonly pointer?: readonly [number, number, number];
}

interface Props {
  peers: readonly Peer[];
  selfId: number | undefined;
  following: number | null;
}

/**
 * Others in the 3D scene, in their colour: their pointer on a surface (a dot), their camera (a
 * small frustum with their name), and a headset user's head and two controllers at their tracked
 * pose. The one being followed is not drawn (their camera is ours).
 */
export function ScenePeers({ peers, selfId, following }: Props) {
  const shown = shownPeers(peers, selfId, following);
  return (
    <group name="peers">
      {shown.map((p) => (
        <group key={p.clientId} name={`peer:${p.clientId}`}>
          {p.cursor?.view === '3d' && (
            <mesh position={[p.cursor.x, p.cursor.z ?? 0, -p.cursor.y]} renderOrder={10}>
              <sphereGeometry args={[0.08, 12, 8]} />
              <meshBasicMaterial color={p.user.color} depthTest={false} transparent opacity={0.9} />
            </mesh>
          )}
          {p.xr ? (
            <Headset color={p.user.color} name={`${p.user.name} · ${p.xr.mode.toUpperCase()}`} head={p.xr.head} left={p.xr.left} right={p.xr.right} />
          ) : (
            p.view3d && <Frustum color={p.user.color} name={p.user.name} position={p.view3d.position} target={p.view3d.target} fov={p.view3d.fov} />
          )}
        </group>
      ))}
    </group>
  );
}

/** The peers the scene draws: not oneself, not the one followed. */
export function shownPeers(peers: readonly Peer[], selfId: number | undefined, following: number | null): Peer[] {
  return peers.filter((p) => p.clientId !== selfId && p.clientId !== following);
}

/** What is drawn of each peer, for the test handle. */
export function drawnPeers(shown: readonly Peer[]): DrawnPeer[] {
  return shown.flatMap((p): DrawnPeer[] => {
    const pointer = p.cursor?.view === '3d' ? ([p.cursor.x, p.cursor.z ?? 0, -p.cursor.y] as const) : undefined;
    if (p.xr) return [{ clientId: p.clientId, name: p.user.name, kind: p.xr.mode, position: p.xr.head.position, pointer }];
    if (p.view3d) return [{ clientId: p.clientId, name: p.user.name, kind: 'camera', position: p.view3d.position, pointer }];
    return pointer ? [{ clientId: p.clientId, name: p.user.name, kind: 'camera', position: pointer, pointer }] : [];
  });
}

function NameLabel({ text, color, position }: { text: string; color: string; position: THREE.Vector3Tuple }) {
  const { texture, aspect } = useMemo(() => labelTexture(text, color), [text, color]);
  const height = 0.18;
  return (
    <sprite position={position} scale={[height * aspect, height, 1]} renderOrder={11}>
      <spriteMaterial map={texture} depthTest={false} transparent />
    </sprite>
  );
}

/** A camera as a small pyramid from its eye towards what it looks at. */
function Frustum({ color, name, position, target, fov }: { color: string; name: string; position: readonly number[]; target: readonly number[]; fov: number }) {
  const points = useMemo(() => {
    const eye = new THREE.Vector3(position[0], position[1], position[2]);
    const look = new THREE.Vector3(target[0], target[1], target[2]);
    const m = new THREE.Matrix4().lookAt(eye, look, new THREE.Vector3(0, 1, 0));
    const depth = 0.8;
    const h = Math.tan(THREE.MathUtils.degToRad(fov) / 2) * depth;
    const w = h * 1.5;
    const corner = (x: number, y: number) => new THREE.Vector3(x, y, -depth).applyMatrix4(m).add(eye);
    const [a, b, c, d] = [corner(-w, h), corner(w, h), corner(w, -h), corner(-w, -h)];
    return [eye, a, b, eye, c, d, eye, b, c, d, a];
  }, [position, target, fov]);
  return (
    <>
      <Line points={points} color={color} lineWidth={2} />
      <mesh position={[position[0]!, position[1]!, position[2]!]}>
        <sphereGeometry args={[0.1, 12, 8]} />
        <meshBasicMaterial color={color} />
      </mesh>
      <NameLabel text={name} color={color} position={[position[0]!, position[1]! + 0.3, position[2]!]} />
    </>
  );
}

/** A headset user: a head with a visor facing where they look, and their two controllers. */
function Headset({ color, name, head, left, right }: { color: string; name: string; head: PresencePose; left?: PresencePose; right?: PresencePose }) {
  const quaternion = useMemo(() => new THREE.Quaternion(...head.quaternion), [head.quaternion]);
  return (
    <>
      <group position={head.position as THREE.Vector3Tuple} quaternion={quaternion}>
        <mesh>
          <boxGeometry args={[0.2, 0.12, 0.14]} />
          <meshLambertMaterial color={color} />
        </mesh>
        <mesh position={[0, 0, -0.075]}>
          <boxGeometry args={[0.18, 0.08, 0.02]} />
          <meshBasicMaterial color="#111827" />
        </mesh>
      </group>
      {[left, right].map(
        (pose, i) =>
          pose && (
            <mesh key={i} position={pose.position as THREE.Vector3Tuple} quaternion={new THREE.Quaternion(...pose.quaternion)}>
              <cylinderGeometry args={[0.025, 0.03, 0.12, 10]} />
              <meshLambertMaterial color={color} />
            </mesh>
          ),
      )}
      <NameLabel text={name} color={color} position={[head.position[0], head.position[1] + 0.25, head.position[2]]} />
    </>
  );
}
