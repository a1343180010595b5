'use client';

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import * as THREE from 'three';
import type CameraControlsImpl from 'camera-controls';
import type { Editor, SceneViewRequest } from '@/components/editor/Editor';
import { useEditorState } from '@/components/editor/useEditor';
import type { StoreyFilter } from './SceneController';
import { NO_SECTION, sectionFromPresence, sectionToPresence, type Section } from './view';

/** Quality of the snapshot JPEG (0..1): a review thread's picture, not an archive. */
const SNAPSHOT_QUALITY = 0.85;
/** The snapshot's background where nothing is drawn (the 3D view's, Tailwind slate-100). */
const SNAPSHOT_BACKGROUND = '#f1f5f9';

interface Options {
  editor: Editor;
  controls: RefObject<CameraControlsImpl | null>;
  section: Section;
  setSection: Dispatch<SetStateAction<Section>>;
  filter: StoreyFilter;
  setFilter: Dispatch<SetStateAction<StoreyFilter>>;
  /** Set once the camera has been placed (the first fit, or a requested view): no fit after it. */
  fittedRef: RefObject<boolean>;
}

/**
 * The 3D view's part of the editor's view API: registers what it shows (camera, section, storey
 * filter) and a snapshot of the canvas as the editor's `sceneView`, and shows a requested view
 * (`sceneRequest`, from opening a review thread) once its camera controls are there, then clears
 * the request. Runs inside the canvas.
 */
export function useSceneViewActions({ editor, controls, section, setSection, filter, setFilter, fittedRef }: Options): void {
  const { camera, gl, size, invalidate } = useThree();
  const latest = useRef({ section, filter, size });
  useEffect(() => {
    latest.current = { section, filter, size };
  });

  useEffect(
    () =>
      editor.attachSceneView({
        view: () => {
          const c = controls.current;
          const position = c ? c.getPosition(new THREE.Vector3()) : camera.position.clone();
          const target = c ? c.getTarget(new THREE.Vector3()) : position.clone().add(camera.getWorldDirection(new THREE.Vector3()));
          const up = new THREE.Vector3(0, 1, 0).applyQuaternion(camera.quaternion).normalize();
          const { section: s, filter: f, size: z } = latest.current;
          return {
            position: position.toArray(),
            target: target.toArray(),
            up: up.toArray(),
            fov: (camera as THREE.PerspectiveCamera).fov,
            aspect: z.width / Math.max(1, z.height),
            section: sectionToPresence(s),
            storeys: f,
          };
        },
        snapshot: () =>
          new Promise<Blob | null>((resolve) => {
            invalidate();
            // The canvas keeps its drawing buffer: after the next frame it holds what is on screen.
            requestAnimationFrame(() => flatten(gl.domElement).toBlob(resolve, 'image/jpeg', SNAPSHOT_QUALITY));
          }),
      }),
    [editor, controls, camera, gl, invalidate],
  );

  const request = useEditorState(editor, (s) => s.sceneRequest);
  useEffect(() => {
    if (request) invalidate();
  }, [request, invalidate]);
  useFrame(() => {
    const r = editor.getState().sceneRequest;
    const c = controls.current;
    if (!r || !c) return;
    editor.update({ sceneRequest: null });
    fittedRef.current = true;
    show(r, c, camera as THREE.PerspectiveCamera);
    if (r.section !== undefined) setSection(r.section === null ? NO_SECTION : sectionFromPresence(r.section));
    if (r.storeys !== undefined) setFilter(r.storeys);
    invalidate();
  });
}

/** The canvas's picture on the view's background colour (the WebGL canvas is transparent; JPEG has no transparency). */
function flatten(source: HTMLCanvasElement): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = source.height;
  const context = out.getContext('2d');
  if (!context) return source;
  context.fillStyle = SNAPSHOT_BACKGROUND;
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(source, 0, 0);
  return out;
}

/** Puts the camera where a request says (a line of sight straight down is tilted a hair: the orbit controls need a direction). */
function show(r: SceneViewRequest, c: CameraControlsImpl, camera: THREE.PerspectiveCamera) {
  const position = new THREE.Vector3(...r.position);
  const target = new THREE.Vector3(...r.target);
  const sight = target.clone().sub(position);
  if (sight.lengthSq() < 1e-9) target.copy(position).add(new THREE.Vector3(0, 0, -1));
  else if (Math.abs(sight.clone().normalize().y) > 0.99999) target.z -= sight.length() * 1e-3;
  if (r.fov !== undefined && r.fov >= 5 && r.fov <= 150 && r.fov !== camera.fov) {
    camera.fov = r.fov;
    camera.updateProjectionMatrix();
  }
  void c.setLookAt(position.x, position.y, position.z, target.x, target.y, target.z, false);
}
