'use client';

import { CameraControls, Html, Line, TransformControls } from '@react-three/drei';
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import { useXR, type XRStore } from '@react-three/xr';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import * as THREE from 'three';
import type CameraControlsImpl from 'camera-controls';
import type { Peer } from '@/lib/doc';
import { polygonCentroid, type Storey } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import { useEditorState } from '@/components/editor/useEditor';
import type { Presence } from '@/components/presence/usePresence';
import type { SceneController, StoreyFilter } from './SceneController';
import type { SceneTool } from './SceneView';
import { moveOnPlan } from './moveOnPlan';
import { drawnPeers, ScenePeers, shownPeers } from './ScenePeers';
import { ScenePins, type ScenePin } from './ScenePins';
import { SceneGhosts } from './SceneGhosts';
import type { Ghost } from './ghosts';
import { useSceneViewActions } from './useSceneViewActions';
import { applySection, presetView, sectionFromPresence, viewAlong, viewToPresence, type Preset, type Section } from './view';
import { XRParts } from './xr/XRParts';

/** What the dev test handle (`window.__arxos.scene`) offers: reads of the scene, never a shortcut past the UI for what a person does. */
export interface SceneTestApi {
  invalidate(): void;
  [key: string]: unknown;
}

interface Props {
  editor: Editor;
  controller: SceneController;
  presence: Presence;
  clientId: number | undefined;
  filter: StoreyFilter;
  setFilter: Dispatch<SetStateAction<StoreyFilter>>;
  storeyId: string;
  storeys: readonly Storey[];
  section: Section;
  setSection: Dispatch<SetStateAction<Section>>;
  tool: SceneTool;
  preset: { preset: Preset | 'fit'; at: number } | null;
  following: number | null;
  canEdit: boolean;
  tabletop: boolean;
  store: XRStore;
  onApi: (api: SceneTestApi) => void;
  /** Pins to draw (review threads). */
  pins?: readonly ScenePin[];
  /** A version comparison's ghosts (removed elements, old shapes of changed ones). */
  ghosts?: readonly Ghost[];
}

/** Room labels drawn at most (the rest of a big building stays unlabelled in 3D). */
const MAX_LABELS = 120;
/** The gizmo's size (three's TransformControls `size`). */
const GIZMO_SIZE = 0.8;

/** Everything inside the 3D canvas: the batched building, picking, camera, gizmo, section, measure, peers, XR. */
export function SceneContent(props: Props) {
  const { editor, controller, presence, clientId, filter, setFilter, storeyId, storeys, section, setSection, tool, preset, following, canEdit, tabletop, onApi, pins, ghosts } = props;
  const { camera, gl, invalidate, size, scene } = useThree();
  const controls = useRef<CameraControlsImpl | null>(null);
  const mode = useXR((s) => s.mode);
  const inXR = mode !== null;
  const selections = useEditorState(editor, (s) => s.selections);
  const hover = useEditorState(editor, (s) => s.hover);
  const { peers, publish } = presence;

  // --- keep the batches in step: flush pending model changes before each frame ---
  useFrame(() => {
    if (controller.pending) controller.flush(editor.readModel.storeys);
  });
  // A geometry asset that arrives marks its elements dirty outside a model change: render a frame (which flushes).
  useEffect(() => controller.subscribe(invalidate), [controller, invalidate]);
  useEffect(() => {
    controller.setStoreyFilter(filter, storeyId);
    invalidate();
  }, [controller, filter, storeyId, invalidate]);
  const hidden = useEditorState(editor, (s) => s.hidden);
  useEffect(() => {
    controller.setHidden(hidden);
    invalidate();
  }, [controller, hidden, invalidate]);
  const selection = useMemo(() => {
    void selections;
    return editor.selection;
  }, [editor, selections]);
  const peerSelections = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of peers) for (const id of p.selection) map.set(id, p.user.color);
    return map;
  }, [peers]);
  useEffect(() => {
    controller.setSelection(selection, hover, peerSelections);
    invalidate();
  }, [controller, selection, hover, peerSelections, invalidate]);
  useEffect(() => {
    applySection(controller.sectionPlane, section);
    invalidate();
  }, [controller, section, invalidate]);

  // --- camera: fitted once, presets and Fit on request ---
  const lookAt = useCallback((position: THREE.Vector3, target: THREE.Vector3, smooth: boolean) => {
    void controls.current?.setLookAt(position.x, position.y, position.z, target.x, target.y, target.z, smooth);
  }, []);
  const fitted = useRef(false);
  // The editor's view API: what is shown (a review thread's viewpoint), and views asked for.
  useSceneViewActions({ editor, controls, section, setSection, filter, setFilter, fittedRef: fitted });
  useFrame(() => {
    if (fitted.current || !controls.current || controller.size === 0) return;
    fitted.current = true;
    const view = presetView('iso', controller.shownBounds(), (camera as THREE.PerspectiveCamera).fov, size.width / Math.max(1, size.height));
    lookAt(view.position, view.target, false);
  });
  useEffect(() => {
    if (!preset) return;
    const box = controller.shownBounds();
    const aspect = size.width / Math.max(1, size.height);
    const fov = (camera as THREE.PerspectiveCamera).fov;
    const c = controls.current;
    // Fit keeps the direction one looks from; a preset sets it.
    const view =
      preset.preset === 'fit' && c ? viewAlong(c.getPosition(new THREE.Vector3()).sub(c.getTarget(new THREE.Vector3())), box, fov, aspect) : presetView(preset.preset === 'fit' ? 'iso' : preset.preset, box, fov, aspect);
    lookAt(view.position, view.target, true);
    if (following !== null) editor.follow(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new request only
  }, [preset]);

  // --- presence: publish the view (camera, section, storeys) as it changes ---
  const publishView = useCallback(() => {
    const c = controls.current;
    if (!c || inXR) return;
    const position = c.getPosition(new THREE.Vector3());
    const target = c.getTarget(new THREE.Vector3());
    publish({ view3d: viewToPresence(position, target, (camera as THREE.PerspectiveCamera).fov, section, filter, storeyId) });
  }, [publish, camera, section, filter, storeyId, inXR]);
  useEffect(() => {
    publishView();
  }, [publishView]);
  useEffect(() => () => publish({ view3d: null, cursor: null }), [publish]);

  // --- follow: apply the followed peer's camera (or head pose), section and storeys every frame ---
  const followed: Peer | undefined = following === null ? undefined : peers.find((p) => p.clientId === following);
  const followedView = followed?.xr ? undefined : followed?.view3d;
  useEffect(() => {
    if (!followedView) return;
    setSection(sectionFromPresence(followedView.section));
    setFilter(followedView.storeys);
    if (storeys.some((s) => s.id === followedView.storeyId) && followedView.storeyId !== storeyId) editor.setStorey(followedView.storeyId);
  }, [followedView, setSection, setFilter, storeys, storeyId, editor]);
  useFrame(() => {
    if (!followed || inXR) return;
    if (followed.xr) {
      const { position: p, quaternion: q } = followed.xr.head;
      const forward = new THREE.Vector3(0, 0, -2).applyQuaternion(new THREE.Quaternion(q[0], q[1], q[2], q[3]));
      void controls.current?.setLookAt(p[0], p[1], p[2], p[0] + forward.x, p[1] + forward.y, p[2] + forward.z, false);
    } else if (followed.view3d) {
      const { position: p, target: t } = followed.view3d;
      void controls.current?.setLookAt(p[0], p[1], p[2], t[0], t[1], t[2], false);
    }
  });
  useEffect(() => {
    if (followed) invalidate();
  }, [followed, invalidate]);
  // Moving the camera oneself stops following (as in the plan).
  useEffect(() => {
    const c = controls.current;
    if (!c) return;
    const stop = () => {
      if (editor.getState().following !== null) editor.follow(null);
    };
    c.addEventListener('controlstart', stop);
    return () => c.removeEventListener('controlstart', stop);
  });

  // --- picking: hover, select (a click on another storey's element shows that storey), measure ---
  // Measured points belong to the measure tool: leaving it clears them.
  const [measured, setMeasured] = useState<{ tool: SceneTool; points: THREE.Vector3[] }>({ tool, points: [] });
  const measure = measured.tool === tool ? measured.points : [];
  const setMeasure = (f: (m: THREE.Vector3[]) => THREE.Vector3[]) => setMeasured({ tool, points: f(measure) });
  // The first element hit that the section plane does not cut away (three's raycast ignores clipping).
  const hitOf = (e: ThreeEvent<PointerEvent | MouseEvent>): { id: string; point: THREE.Vector3 } | undefined => {
    for (const hit of e.intersections ?? []) {
      if (controller.sectionPlane.distanceToPoint(hit.point) < -1e-3) continue;
      const id = controller.elementAt(hit.object, hit.batchId);
      if (id) return { id, point: hit.point };
    }
    return undefined;
  };
  const idOf = (e: ThreeEvent<PointerEvent | MouseEvent>) => hitOf(e)?.id;
  const onPointerMove = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation();
    const id = idOf(e);
    if (editor.getState().hover !== (id ?? null)) editor.setHover(id ?? null);
    const el = id ? editor.readModel.elements.get(id) : undefined;
    const p = hitOf(e)?.point ?? e.point;
    if (el) publish({ cursor: { view: '3d', storeyId: el.storeyId, x: round(p.x), y: round(-p.z), z: round(p.y) } });
  };
  const onPointerOut = () => {
    if (editor.getState().hover !== null) editor.setHover(null);
  };
  const onClick = (e: ThreeEvent<MouseEvent>) => {
    e.stopPropagation();
    if (tool === 'measure') {
      const point = hitOf(e)?.point;
      if (point) setMeasure((m) => (m.length >= 2 ? [point.clone()] : [...m, point.clone()]));
      return;
    }
    const id = idOf(e);
    if (!id) return;
    const el = editor.readModel.elements.get(id);
    if (!el) return;
    if (el.storeyId !== editor.storeyId) editor.reveal(id);
    else if (e.shiftKey) {
      const next = new Set(editor.selection);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      editor.select(next);
    } else editor.select([id]);
  };

  // --- the gizmo: moves the selection on the plan (x/z only) with the plan's snapping; one doc edit on release ---
  const gizmoTarget = useRef<THREE.Group>(null);
  const dragStart = useRef<THREE.Vector3 | null>(null);
  const selectedIds = useMemo(() => [...selection].filter((id) => controller.has(id)), [selection, controller]);
  const anchor = useMemo(() => {
    if (selectedIds.length === 0) return null;
    const box = new THREE.Box3();
    const b = new THREE.Box3();
    for (const id of selectedIds) if (controller.boundsOf(id, b)) box.union(b);
    return box.isEmpty() ? null : new THREE.Vector3((box.min.x + box.max.x) / 2, box.min.y, (box.min.z + box.max.z) / 2);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-read when the model changes
  }, [selectedIds, controller, editor.readModel.version]);
  const showGizmo = canEdit && tool === 'select' && !inXR && anchor !== null && following === null;
  const commitMove = () => {
    const start = dragStart.current;
    const obj = gizmoTarget.current;
    dragStart.current = null;
    if (!start || !obj) return;
    const to = obj.position.clone();
    controller.previewOffset(selectedIds, 0, 0);
    obj.position.copy(start);
    moveOnPlan(editor, selectedIds, start, to);
    invalidate();
  };

  // --- room labels on the shown storeys ---
  const labels = useMemo(() => {
    void editor.readModel.version;
    const out: RoomLabel[] = [];
    for (const e of editor.readModel.elements.values()) {
      if (e.kind !== 'space' || out.length >= MAX_LABELS || !controller.storeyShown(e.storeyId)) continue;
      const c = polygonCentroid(e.polygon);
      out.push({ id: e.id, text: [e.number, e.name].filter(Boolean).join(' '), at: [c[0], controller.storeyElevation(e.storeyId) + 0.1, -c[1]] });
    }
    // The same array while no label changed: an edit elsewhere does not re-render the labels.
    const previous = lastLabels.get(controller);
    if (previous && previous.length === out.length && out.every((l, i) => sameLabel(l, previous[i]!))) return previous;
    lastLabels.set(controller, out);
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- model version and filter
  }, [editor.readModel.version, controller, filter, storeyId]);

  // --- the test handle: reads only ---
  useEffect(() => {
    onApi({
      invalidate,
      /** Renders and resolves once the camera has come to rest (a transition ends) and a frame is drawn. */
      render: async () => {
        const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        let last = '';
        for (let i = 0; i < 120; i++) {
          invalidate();
          await frame();
          const c = controls.current;
          const now = c ? [...c.getPosition(new THREE.Vector3(), false).toArray(), ...c.getTarget(new THREE.Vector3(), false).toArray()].map((n) => n.toFixed(2)).join() : '';
          if (now === last && !controller.pending) break;
          last = now;
        }
        invalidate();
        await frame();
        await frame();
      },
      renderInfo: () => ({ calls: gl.info.render.calls, triangles: gl.info.render.triangles, multiDraw: gl.extensions.has('WEBGL_multi_draw') }),
      batches: () => controller.batchInfo(),
      stats: () => ({ ...controller.stats, size: controller.size }),
      /** Geometry assets: loaded, pending, failed (the loader's), and elements drawing theirs (`drawn`) or still a box (`boxed`). */
      assets: () => controller.assetStats(),
      /** What an element draws: `{ asset: hash | null, instances }` (an asset has one instance per part). */
      drawnAs: (id: string) => controller.drawnAs(id) ?? null,
      camera: () => {
        const c = controls.current;
        return c ? { position: c.getPosition(new THREE.Vector3()).toArray(), target: c.getTarget(new THREE.Vector3()).toArray() } : null;
      },
      section: () => ({ ...section, plane: { normal: controller.sectionPlane.normal.toArray(), constant: controller.sectionPlane.constant } }),
      filter: () => filter,
      measure: () => (measure.length === 2 ? measure[0]!.distanceTo(measure[1]!) : null),
      screenOf: (id: string) => {
        const box = controller.boundsOf(id);
        if (!box) return null;
        const top = new THREE.Vector3((box.min.x + box.max.x) / 2, box.max.y - 0.01, (box.min.z + box.max.z) / 2).project(camera);
        const rect = gl.domElement.getBoundingClientRect();
        return [rect.left + ((top.x + 1) / 2) * rect.width, rect.top + ((1 - top.y) / 2) * rect.height];
      },
      worldToScreen: (x: number, y: number, z: number) => {
        const v = new THREE.Vector3(x, y, z).project(camera);
        const rect = gl.domElement.getBoundingClientRect();
        return [rect.left + ((v.x + 1) / 2) * rect.width, rect.top + ((1 - v.y) / 2) * rect.height];
      },
      gizmoScreen: () => {
        const obj = gizmoTarget.current;
        if (!obj || !showGizmo) return null;
        const v = obj.getWorldPosition(new THREE.Vector3()).project(camera);
        const rect = gl.domElement.getBoundingClientRect();
        return [rect.left + ((v.x + 1) / 2) * rect.width, rect.top + ((1 - v.y) / 2) * rect.height];
      },
      selection: () => [...editor.selection],
      colorOf: (id: string) => controller.colorOf(id),
      ghosts: () => (scene.getObjectByName('compare-ghosts')?.children ?? []).map((c) => c.name),
      visibleOf: (id: string) => controller.visibleOf(id),
      bounds: (id: string) => {
        const b = controller.boundsOf(id);
        return b ? { min: b.min.toArray(), max: b.max.toArray() } : null;
      },
      /** Where the gizmo draws its arrow along `axis` (x or z), on screen: what a person grabs. */
      gizmoHandle: (axis: 'x' | 'z') => {
        const obj = gizmoTarget.current;
        if (!obj || !showGizmo) return null;
        const at = obj.getWorldPosition(new THREE.Vector3());
        const cam = camera as THREE.PerspectiveCamera;
        // three's TransformControlsGizmo: handles are scaled by distance × min(1.9·tan(fov/2)/zoom, 7) × size/4; the arrow's picker runs 0..0.6.
        const factor = at.distanceTo(cam.position) * Math.min((1.9 * Math.tan((Math.PI * cam.fov) / 360)) / cam.zoom, 7) * (GIZMO_SIZE / 4);
        const v = at.clone().add(new THREE.Vector3(axis === 'x' ? 0.45 * factor : 0, 0, axis === 'z' ? 0.45 * factor : 0)).project(camera);
        const rect = gl.domElement.getBoundingClientRect();
        return [rect.left + ((v.x + 1) / 2) * rect.width, rect.top + ((1 - v.y) / 2) * rect.height];
      },
      peers: () => drawnPeers(shownPeers(peers, clientId, following)),
      size: () => size,
    });
  });

  return (
    <>
      <ambientLight intensity={1.6} />
      <directionalLight position={[30, 60, 20]} intensity={1.8} />
      <CameraControls ref={controls} makeDefault onChange={() => publishView()} />
      <XRParts editor={editor} controller={controller} storeys={storeys} storeyId={storeyId} tabletop={tabletop} publish={publish} filter={filter}>
        <primitive object={controller.root} onPointerMove={onPointerMove} onPointerOut={onPointerOut} onClick={onClick} />
        {!inXR && <RoomLabels labels={labels} />}
        {measure.length > 0 && (
          <>
            {measure.map((p, i) => (
              <mesh key={i} position={p}>
                <sphereGeometry args={[0.06, 12, 8]} />
                <meshBasicMaterial color="#dc2626" depthTest={false} />
              </mesh>
            ))}
            {measure.length === 2 && (
              <>
                <Line points={[measure[0]!, measure[1]!]} color="#dc2626" lineWidth={2} depthTest={false} />
                <Html position={measure[0]!.clone().lerp(measure[1]!, 0.5)} center>
                  <span className="whitespace-nowrap rounded bg-rose-700 px-1.5 py-0.5 text-xs font-medium text-white" data-testid="scene-measure">
                    {measure[0]!.distanceTo(measure[1]!).toFixed(2)} m
                  </span>
                </Html>
              </>
            )}
          </>
        )}
        <ScenePeers peers={peers} selfId={clientId} following={following} />
        {!inXR && pins && pins.length > 0 && <ScenePins pins={pins} controller={controller} shownKey={`${filter} ${storeyId}`} />}
        {!inXR && ghosts && ghosts.length > 0 && <SceneGhosts ghosts={ghosts} controller={controller} shownKey={`${filter} ${storeyId}`} />}
      </XRParts>
      {showGizmo && anchor && (
        <>
          <group ref={gizmoTarget} position={anchor} />
          <TransformControls
            object={gizmoTarget as React.RefObject<THREE.Object3D>}
            mode="translate"
            showY={false}
            size={GIZMO_SIZE}
            onMouseDown={() => {
              dragStart.current = gizmoTarget.current?.position.clone() ?? null;
            }}
            onObjectChange={() => {
              const start = dragStart.current;
              const obj = gizmoTarget.current;
              if (start && obj) controller.previewOffset(selectedIds, obj.position.x - start.x, obj.position.z - start.z);
              invalidate();
            }}
            onMouseUp={commitMove}
          />
        </>
      )}
    </>
  );
}

interface RoomLabel {
  readonly id: string;
  readonly text: string;
  readonly at: [number, number, number];
}
const lastLabels = new WeakMap<SceneController, readonly RoomLabel[]>();
const sameLabel = (a: RoomLabel, b: RoomLabel) => a.id === b.id && a.text === b.text && a.at.every((v, i) => v === b.at[i]);

/** Room numbers and names over their floors (DOM labels; memoised on the list, which keeps its identity while unchanged). */
const RoomLabels = memo(function RoomLabels({ labels }: { labels: readonly RoomLabel[] }) {
  return labels.map((l) => (
    <Html key={l.id} position={l.at} center zIndexRange={[10, 0]} style={{ pointerEvents: 'none' }}>
      <span className="whitespace-nowrap rounded bg-white/80 px-1 text-[11px] text-slate-700" data-testid="scene-room-label">
        {l.text}
      </span>
    </Html>
  ));
});

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
