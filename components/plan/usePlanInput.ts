'use client';

import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import type * as Y from 'yjs';
import type { UndoManager } from 'yjs';
import { moveElements, type LocalOrigin } from '@/lib/doc';
import {
  clampOpeningOffset,
  createElement,
  detectRoom,
  ELEMENT_DEFAULTS,
  metres,
  nearestWall,
  planPoint,
  planVector,
  pointsEqual,
  projectOntoWall,
  snapPoint,
  snapToGrid,
  wallLength,
  worldPoint,
  type Element,
  type EquipmentSystem,
  type PlanPoint,
  type Wall,
} from '@/lib/model';
import type { LocalPresence } from '@/components/presence/usePresence';
import { panBy, pinchCamera, screenToPlan, zoomAt, type Camera, type FingerPair, type ViewSize } from './camera';
import { elementBounds } from './elementGeometry';
import { dragAngle } from './rotation';
import { HIT_TOLERANCE_PX, SNAP_GRID, TOOL_KEYS, type Tool } from './tools';

/** What a pointer drag is doing. */
export type Gesture =
  | { kind: 'pan'; lastX: number; lastY: number }
  | { kind: 'move'; start: PlanPoint; ids: string[]; moved: boolean }
  | { kind: 'box'; start: PlanPoint; additive: boolean }
  | { kind: 'rotate'; centre: PlanPoint; start: PlanPoint; angle: number };

interface Options {
  svgRef: RefObject<SVGSVGElement | null>;
  doc: Y.Doc;
  origin: LocalOrigin;
  canEdit: boolean;
  camera: Camera;
  size: ViewSize;
  setCamera: (camera: Camera) => void;
  fit: () => void;
  tool: Tool;
  setTool: (tool: Tool) => void;
  storeyId: string;
  /** Elements of the current storey (all of them, not only those drawn). */
  onStorey: readonly Element[];
  storeyWalls: readonly Wall[];
  walls: ReadonlyMap<string, Element>;
  selection: ReadonlySet<string>;
  setSelection: (ids: ReadonlySet<string>) => void;
  /** Centre of the selection, where the rotate tool turns it about. */
  rotateCentre: PlanPoint | undefined;
  equipment: { system: EquipmentSystem; type: string };
  setError: (message: string | null) => void;
  report: (result: { ok: true } | { ok: false; error: { message: string } }) => boolean;
  create: (result: ReturnType<typeof createElement>) => Element | undefined;
  deleteSelection: () => void;
  rotateSelection: (angle?: number) => string | undefined;
  undoManager: UndoManager;
  publish: (fields: LocalPresence) => void;
}

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Pointer, wheel and keyboard input of the plan: what each tool does on click and drag, the
 * drag gestures (pan, move, box select, rotate), pinch zoom, and the keyboard shortcuts.
 * Returns the handlers for the plan's `<svg>` and the in-progress state the overlay draws.
 */
export function usePlanInput(o: Options) {
  const { svgRef, camera: cam, size, setCamera, tool, storeyId, selection, setSelection, canEdit } = o;
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [pointer, setPointer] = useState<PlanPoint | null>(null);
  const [chain, setChain] = useState<PlanPoint[]>([]);
  const spaceHeld = useRef(false);
  const touches = useRef(new Map<number, [number, number]>());
  /** The two fingers of a pinch (pointer ids), where they went down and the camera then. */
  const pinchStart = useRef<{ ids: readonly [number, number]; from: FingerPair; camera: Camera } | null>(null);

  const tolerance = HIT_TOLERANCE_PX / cam.zoom;
  const localPoint = (e: { clientX: number; clientY: number }): [number, number] => {
    const rect = svgRef.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  const toPlan = (e: { clientX: number; clientY: number }) => {
    const [sx, sy] = localPoint(e);
    return screenToPlan(cam, size, sx, sy);
  };
  const snapped = (p: PlanPoint, anchor?: PlanPoint) =>
    snapPoint(p, { grid: SNAP_GRID, tolerance, endpoints: [...o.storeyWalls.flatMap((w) => [w.a, w.b]), ...chain], anchor }).point;

  const finishRoom = (points: PlanPoint[]) => {
    setChain([]);
    const room = o.create(createElement('space', { storeyId, name: `Room ${o.onStorey.filter((e) => e.kind === 'space').length + 1}`, polygon: points }));
    if (room) setSelection(new Set([room.id]));
  };

  /** Select-tool click on an element: select it (Shift toggles), and with `move` start a drag. */
  const pick = (hitId: string, shift: boolean, raw: PlanPoint, move: boolean) => {
    const next = new Set(shift ? selection : selection.has(hitId) ? selection : []);
    if (shift && selection.has(hitId)) next.delete(hitId);
    else next.add(hitId);
    setSelection(next);
    if (move && canEdit && !shift) setGesture({ kind: 'move', start: raw, ids: [...next], moved: false });
  };

  const placeOpening = (kind: 'door' | 'window', raw: PlanPoint) => {
    const wall = nearestWall(raw, o.storeyWalls, tolerance * 2);
    if (!wall) return o.setError(`Click on a wall to place a ${kind}.`);
    const { width } = ELEMENT_DEFAULTS[kind];
    if (wallLength(wall) < width) return o.setError(`This wall is ${wallLength(wall).toFixed(2)} m long: too short for a ${width} m ${kind}.`);
    const offset = clampOpeningOffset(wall, metres(Math.round((projectOntoWall(wall, raw) - width / 2) * 100) / 100), width);
    const fields = { storeyId, hostId: wall.id, offset };
    const opening = o.create(kind === 'door' ? createElement('door', fields) : createElement('window', fields));
    if (opening) setSelection(new Set([opening.id]));
  };

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    svgRef.current?.setPointerCapture(e.pointerId);
    const [sx, sy] = localPoint(e);
    if (e.pointerType === 'touch') {
      touches.current.set(e.pointerId, [sx, sy]);
      if (touches.current.size >= 2) {
        // The first two fingers pinch; more are ignored until one of them lifts.
        if (!pinchStart.current) {
          const [[idA, a], [idB, b]] = [...touches.current.entries()] as [[number, [number, number]], [number, [number, number]]];
          pinchStart.current = { ids: [idA, idB], from: [a, b], camera: cam };
        }
        return setGesture({ kind: 'pan', lastX: sx, lastY: sy });
      }
    }
    if (e.button === 1 || e.button === 2 || spaceHeld.current) return setGesture({ kind: 'pan', lastX: sx, lastY: sy });
    const raw = toPlan(e);
    const target = e.target instanceof globalThis.Element ? e.target : null;
    const hitId = target?.closest('[data-id]')?.getAttribute('data-id') ?? null;
    if (!canEdit || tool === 'select') {
      if (hitId) pick(hitId, e.shiftKey, raw, true);
      else setGesture({ kind: 'box', start: raw, additive: e.shiftKey });
      return;
    }
    if (tool === 'rotate') {
      // The handle, the selection itself or empty space turn the selection; another element is picked.
      const onHandle = !!target?.closest('[data-handle="rotate"]');
      if (hitId && !onHandle && (!selection.has(hitId) || e.shiftKey)) return pick(hitId, e.shiftKey, raw, false);
      if (o.rotateCentre && selection.size > 0) return setGesture({ kind: 'rotate', centre: o.rotateCentre, start: raw, angle: 0 });
      return setGesture({ kind: 'box', start: raw, additive: e.shiftKey });
    }
    if (!storeyId) return o.setError('Add a storey first.');
    if (tool === 'wall') {
      const anchor = chain.at(-1);
      const p = snapped(raw, anchor);
      if (!anchor) return setChain([p]);
      if (pointsEqual(anchor, p)) return;
      const wall = o.create(createElement('wall', { storeyId, name: 'Wall', a: anchor, b: p }));
      if (!wall) return;
      // Closing the loop on the chain's first point ends the chain.
      setChain(pointsEqual(p, chain[0]!) ? [] : [...chain, p]);
      return;
    }
    if (tool === 'room') {
      const p = snapped(raw, chain.at(-1));
      if (chain.length >= 3 && pointsEqual(p, chain[0]!, tolerance)) return finishRoom(chain);
      if (chain.some((q) => pointsEqual(q, p))) return;
      return setChain([...chain, p]);
    }
    if (tool === 'room-detect') {
      const polygon = detectRoom(o.storeyWalls, raw);
      if (!polygon) return o.setError('No area closed by walls around that point: draw the missing walls or use the Room tool.');
      return finishRoom([...polygon]);
    }
    if (tool === 'door' || tool === 'window') return placeOpening(tool, raw);
    if (tool === 'equipment') {
      const p = snapToGrid(raw, SNAP_GRID);
      const type = o.equipment.type.trim() || 'generic';
      const made = o.create(createElement('equipment', { storeyId, name: type, system: o.equipment.system, type, position: worldPoint(p[0], p[1], 0.3) }));
      if (made) setSelection(new Set([made.id]));
    }
  };

  /**
   * Two-finger pan and pinch zoom about the fingers' midpoint; true when the event was part of
   * it. The camera follows from the pinch's start (see {@link pinchCamera}): both fingers' moves
   * arrive as separate events before React re-renders, so a step-by-step update would drop one.
   */
  const pinch = (e: ReactPointerEvent<SVGSVGElement>, sx: number, sy: number): boolean => {
    if (e.pointerType !== 'touch' || !touches.current.has(e.pointerId)) return false;
    touches.current.set(e.pointerId, [sx, sy]);
    const start = pinchStart.current;
    if (!start) return false;
    if (!start.ids.includes(e.pointerId)) return true;
    const a = touches.current.get(start.ids[0]);
    const b = touches.current.get(start.ids[1]);
    if (a && b) setCamera(pinchCamera(start.camera, size, start.from, [a, b]));
    return true;
  };

  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    const [sx, sy] = localPoint(e);
    if (pinch(e, sx, sy)) return;
    const p = toPlan(e);
    setPointer(p);
    if (storeyId) o.publish({ cursor: { view: 'plan', storeyId, x: p[0], y: p[1] } });
    if (!gesture) return;
    if (gesture.kind === 'pan') {
      setCamera(panBy(cam, sx - gesture.lastX, sy - gesture.lastY));
      setGesture({ ...gesture, lastX: sx, lastY: sy });
    } else if (gesture.kind === 'move' && !gesture.moved && Math.hypot(p[0] - gesture.start[0], p[1] - gesture.start[1]) * cam.zoom > 3) {
      setGesture({ ...gesture, moved: true });
    } else if (gesture.kind === 'rotate') {
      setGesture({ ...gesture, angle: dragAngle(gesture.centre, gesture.start, p, e.shiftKey) });
    }
  };

  const dragDelta = gesture?.kind === 'move' && gesture.moved && pointer ? snapToGrid(planPoint(pointer[0] - gesture.start[0], pointer[1] - gesture.start[1]), SNAP_GRID) : null;

  const onPointerUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    touches.current.delete(e.pointerId);
    if (pinchStart.current?.ids.includes(e.pointerId)) pinchStart.current = null;
    if (gesture?.kind === 'move' && dragDelta && (dragDelta[0] !== 0 || dragDelta[1] !== 0)) {
      // One transaction per drag: what peers see and what one undo step reverts.
      o.report(moveElements(o.doc, gesture.ids, planVector(dragDelta[0], dragDelta[1]), o.origin));
    } else if (gesture?.kind === 'rotate') {
      const angle = dragAngle(gesture.centre, gesture.start, toPlan(e), e.shiftKey);
      o.rotateSelection(angle);
    } else if (gesture?.kind === 'box' && pointer) {
      const [x0, x1] = [Math.min(gesture.start[0], pointer[0]), Math.max(gesture.start[0], pointer[0])];
      const [y0, y1] = [Math.min(gesture.start[1], pointer[1]), Math.max(gesture.start[1], pointer[1])];
      const hits = o.onStorey.filter((el) => {
        const b = elementBounds(el, o.walls);
        return b && b.min[0] >= x0 && b.max[0] <= x1 && b.min[1] >= y0 && b.max[1] <= y1;
      });
      setSelection(new Set([...(gesture.additive ? selection : []), ...hits.map((h) => h.id)]));
    }
    setGesture(null);
  };

  const onWheel = useCallback(
    (e: WheelEvent) => {
      e.preventDefault();
      const rect = svgRef.current!.getBoundingClientRect();
      if (e.shiftKey) return setCamera(panBy(cam, -e.deltaY, 0));
      setCamera(zoomAt(cam, size, e.clientX - rect.left, e.clientY - rect.top, Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015))));
    },
    [svgRef, cam, size, setCamera],
  );
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [svgRef, onWheel]);

  // --- keyboard: the handler is installed once and reads the latest state from a ref ---
  const keyState = useRef({ chain, tool, finishRoom, o });
  useEffect(() => {
    keyState.current = { chain, tool, finishRoom, o };
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const { chain, tool, finishRoom, o: k } = keyState.current;
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === ' ') spaceHeld.current = true;
      if (mod && (e.key.toLowerCase() === 'z' || e.key.toLowerCase() === 'y')) {
        e.preventDefault();
        if (!k.canEdit) return;
        if (e.key.toLowerCase() === 'y' || e.shiftKey) k.undoManager.redo();
        else k.undoManager.undo();
        return;
      }
      if (mod || e.altKey) return;
      const key = e.key.toLowerCase();
      const chosen = key === 'r' && e.shiftKey ? 'room-detect' : TOOL_KEYS[key];
      if (chosen && (k.canEdit || chosen === 'select')) return (k.setTool(chosen), setChain([]));
      if (e.key === 'Escape') return (setChain([]), k.setSelection(new Set()), k.setTool('select'));
      if (e.key === 'Enter' && tool === 'room' && chain.length >= 3) return finishRoom(chain);
      if (e.key === 'Enter' && tool === 'wall') return setChain([]);
      if ((e.key === 'Delete' || e.key === 'Backspace') && k.canEdit) return (e.preventDefault(), k.deleteSelection());
      if (e.key === '[' || e.key === ']') return void k.rotateSelection(e.key === ']' ? -Math.PI / 2 : Math.PI / 2);
      if (key === 'f' || e.key === '0') return k.fit();
      const step = 60;
      const pans: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (pans[e.key]) return (e.preventDefault(), k.setCamera(panBy(k.camera, ...pans[e.key]!)));
      if (e.key === '+' || e.key === '=') return k.setCamera(zoomAt(k.camera, k.size, k.size.width / 2, k.size.height / 2, 1.25));
      if (e.key === '-') return k.setCamera(zoomAt(k.camera, k.size, k.size.width / 2, k.size.height / 2, 0.8));
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ') spaceHeld.current = false;
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, []);

  const chainPreview = chain.length > 0 && pointer && (tool === 'wall' || tool === 'room') ? snapped(pointer, chain.at(-1)) : null;
  const last = chain.at(-1);
  const previewLength = chainPreview && last ? Math.hypot(chainPreview[0] - last[0], chainPreview[1] - last[1]) : 0;

  return {
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
      onPointerLeave: () => o.publish({ cursor: null }),
      onDoubleClick: () => tool === 'wall' && setChain([]),
    },
    gesture,
    pointer,
    chain,
    clearChain: () => setChain([]),
    chainPreview,
    previewLength,
    dragDelta,
  };
}
