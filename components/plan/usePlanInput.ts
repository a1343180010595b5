'use client';

import { useEffect, useRef, useState, useSyncExternalStore, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { isTyping, keyOf } from '@/components/editor/commands';
import type { Editor } from '@/components/editor/Editor';
import type { LocalPresence } from '@/components/presence/usePresence';
import type { PlanPoint } from '@/lib/model';
import { panBy, pinchCamera, screenToPlan, zoomAt, type Camera, type FingerPair } from './camera';
import { toolById, type Tool } from './tools';
import type { PlanViewInfo, ToolContext, ToolOverlay, ToolPointer } from './tools/types';

/** A right-button press that moves less than this (screen px) is a click: it opens the context menu. */
export const CONTEXT_CLICK_PX = 3;

/**
 * How a wheel event moves the view (the rule, after Figma and tldraw):
 * - Ctrl/Cmd held (a trackpad pinch arrives as a wheel event with ctrlKey) → zoom about the pointer;
 * - a mouse wheel → zoom about the pointer: line or page deltas (deltaMode ≠ 0), or whole pixel
 *   notches of 50 px or more on the y axis only (Chrome's notches are 100 or 120);
 * - anything else (a trackpad's two-finger scroll: small, fractional, often with x) → pan;
 *   Shift with a mouse wheel pans sideways.
 */
export function wheelAction(e: Pick<WheelEvent, 'deltaX' | 'deltaY' | 'deltaMode' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): { zoom: number } | { pan: [number, number] } {
  if (e.ctrlKey || e.metaKey) return { zoom: Math.exp(-e.deltaY * 0.01) };
  const lines = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 800 : 1;
  const mouse = e.deltaMode !== 0 || (e.deltaX === 0 && Number.isInteger(e.deltaY) && Math.abs(e.deltaY) >= 50);
  if (mouse && e.shiftKey) return { pan: [-e.deltaY * lines, 0] };
  if (mouse) return { zoom: Math.exp(-e.deltaY * lines * 0.0015) };
  return { pan: [-e.deltaX, -e.deltaY] };
}

/** The current tool's state, kept outside React so handlers read the latest between renders. */
class ToolStore {
  #tool: Tool;
  #state: unknown;
  readonly #listeners = new Set<() => void>();
  constructor(tool: Tool) {
    this.#tool = tool;
    this.#state = toolById(tool).initial;
  }
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };
  /** A snapshot that changes whenever the state does. */
  getSnapshot = () => this.#state;
  stateOf(tool: Tool): unknown {
    return this.#tool === tool ? this.#state : toolById(tool).initial;
  }
  set(tool: Tool, state: unknown): void {
    if (this.#tool === tool && this.#state === state) return;
    this.#tool = tool;
    this.#state = state;
    for (const l of this.#listeners) l();
  }
  reset(tool: Tool): void {
    this.set(tool, toolById(tool).initial);
  }
}

interface Options {
  svgRef: RefObject<SVGSVGElement | null>;
  /** The element that takes focus when the plan is pressed (so keys go to the plan, not a button). */
  focusRef: RefObject<HTMLElement | null>;
  editor: Editor;
  tool: Tool;
  view: PlanViewInfo;
  setCamera: (camera: Camera) => void;
  publish: (state: Partial<LocalPresence>) => void;
}

interface Pan {
  lastX: number;
  lastY: number;
  /** A right-button press: where it went down, how far it went, and the element under it. */
  right?: { clientX: number; clientY: number; sx: number; sy: number; moved: number; elementId: string | null };
}

/**
 * The plan's input: pointer events go to the current tool module (components/plan/tools), except
 * panning (middle or right drag, Space + drag, two fingers), zooming (wheel, pinch) and the
 * context menu (a right click that does not move). Keys reach the tool first (typed lengths,
 * Enter), then the commands (planCommands.ts) through useCommandKeys.
 */
export function usePlanInput({ svgRef, focusRef, editor, tool, view, setCamera, publish }: Options) {
  const [store] = useState(() => new ToolStore(tool));
  const toolState = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const [panning, setPanning] = useState(false);
  const pan = useRef<Pan | null>(null);
  const spaceHeld = useRef(false);
  const pointerOver = useRef(false);
  const touches = useRef(new Map<number, [number, number]>());
  /** The two fingers of a pinch (pointer ids), where they went down and the camera then. */
  const pinchStart = useRef<{ ids: readonly [number, number]; from: FingerPair; camera: Camera } | null>(null);
  const { camera: cam, size } = view;

  // A new tool or storey starts the tool afresh (no chain carried over).
  useEffect(() => store.reset(tool), [store, tool, view.storeyId]);

  const current = toolById(tool);
  const ctx = (): ToolContext<unknown> => ({
    editor,
    view,
    get state() {
      return store.stateOf(tool);
    },
    setState: (next) => store.set(tool, next),
  });
  const latest = useRef({ ctx, current });
  useEffect(() => {
    latest.current = { ctx, current };
  });

  const localPoint = (e: { clientX: number; clientY: number }): [number, number] => {
    const rect = svgRef.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  const toPlan = (e: { clientX: number; clientY: number }): PlanPoint => screenToPlan(cam, size, ...localPoint(e));
  const pointerInfo = (e: ReactPointerEvent<SVGSVGElement>): ToolPointer => {
    const target = e.target instanceof globalThis.Element ? e.target : null;
    return { shiftKey: e.shiftKey, elementId: target?.closest('[data-id]')?.getAttribute('data-id') ?? null, handle: target?.closest('[data-handle]')?.getAttribute('data-handle') ?? null };
  };
  const startPan = (next: Pan) => {
    pan.current = next;
    setPanning(true);
  };

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    svgRef.current?.setPointerCapture(e.pointerId);
    focusRef.current?.focus({ preventScroll: true });
    if (editor.getState().contextMenu) editor.update({ contextMenu: null });
    const [sx, sy] = localPoint(e);
    if (e.pointerType === 'touch') {
      touches.current.set(e.pointerId, [sx, sy]);
      if (touches.current.size >= 2) {
        // The first two fingers pinch; more are ignored until one of them lifts.
        if (!pinchStart.current) {
          const [[idA, a], [idB, b]] = [...touches.current.entries()] as [[number, [number, number]], [number, [number, number]]];
          pinchStart.current = { ids: [idA, idB], from: [a, b], camera: cam };
        }
        return startPan({ lastX: sx, lastY: sy });
      }
    }
    if (e.button === 2) return startPan({ lastX: sx, lastY: sy, right: { clientX: e.clientX, clientY: e.clientY, sx, sy, moved: 0, elementId: pointerInfo(e).elementId } });
    if (e.button === 1 || spaceHeld.current) return startPan({ lastX: sx, lastY: sy });
    if (e.button !== 0) return;
    current.onPointerDown(ctx(), toPlan(e), pointerInfo(e));
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
    if (view.storeyId) publish({ cursor: { view: 'plan', storeyId: view.storeyId, x: p[0], y: p[1] } });
    // Hover is editor state: the element tree (and the 3D view) highlight what the plan points at.
    const hovered = e.target instanceof Element ? (e.target.closest('[data-id]')?.getAttribute('data-id') ?? null) : null;
    if (hovered !== editor.getState().hover) editor.setHover(hovered);
    const dragging = pan.current;
    if (dragging) {
      if (dragging.right) dragging.right.moved = Math.max(dragging.right.moved, Math.hypot(sx - dragging.right.sx, sy - dragging.right.sy));
      setCamera(panBy(cam, sx - dragging.lastX, sy - dragging.lastY));
      pan.current = { ...dragging, lastX: sx, lastY: sy };
      return;
    }
    current.onPointerMove?.(ctx(), p, pointerInfo(e));
  };

  const onPointerUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    touches.current.delete(e.pointerId);
    if (pinchStart.current?.ids.includes(e.pointerId)) pinchStart.current = null;
    const panned = pan.current;
    if (panned) {
      if (touches.current.size > 0 && e.pointerType === 'touch') return;
      pan.current = null;
      setPanning(false);
      const right = panned.right;
      if (right && right.moved <= CONTEXT_CLICK_PX && e.type === 'pointerup') {
        // A right click: select what is under it (unless already selected), then open the menu there.
        if (right.elementId && !editor.selection.has(right.elementId)) editor.select([right.elementId]);
        editor.update({ contextMenu: { x: right.clientX, y: right.clientY, elementId: right.elementId } });
      }
      return;
    }
    if (e.button !== 0 && e.type === 'pointerup') return;
    current.onPointerUp?.(ctx(), toPlan(e), pointerInfo(e));
  };

  // --- wheel: zoom or pan (see wheelAction); passive: false so the page never scrolls ---
  const wheel = useRef<(e: WheelEvent) => void>(() => {});
  useEffect(() => {
    wheel.current = (e: WheelEvent) => {
      e.preventDefault();
      const action = wheelAction(e);
      if ('pan' in action) return setCamera(panBy(cam, ...action.pan));
      const rect = svgRef.current!.getBoundingClientRect();
      setCamera(zoomAt(cam, size, e.clientX - rect.left, e.clientY - rect.top, action.zoom));
    };
  });
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => wheel.current(e);
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [svgRef]);

  // --- keyboard: Space to pan, then the tool's keys; installed once (capture, before the commands) ---
  useEffect(() => {
    /** Space pans when the pointer is over the plan or nothing else has the focus. */
    const spaceIsOurs = () => {
      const active = document.activeElement;
      return pointerOver.current || active === null || active === document.body || (focusRef.current?.contains(active) ?? false);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (e.key === ' ') {
        if (!spaceIsOurs()) return;
        // Never scroll the page (nor press a focused button) with the pan key.
        e.preventDefault();
        spaceHeld.current = true;
        return;
      }
      const key = keyOf(e);
      if (!key) return;
      const { ctx: makeCtx, current: active } = latest.current;
      if (active.onKey?.(makeCtx(), key)) e.preventDefault();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key !== ' ' || !spaceHeld.current) return;
      spaceHeld.current = false;
      e.preventDefault();
    };
    const onBlur = () => (spaceHeld.current = false);
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('keyup', onKeyUp, true);
      window.removeEventListener('blur', onBlur);
    };
  }, [focusRef]);

  const overlay: ToolOverlay = (toolState === store.stateOf(tool) && current.overlay?.(toolState as never, view)) || {};

  return {
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
      onPointerEnter: () => void (pointerOver.current = true),
      onPointerLeave: () => {
        pointerOver.current = false;
        publish({ cursor: null });
        if (editor.getState().hover !== null) editor.setHover(null);
      },
      onDoubleClick: () => void (tool === 'wall' && current.onKey?.(ctx(), 'enter')),
      onContextMenu: (e: { preventDefault(): void }) => e.preventDefault(),
    },
    overlay,
    panning,
  };
}
