'use client';

import { useFrame, useThree } from '@react-three/fiber';
import { TeleportTarget, useXR, useXRHitTest, useXRInputSourceEvent, useXRInputSourceState, XROrigin } from '@react-three/xr';
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import * as THREE from 'three';
import type { PresencePose } from '@/lib/doc';
import { KIND_LABELS } from '@/components/building/kindLabels';
import type { Storey } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import type { LocalPresence } from '@/components/presence/usePresence';
import { useEditorState } from '@/components/editor/useEditor';
import type { SceneController, StoreyFilter } from '../SceneController';
import { labelTexture } from '../labelTexture';
import { moveOnPlan } from '../moveOnPlan';

interface Props {
  editor: Editor;
  controller: SceneController;
  storeys: readonly Storey[];
  storeyId: string;
  /** AR at tabletop scale (the building fits about 60 cm) or 1:1. */
  tabletop: boolean;
  publish: (fields: LocalPresence) => void;
  filter: StoreyFilter;
  /** The building and what is drawn with it (placed in AR, walked through in VR). */
  children: ReactNode;
}

/** How big the building is at tabletop scale (metres, its larger side). */
const TABLETOP_SIZE = 0.6;
/** Thumbstick dead zone. */
const DEAD = 0.25;

/** The test handle's view of XR (the emulator's pose changes reach it through the same frames a headset's do). */
export const xrProbe: { frames?: number; hit?: number[]; placed?: { position: number[]; scale: number; rotation: number }; origin?: number[]; head?: number[]; panel?: string } = {};

/**
 * AR and VR around the building. AR: a reticle follows the surface the viewer looks at (WebXR hit
 * test) and a select places the building there, at tabletop scale or 1:1; the right thumbstick
 * turns it (x) and scales it (y, tabletop). VR: the player stands at eye height on the chosen
 * storey, teleports with the controller's teleport ray, and A/B switch storey up/down. Selecting
 * an element with a controller ray selects it in the editor (the same click as on the desktop) and
 * shows its properties on a panel beside it. The headset and controllers' world poses are
 * published as presence.
 */
export function XRParts({ editor, controller, storeys, storeyId, tabletop, publish, filter, children }: Props) {
  const mode = useXR((s) => s.mode);
  const world = useRef<THREE.Group>(null);
  const elevation = controller.storeyElevation(storeyId);
  return (
    <>
      {mode === 'immersive-ar' ? (
        <ARRig controller={controller} tabletop={tabletop} filter={filter} world={world}>
          {children}
        </ARRig>
      ) : (
        <group ref={world}>{children}</group>
      )}
      {mode === 'immersive-vr' && <VRRig editor={editor} controller={controller} storeys={storeys} elevation={elevation} />}
      {mode === 'immersive-vr' && <XRMove editor={editor} controller={controller} elevation={elevation} />}
      {mode !== null && <XRSelect editor={editor} controller={controller} />}
      {mode !== null && <XRPresence mode={mode === 'immersive-ar' ? 'ar' : 'vr'} publish={publish} world={world} />}
      {mode !== null && <XRSelectionPanel editor={editor} controller={controller} />}
    </>
  );
}

/**
 * VR: the player stands south of the shown storey at its floor, looking north into it (made per
 * session); pushes a thumbstick forward to aim the teleport arc and pulls the trigger to jump;
 * A/B switch storey up/down, and the player follows to that storey's floor.
 */
function VRRig({ editor, controller, storeys, elevation }: { editor: Editor; controller: SceneController; storeys: readonly Storey[]; elevation: number }) {
  const [start] = useState(() => {
    const box = controller.shownBounds();
    const centre = box.isEmpty() ? new THREE.Vector3() : box.getCenter(new THREE.Vector3());
    return { x: centre.x, z: box.isEmpty() ? 2 : box.max.z + 2 };
  });
  const [teleported, setTeleported] = useState<{ x: number; z: number } | null>(null);
  const at = teleported ?? start;
  const origin = useMemo(() => new THREE.Vector3(at.x, elevation, at.z), [at.x, at.z, elevation]);
  useEffect(() => {
    xrProbe.origin = origin.toArray();
  }, [origin]);
  const right = useXRInputSourceState('controller', 'right');
  const pressed = useRef<{ a: boolean; b: boolean }>({ a: false, b: false });
  // Teleporting is on purpose: the floor is a teleport target only while a thumbstick is pushed
  // forward (then the trigger jumps there); otherwise the trigger selects what the ray points at.
  const [aiming, setAiming] = useState(false);
  const left = useXRInputSourceState('controller', 'left');
  useFrame(() => {
    const forward = [left, right].some((c) => (c?.gamepad['xr-standard-thumbstick']?.yAxis ?? 0) < -0.5);
    if (forward !== aiming) setAiming(forward);
    if (!right) return;
    for (const [button, step] of [['a-button', 1], ['b-button', -1]] as const) {
      const on = right.gamepad[button]?.state === 'pressed';
      const key = button === 'a-button' ? 'a' : 'b';
      if (on && !pressed.current[key]) {
        const i = storeys.findIndex((s) => s.id === editor.storeyId);
        const next = storeys[i + step];
        if (next) editor.setStorey(next.id);
      }
      pressed.current[key] = on;
    }
  });
  return (
    <>
      <XROrigin position={origin} />
      {aiming && (
        <TeleportTarget onTeleport={(point) => setTeleported({ x: point.x, z: point.z })}>
          <mesh position={[origin.x, elevation + 0.002, origin.z]} rotation={[-Math.PI / 2, 0, 0]} name="teleport-floor">
            <planeGeometry args={[400, 400]} />
            <meshBasicMaterial transparent opacity={0} depthWrite={false} />
          </mesh>
        </TeleportTarget>
      )}
    </>
  );
}

/**
 * AR: until placed, a reticle follows the surface the viewer looks at and the building is hidden;
 * a select places it there (its bottom centre on the hit point), at tabletop scale or 1:1. The
 * right thumbstick then turns it (x) and scales it (y, tabletop).
 */
function ARRig({ controller, tabletop, filter, world, children }: { controller: SceneController; tabletop: boolean; filter: StoreyFilter; world: RefObject<THREE.Group | null>; children: ReactNode }) {
  const [placed, setPlaced] = useState<{ position: THREE.Vector3; rotation: number; scale: number } | null>(null);
  const placing = placed === null;
  const { centre, fit } = useMemo(() => {
    void filter;
    void placing;
    const box = controller.shownBounds();
    const size = box.getSize(new THREE.Vector3());
    return {
      centre: box.isEmpty() ? new THREE.Vector3() : new THREE.Vector3((box.min.x + box.max.x) / 2, box.min.y, (box.min.z + box.max.z) / 2),
      fit: TABLETOP_SIZE / Math.max(size.x, size.z, 1),
    };
  }, [controller, filter, placing]);
  useEffect(() => {
    xrProbe.placed = placed ? { position: placed.position.toArray(), scale: placed.scale, rotation: placed.rotation } : undefined;
  }, [placed]);
  const transform = useMemo(() => {
    if (!placed) return { position: new THREE.Vector3(), rotation: 0, scale: 1 };
    const offset = centre.clone().multiplyScalar(placed.scale).applyAxisAngle(new THREE.Vector3(0, 1, 0), placed.rotation);
    return { position: placed.position.clone().sub(offset), rotation: placed.rotation, scale: placed.scale };
  }, [placed, centre]);
  const right = useXRInputSourceState('controller', 'right');
  useFrame((_state, delta) => {
    if (!placed || !right) return;
    const stick = right.gamepad['xr-standard-thumbstick'];
    const x = stick?.xAxis ?? 0;
    const y = stick?.yAxis ?? 0;
    if (Math.abs(x) < DEAD && Math.abs(y) < DEAD) return;
    setPlaced((p) =>
      p && {
        ...p,
        rotation: p.rotation + (Math.abs(x) >= DEAD ? -x * delta * 1.5 : 0),
        scale: tabletop && Math.abs(y) >= DEAD ? THREE.MathUtils.clamp(p.scale * (1 - y * delta), 0.002, 1) : p.scale,
      },
    );
  });
  return (
    <>
      <group ref={world} position={transform.position} rotation={[0, transform.rotation, 0]} scale={transform.scale} visible={placed !== null}>
        {children}
      </group>
      {!placed && <ARPlacement onPlace={(position) => setPlaced({ position, rotation: 0, scale: tabletop ? fit : 1 })} />}
    </>
  );
}

/**
 * Moving in VR: with elements selected (the trigger on them), squeezing the grip while pointing at
 * the floor moves the selection there, with the plan's snapping: one ordinary validated doc edit,
 * live for everyone and undoable, as a drag in the plan or the 3D gizmo.
 */
function XRMove({ editor, controller, elevation }: { editor: Editor; controller: SceneController; elevation: number }) {
  const origin = useXR((s) => s.origin);
  const gl = useThree((s) => s.gl);
  useXRInputSourceEvent(
    'all',
    'squeeze',
    (e) => {
      const ids = [...editor.selection].filter((id) => controller.has(id));
      if (ids.length === 0) return;
      if (!editor.canEdit) {
        editor.showError('Your role cannot edit the model.');
        return;
      }
      const space = gl.xr.getReferenceSpace();
      const pose = space ? e.frame.getPose(e.inputSource.targetRaySpace, space) : undefined;
      if (!pose) return;
      const ray = new THREE.Matrix4().fromArray(pose.transform.matrix);
      if (origin) ray.premultiply(origin.matrixWorld);
      const from = new THREE.Vector3().setFromMatrixPosition(ray);
      const dir = new THREE.Vector3(0, 0, -1).transformDirection(ray);
      if (dir.y > -1e-3) return; // not pointing down at the floor
      const t = (elevation - from.y) / dir.y;
      const hit = from.addScaledVector(dir, t);
      const box = new THREE.Box3();
      const b = new THREE.Box3();
      for (const id of ids) if (controller.boundsOf(id, b)) box.union(b);
      const anchor = box.getCenter(new THREE.Vector3());
      moveOnPlan(editor, ids, anchor, hit);
    },
    [editor, controller, origin, elevation, gl],
  );
  return null;
}

/**
 * Selecting in XR: the trigger selects the element the controller's ray points at (the first one
 * not cut away by the section plane), as a click does on the desktop; on nothing, it clears the
 * selection. Not while aiming a teleport (a thumbstick pushed forward) or placing in AR.
 */
function XRSelect({ editor, controller }: { editor: Editor; controller: SceneController }) {
  const origin = useXR((s) => s.origin);
  const gl = useThree((s) => s.gl);
  const left = useXRInputSourceState('controller', 'left');
  const right = useXRInputSourceState('controller', 'right');
  useXRInputSourceEvent(
    'all',
    'select',
    (e) => {
      if ([left, right].some((c) => (c?.gamepad['xr-standard-thumbstick']?.yAxis ?? 0) < -0.5)) return;
      if (xrPlacing.current) return;
      const space = gl.xr.getReferenceSpace();
      const pose = space ? e.frame.getPose(e.inputSource.targetRaySpace, space) : undefined;
      if (!pose) return;
      const ray = new THREE.Matrix4().fromArray(pose.transform.matrix);
      if (origin) ray.premultiply(origin.matrixWorld);
      const raycaster = new THREE.Raycaster(new THREE.Vector3().setFromMatrixPosition(ray), new THREE.Vector3(0, 0, -1).transformDirection(ray), 0.05, 500);
      const id = pickElement(controller, raycaster);
      if (!id) editor.select([]);
      else if (editor.readModel.elements.get(id)?.storeyId !== editor.storeyId) editor.reveal(id);
      else editor.select([id]);
    },
    [editor, controller, origin, gl, left, right],
  );
  return null;
}

/** Whether an AR placement is waiting for its select (then the select places, it does not pick). */
const xrPlacing = { current: false };

/** The element the ray hits first, skipping what the section plane cuts away. */
export function pickElement(controller: SceneController, raycaster: THREE.Raycaster): string | undefined {
  for (const hit of raycaster.intersectObjects(controller.meshes, false)) {
    if (controller.sectionPlane.distanceToPoint(hit.point) < -1e-3) continue;
    const id = controller.elementAt(hit.object, hit.batchId);
    if (id) return id;
  }
  return undefined;
}

/** AR placement: a ring on the surface the viewer looks at; a select (trigger, or a tap on a phone) places the building there. */
function ARPlacement({ onPlace }: { onPlace: (position: THREE.Vector3) => void }) {
  useEffect(() => {
    xrPlacing.current = true;
    return () => {
      xrPlacing.current = false;
    };
  }, []);
  const reticle = useRef<THREE.Mesh>(null);
  const hit = useRef<THREE.Vector3 | null>(null);
  const matrix = useMemo(() => new THREE.Matrix4(), []);
  useXRHitTest((results, getWorldMatrix) => {
    if (results.length === 0 || !getWorldMatrix(matrix, results[0]!)) return;
    const p = new THREE.Vector3().setFromMatrixPosition(matrix);
    hit.current = p;
    xrProbe.hit = p.toArray();
    if (reticle.current) {
      reticle.current.visible = true;
      reticle.current.position.copy(p);
    }
  }, 'viewer');
  useXRInputSourceEvent(
    'all',
    'select',
    () => {
      if (hit.current) onPlace(hit.current.clone());
    },
    [onPlace],
  );
  return (
    <mesh ref={reticle} visible={false} rotation={[-Math.PI / 2, 0, 0]} name="ar-reticle">
      <ringGeometry args={[0.06, 0.08, 32]} />
      <meshBasicMaterial color="#2563eb" />
    </mesh>
  );
}

/**
 * Publishes the headset's and controllers' poses in the building's frame: the viewer pose of the
 * XR frame (relative to the session's floor), through the XR origin (where the player stands, after
 * teleports), then into the building group's frame (in AR the building is placed, turned and scaled).
 */
function XRPresence({ mode, publish, world }: { mode: 'ar' | 'vr'; publish: (fields: LocalPresence) => void; world: RefObject<THREE.Group | null> }) {
  const left = useXRInputSourceState('controller', 'left');
  const right = useXRInputSourceState('controller', 'right');
  const origin = useXR((s) => s.origin);
  const m = useMemo(() => new THREE.Matrix4(), []);
  const last = useRef('');
  useEffect(() => () => publish({ xr: null }), [publish]);
  useFrame((state, _delta, frame?: XRFrame) => {
    // XR frames seen, so a test can hold a button across frames however slow they are.
    xrProbe.frames = (xrProbe.frames ?? 0) + 1;
    const space = state.gl.xr.getReferenceSpace();
    if (!frame || !space) return;
    const viewer = frame.getViewerPose(space);
    if (!viewer) return;
    const toBuilding = new THREE.Matrix4();
    if (origin) toBuilding.copy(origin.matrixWorld);
    if (world.current) toBuilding.premultiply(m.copy(world.current.matrixWorld).invert());
    const head = poseOf(viewer.transform.matrix, toBuilding);
    const hand = (s: typeof left) => {
      const grip = s?.inputSource.gripSpace ?? s?.inputSource.targetRaySpace;
      const pose = grip ? frame.getPose(grip, space) : undefined;
      return pose ? poseOf(pose.transform.matrix, toBuilding) : undefined;
    };
    const xr = { mode, head, left: hand(left), right: hand(right) };
    xrProbe.head = [...head.position];
    const key = JSON.stringify(xr);
    if (key === last.current) return;
    last.current = key;
    publish({ xr });
  });
  return null;
}

const tmpP = new THREE.Vector3();
const tmpQ = new THREE.Quaternion();
const tmpS = new THREE.Vector3();
/** A pose (a WebXR column-major matrix) carried into the building's frame, rounded to the millimetre. */
function poseOf(matrix: Float32Array | readonly number[], toBuilding: THREE.Matrix4): PresencePose {
  const m = new THREE.Matrix4().fromArray(matrix as number[]).premultiply(toBuilding);
  m.decompose(tmpP, tmpQ, tmpS);
  const r = (n: number) => Math.round(n * 1000) / 1000;
  const q = tmpQ.normalize();
  return { position: [r(tmpP.x), r(tmpP.y), r(tmpP.z)], quaternion: [q.x, q.y, q.z, q.w] };
}

/** The selected element's properties on a panel beside it, readable in the headset. */
function XRSelectionPanel({ editor, controller }: { editor: Editor; controller: SceneController }) {
  useEditorState(editor, (s) => s.selections);
  const id = editor.selection.size === 1 ? [...editor.selection][0]! : undefined;
  const element = id ? editor.readModel.elements.get(id) : undefined;
  const panel = useMemo(() => {
    if (!element || !id) return null;
    const box = controller.boundsOf(id);
    if (!box) return null;
    const lines = [`${KIND_LABELS[element.kind][0]}: ${element.name}`];
    if (element.kind === 'wall') lines.push(`${Math.hypot(element.b[0] - element.a[0], element.b[1] - element.a[1]).toFixed(2)} m long, ${element.height} m high`);
    if (element.kind === 'equipment') lines.push(element.path, `${element.system} · ${element.type} · ${element.status}`);
    if (element.kind === 'space') lines.push(`${element.number} ${element.usage}`.trim() || 'room');
    if (element.kind === 'door' || element.kind === 'window') lines.push(`${element.width} × ${element.height} m`);
    const { texture, aspect } = labelTexture(lines.join('\n'), '#0f172acc');
    const height = 0.12 * lines.length;
    return { text: lines.join('\n'), texture, aspect, height, at: [(box.min.x + box.max.x) / 2, box.max.y + height, (box.min.z + box.max.z) / 2] as THREE.Vector3Tuple };
  }, [element, id, controller]);
  useEffect(() => {
    xrProbe.panel = panel?.text;
  }, [panel]);
  if (!panel) return null;
  return (
    <sprite position={panel.at} scale={[panel.height * panel.aspect, panel.height, 1]} name="xr-properties" renderOrder={12}>
      <spriteMaterial map={panel.texture} depthTest={false} transparent />
    </sprite>
  );
}
