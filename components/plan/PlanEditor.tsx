'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { addStorey, createUndoManager, moveElements, transact, updateElement, updateStorey, type LocalOrigin } from '@/lib/doc';
import {
  boundingBox,
  clampOpeningOffset,
  createElement,
  createStorey,
  detectRoom,
  metres,
  nearestWall,
  planPoint,
  planVector,
  pointsEqual,
  projectOntoWall,
  rotateElementPatch,
  snapPoint,
  snapToGrid,
  wallLength,
  worldPoint,
  type Element,
  type ElementPatch,
  type EquipmentSystem,
  type PlanPoint,
  type Wall,
} from '@/lib/model';
import type { BuildingStore } from '@/components/building/BuildingStore';
import { AvatarStack } from '@/components/presence/AvatarStack';
import { PeerCursors } from '@/components/presence/PeerCursors';
import { PresenceToasts } from '@/components/presence/PresenceToasts';
import { usePresence } from '@/components/presence/usePresence';
import { cameraTransform, fitCamera, panBy, planToScreen, screenToPlan, zoomAt, type Camera, type ViewSize } from './camera';
import { elementBounds } from './elementGeometry';
import { PlanGrid, PlanLegend } from './PlanDecorations';
import { PlanLayer, sortForDrawing } from './PlanLayer';
import { PlanToolbar } from './PlanToolbar';
import { PropertiesPanel } from './PropertiesPanel';
import { StoreyBar } from './StoreyBar';
import { HIT_TOLERANCE_PX, SNAP_GRID, TOOL_HINTS, type Tool } from './tools';

interface Props {
  doc: Y.Doc;
  store: BuildingStore;
  provider: WebsocketProvider | null;
  origin: LocalOrigin;
  canEdit: boolean;
  self: { name: string; color: string };
  /** Receives the dev test API (`window.__arxos.plan`), when dev tools are on. */
  onTestApi?: (api: Record<string, unknown>) => void;
}

type Gesture =
  | { kind: 'pan'; lastX: number; lastY: number }
  | { kind: 'move'; start: PlanPoint; ids: string[]; moved: boolean }
  | { kind: 'box'; start: PlanPoint; additive: boolean };

/** Room labels are drawn from this zoom (px per metre) up: below it they cannot be read anyway. */
const LABEL_MIN_ZOOM = 18;

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The 2D plan editor of one building: storeys, tools, properties, presence. */
export function PlanEditor({ doc, store, provider, origin, canEdit, self, onTestApi }: Props) {
  const version = useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  const storeys = store.storeys;
  const [storeyChoice, setStoreyId] = useState<string | null>(null);
  const [size, setSize] = useState<ViewSize>({ width: 0, height: 0 });
  const [camera, setCameraState] = useState<Camera | null>(null);
  const [tool, setTool] = useState<Tool>('select');
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [pointer, setPointer] = useState<PlanPoint | null>(null);
  const [chain, setChain] = useState<PlanPoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [following, setFollowing] = useState<number | null>(null);
  const [equipment, setEquipment] = useState<{ system: EquipmentSystem; type: string }>({ system: 'electrical', type: 'outlet' });
  const [now, setNow] = useState(() => Date.now());
  const svgRef = useRef<SVGSVGElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const spaceHeld = useRef(false);
  const touches = useRef(new Map<number, [number, number]>());
  const { peers, toasts, publish } = usePresence(provider);
  const followedPeer = following === null ? undefined : peers.find((p) => p.clientId === following);
  const followedView = followedPeer?.viewport && storeys.some((s) => s.id === followedPeer.viewport!.storeyId) ? followedPeer.viewport : undefined;
  const chosenStorey = storeys.some((s) => s.id === storeyChoice) ? storeyChoice! : (storeys[0]?.id ?? '');
  // Following someone shows their storey and viewport; any pan/zoom of one's own stops following.
  const storeyId = followedView?.storeyId ?? chosenStorey;

  // --- model reads (per store version) ---
  const onStorey = useMemo(() => {
    void version;
    return sortForDrawing([...store.elements.values()].filter((e) => e.storeyId === storeyId));
  }, [store, version, storeyId]);
  const walls = useMemo(() => {
    void version;
    const map = new Map<string, Element>();
    for (const e of store.elements.values()) if (e.kind === 'wall') map.set(e.id, e);
    return map;
  }, [store, version]);
  const storeyWalls = useMemo(() => onStorey.filter((e): e is Wall => e.kind === 'wall'), [onStorey]);

  // --- camera ---
  const boxOf = useCallback(
    () =>
      boundingBox(
        onStorey.flatMap((e) => {
          const b = elementBounds(e, walls);
          return b ? [b.min, b.max] : [];
        }),
      ),
    [onStorey, walls],
  );
  // O(elements): only computed while the view is fitted to the content (camera not yet moved).
  const autoFit = !followedView && camera === null;
  const contentBox = useMemo(() => (autoFit ? boxOf() : undefined), [autoFit, boxOf]);
  // Until the user moves the view it shows the whole storey.
  const cam: Camera = useMemo(
    () => (followedView ? { x: followedView.x, y: followedView.y, zoom: followedView.zoom } : (camera ?? fitCamera(contentBox, size))),
    [followedView, camera, contentBox, size],
  );
  const setCamera = useCallback(
    (next: Camera) => {
      setCameraState(next);
      if (following !== null) {
        setFollowing(null);
        setStoreyId(storeyId);
      }
    },
    [following, storeyId],
  );
  const fit = useCallback(() => setCamera(fitCamera(boxOf(), size)), [boxOf, size, setCamera]);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => entry && setSize({ width: entry.contentRect.width, height: entry.contentRect.height }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // --- presence: publish viewport, selection, following; follow a peer's viewport ---
  useEffect(() => {
    if (storeyId) publish({ viewport: { storeyId, x: cam.x, y: cam.y, zoom: cam.zoom } });
  }, [publish, storeyId, cam.x, cam.y, cam.zoom]);
  useEffect(() => publish({ selection: [...selection] }), [publish, selection]);
  useEffect(() => publish({ following: followedPeer?.user.id ?? null }), [publish, followedPeer?.user.id]);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  // --- undo (local user only) ---
  const undoManager = useMemo(() => createUndoManager(doc, { captureTimeout: 0 }), [doc]);
  const [undoState, setUndoState] = useState({ undo: false, redo: false });
  useEffect(() => {
    const update = () => setUndoState({ undo: undoManager.undoStack.length > 0, redo: undoManager.redoStack.length > 0 });
    undoManager.on('stack-item-added', update);
    undoManager.on('stack-item-popped', update);
    undoManager.on('stack-cleared', update);
    return () => undoManager.destroy();
  }, [undoManager]);

  // --- writes ---
  const report = useCallback((result: { ok: true } | { ok: false; error: { message: string } }) => {
    if (result.ok) setError(null);
    else setError(result.error.message);
    return result.ok;
  }, []);
  const create = useCallback(
    (result: ReturnType<typeof createElement>) => {
      if (!result.ok) return report(result) && undefined;
      const written = transact(doc, origin, (tx) => tx.addElement(result.value));
      return report(written) ? result.value : undefined;
    },
    [doc, origin, report],
  );
  const deleteSelection = useCallback(() => {
    if (!canEdit || selection.size === 0) return;
    const ids = [...selection];
    const result = transact(doc, origin, (tx) => {
      for (const id of ids) if (tx.getElement(id)) tx.deleteElement(id);
    });
    if (report(result)) setSelection(new Set());
  }, [canEdit, selection, doc, origin, report]);
  const rotateSelection = useCallback(
    (angle = Math.PI / 2) => {
      if (!canEdit || selection.size === 0) return;
      const chosen = [...selection].map((id) => store.elements.get(id)).filter((e): e is Element => !!e);
      const box = boundingBox(chosen.flatMap((e) => {
        const b = elementBounds(e, walls);
        return b ? [b.min, b.max] : [];
      }));
      if (!box) return;
      const centre = snapToGrid(planPoint((box.min[0] + box.max[0]) / 2, (box.min[1] + box.max[1]) / 2), SNAP_GRID);
      report(
        transact(doc, origin, (tx) => {
          for (const e of chosen) {
            const patch = rotateElementPatch(e, centre, angle);
            if (patch) tx.updateElement(e.id, patch);
          }
        }),
      );
    },
    [canEdit, selection, store, walls, doc, origin, report],
  );
  const updateSelected = useCallback(
    (id: string, patch: ElementPatch) => {
      const result = updateElement(doc, id, patch, origin);
      report(result);
      return result.ok ? undefined : result.error.message;
    },
    [doc, origin, report],
  );

  // --- storeys ---
  const addNewStorey = () => {
    const top = storeys.at(-1);
    const storey = createStorey({
      name: `Level ${storeys.length}`,
      elevation: metres(top ? top.elevation + top.height : 0),
      height: metres(3),
      order: (top?.order ?? -1) + 1,
    });
    if (!storey.ok) return report(storey);
    if (report(addStorey(doc, storey.value, origin))) {
      setStoreyId(storey.value.id);
      setCameraState(null);
    }
  };
  const moveStorey = (id: string, direction: -1 | 1) => {
    const i = storeys.findIndex((s) => s.id === id);
    const other = storeys[i + direction];
    const me = storeys[i];
    if (!other || !me) return;
    // Orders may repeat; rewrite them all as 0..n-1 in the new order in one transaction.
    const reordered = [...storeys];
    reordered[i] = other;
    reordered[i + direction] = me;
    report(
      transact(doc, origin, (tx) => {
        reordered.forEach((s, order) => s.order !== order && tx.updateStorey(s.id, { order }));
      }),
    );
  };

  // --- pointer handling ---
  const tolerance = HIT_TOLERANCE_PX / cam.zoom;
  const endpoints = useMemo(() => storeyWalls.flatMap((w) => [w.a, w.b]), [storeyWalls]);
  const localPoint = (e: { clientX: number; clientY: number }): [number, number] => {
    const rect = svgRef.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  const toPlan = (e: { clientX: number; clientY: number }) => {
    const [sx, sy] = localPoint(e);
    return screenToPlan(cam, size, sx, sy);
  };
  const snapped = (p: PlanPoint, anchor?: PlanPoint) => snapPoint(p, { grid: SNAP_GRID, tolerance, endpoints: [...endpoints, ...chain], anchor }).point;

  const finishRoom = (points: PlanPoint[]) => {
    setChain([]);
    const room = create(createElement('space', { storeyId, name: `Room ${onStorey.filter((e) => e.kind === 'space').length + 1}`, polygon: points }));
    if (room) setSelection(new Set([room.id]));
  };

  const onPointerDown = (e: React.PointerEvent<SVGSVGElement>) => {
    svgRef.current?.setPointerCapture(e.pointerId);
    const [sx, sy] = localPoint(e);
    if (e.pointerType === 'touch') {
      touches.current.set(e.pointerId, [sx, sy]);
      if (touches.current.size >= 2) return setGesture({ kind: 'pan', lastX: sx, lastY: sy });
    }
    if (e.button === 1 || e.button === 2 || spaceHeld.current) return setGesture({ kind: 'pan', lastX: sx, lastY: sy });
    const raw = toPlan(e);
    const hitId = e.target instanceof globalThis.Element ? (e.target.closest('[data-id]')?.getAttribute('data-id') ?? null) : null;
    if (!canEdit || tool === 'select') {
      if (hitId) {
        const next = new Set(e.shiftKey ? selection : selection.has(hitId) ? selection : []);
        if (e.shiftKey && selection.has(hitId)) next.delete(hitId);
        else next.add(hitId);
        setSelection(next);
        if (canEdit && !e.shiftKey) setGesture({ kind: 'move', start: raw, ids: [...next], moved: false });
      } else {
        setGesture({ kind: 'box', start: raw, additive: e.shiftKey });
      }
      return;
    }
    if (!storeyId) return setError('Add a storey first.');
    if (tool === 'wall') {
      const anchor = chain.at(-1);
      const p = snapped(raw, anchor);
      if (!anchor) return setChain([p]);
      if (pointsEqual(anchor, p)) return;
      const wall = create(createElement('wall', { storeyId, name: 'Wall', a: anchor, b: p }));
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
      const polygon = detectRoom(storeyWalls, raw);
      if (!polygon) return setError('No area closed by walls around that point: draw the missing walls or use the Room tool.');
      return finishRoom([...polygon]);
    }
    if (tool === 'door' || tool === 'window') {
      const wall = nearestWall(raw, storeyWalls, tolerance * 2);
      if (!wall) return setError(`Click on a wall to place a ${tool}.`);
      const width = metres(tool === 'door' ? 0.9 : 1.2);
      if (wallLength(wall) < width) return setError(`This wall is ${wallLength(wall).toFixed(2)} m long: too short for a ${width} m ${tool}.`);
      const offset = clampOpeningOffset(wall, metres(Math.round((projectOntoWall(wall, raw) - width / 2) * 100) / 100), width);
      const fields = { storeyId, hostId: wall.id, offset, width, name: tool === 'door' ? 'Door' : 'Window' };
      const opening = create(tool === 'door' ? createElement('door', fields) : createElement('window', fields));
      if (opening) setSelection(new Set([opening.id]));
      return;
    }
    if (tool === 'equipment') {
      const p = snapToGrid(raw, SNAP_GRID);
      const type = equipment.type.trim() || 'generic';
      const made = create(createElement('equipment', { storeyId, name: type, system: equipment.system, type, position: worldPoint(p[0], p[1], 0.3) }));
      if (made) setSelection(new Set([made.id]));
    }
  };

  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const [sx, sy] = localPoint(e);
    if (e.pointerType === 'touch' && touches.current.has(e.pointerId)) {
      const before = [...touches.current.values()];
      touches.current.set(e.pointerId, [sx, sy]);
      if (before.length >= 2) {
        const after = [...touches.current.values()];
        const d0 = Math.hypot(before[0]![0] - before[1]![0], before[0]![1] - before[1]![1]);
        const d1 = Math.hypot(after[0]![0] - after[1]![0], after[0]![1] - after[1]![1]);
        const mid = [(after[0]![0] + after[1]![0]) / 2, (after[0]![1] + after[1]![1]) / 2] as const;
        const moved = panBy(cam, (after[0]![0] - before[0]![0]) / 2 + (after[1]![0] - before[1]![0]) / 2, (after[0]![1] - before[0]![1]) / 2 + (after[1]![1] - before[1]![1]) / 2);
        setCamera(d0 > 0 ? zoomAt(moved, size, mid[0], mid[1], d1 / d0) : moved);
        return;
      }
    }
    const p = toPlan(e);
    setPointer(p);
    if (storeyId) publish({ cursor: { view: 'plan', storeyId, x: p[0], y: p[1] } });
    if (!gesture) return;
    if (gesture.kind === 'pan') {
      setCamera(panBy(cam, sx - gesture.lastX, sy - gesture.lastY));
      setGesture({ ...gesture, lastX: sx, lastY: sy });
    } else if (gesture.kind === 'move' && !gesture.moved && Math.hypot(p[0] - gesture.start[0], p[1] - gesture.start[1]) * cam.zoom > 3) {
      setGesture({ ...gesture, moved: true });
    }
  };

  const dragDelta = gesture?.kind === 'move' && gesture.moved && pointer ? snapToGrid(planPoint(pointer[0] - gesture.start[0], pointer[1] - gesture.start[1]), SNAP_GRID) : null;

  const onPointerUp = (e: React.PointerEvent<SVGSVGElement>) => {
    touches.current.delete(e.pointerId);
    if (gesture?.kind === 'move' && dragDelta && (dragDelta[0] !== 0 || dragDelta[1] !== 0)) {
      // One transaction per drag: what peers see and what one undo step reverts.
      report(moveElements(doc, gesture.ids, planVector(dragDelta[0], dragDelta[1]), origin));
    } else if (gesture?.kind === 'box' && pointer) {
      const [x0, x1] = [Math.min(gesture.start[0], pointer[0]), Math.max(gesture.start[0], pointer[0])];
      const [y0, y1] = [Math.min(gesture.start[1], pointer[1]), Math.max(gesture.start[1], pointer[1])];
      const hits = onStorey.filter((el) => {
        const b = elementBounds(el, walls);
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
    [cam, size, setCamera],
  );
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [onWheel]);

  // --- keyboard ---
  const keyState = useRef({ chain, tool, finishRoom, deleteSelection, rotateSelection, fit, cam, size, setCamera, canEdit, undoManager });
  useEffect(() => {
    keyState.current = { chain, tool, finishRoom, deleteSelection, rotateSelection, fit, cam, size, setCamera, canEdit, undoManager };
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const k = keyState.current;
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === ' ') spaceHeld.current = true;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (!k.canEdit) return;
        if (e.shiftKey) k.undoManager.redo();
        else k.undoManager.undo();
        return;
      }
      if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        if (k.canEdit) k.undoManager.redo();
        return;
      }
      if (mod || e.altKey) return;
      const tools: Record<string, Tool> = { v: 'select', w: 'wall', r: 'room', d: 'door', n: 'window', e: 'equipment' };
      const key = e.key.toLowerCase();
      if (key === 'r' && e.shiftKey && k.canEdit) return (setTool('room-detect'), setChain([]));
      if (tools[key] && (k.canEdit || tools[key] === 'select')) return (setTool(tools[key]), setChain([]));
      if (e.key === 'Escape') return (setChain([]), setSelection(new Set()), setTool('select'));
      if (e.key === 'Enter' && k.tool === 'room' && k.chain.length >= 3) return k.finishRoom(k.chain);
      if (e.key === 'Enter' && k.tool === 'wall') return setChain([]);
      if ((e.key === 'Delete' || e.key === 'Backspace') && k.canEdit) return (e.preventDefault(), k.deleteSelection());
      if (e.key === '[' || e.key === ']') return k.rotateSelection(e.key === ']' ? -Math.PI / 2 : Math.PI / 2);
      if (key === 'f' || e.key === '0') return k.fit();
      const step = 60;
      const pans: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (pans[e.key]) return (e.preventDefault(), k.setCamera(panBy(k.cam, ...pans[e.key]!)));
      if (e.key === '+' || e.key === '=') return k.setCamera(zoomAt(k.cam, k.size, k.size.width / 2, k.size.height / 2, 1.25));
      if (e.key === '-') return k.setCamera(zoomAt(k.cam, k.size, k.size.width / 2, k.size.height / 2, 0.8));
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

  // --- dev test handle ---
  useEffect(() => {
    if (!onTestApi) return;
    onTestApi({
      camera: () => cam,
      setCamera: (c: Camera) => setCamera(c),
      storeyId: () => storeyId,
      setStorey: (id: string) => setStoreyId(id),
      selection: () => [...selection],
      select: (ids: string[]) => setSelection(new Set(ids)),
      peers: () => peers,
      following: () => followedPeer?.clientId ?? null,
      follow: (clientId: number | null) => setFollowing(clientId),
      undo: () => undoManager.undo(),
      redo: () => undoManager.redo(),
      clientId: () => provider?.awareness.clientID,
      planToScreen: (x: number, y: number) => {
        const rect = svgRef.current!.getBoundingClientRect();
        const [sx, sy] = planToScreen(cam, size, [x, y]);
        return [rect.left + sx, rect.top + sy];
      },
    });
  }, [onTestApi, cam, size, storeyId, selection, peers, followedPeer, undoManager, provider, setCamera]);

  // --- derived drawing state ---
  const selectedOne = selection.size === 1 ? store.elements.get([...selection][0]!) : undefined;
  const peerOutlines = peers.flatMap((peer) =>
    peer.selection.flatMap((id) => {
      const el = store.elements.get(id);
      if (!el || el.storeyId !== storeyId) return [];
      const b = elementBounds(el, walls);
      return b ? [{ peer, id, b }] : [];
    }),
  );
  const chainPreview = chain.length > 0 && pointer && (tool === 'wall' || tool === 'room') ? snapped(pointer, chain.at(-1)) : null;
  const previewLength = chainPreview && chain.length > 0 ? Math.hypot(chainPreview[0] - chain.at(-1)![0], chainPreview[1] - chain.at(-1)![1]) : 0;

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="plan-editor">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-2 py-1">
        <AvatarStack self={self} peers={peers} following={following} onFollow={setFollowing} now={now} />
        {followedPeer && (
          <span className="text-sm" style={{ color: followedPeer.user.color }} data-testid="following">
            Following {followedPeer.user.name}
          </span>
        )}
      </div>
      <PlanToolbar
        tool={tool}
        onTool={(t) => (setTool(t), setChain([]))}
        canEdit={canEdit}
        equipment={equipment}
        onEquipment={setEquipment}
        selectionSize={selection.size}
        onDelete={deleteSelection}
        onRotate={() => rotateSelection()}
        onUndo={() => undoManager.undo()}
        onRedo={() => undoManager.redo()}
        canUndo={undoState.undo}
        canRedo={undoState.redo}
        onFit={fit}
      />
      <StoreyBar
        storeys={storeys}
        current={storeyId}
        onSelect={(id) => (setStoreyId(id), setFollowing(null), setCameraState(null), setSelection(new Set()), setChain([]))}
        canEdit={canEdit}
        onAdd={addNewStorey}
        onRename={(id, name) => report(updateStorey(doc, id, { name }, origin))}
        onMove={moveStorey}
      />
      <p className="border-b border-slate-200 bg-white px-3 py-1 text-xs text-slate-500">{canEdit ? TOOL_HINTS[tool] : 'You can look around and select; your role cannot edit the plan.'}</p>
      {error && (
        <div role="alert" data-testid="plan-error" className="flex items-start justify-between gap-2 border-b border-rose-200 bg-rose-50 px-3 py-1.5 text-sm text-rose-800">
          <span>{error}</span>
          <button type="button" onClick={() => setError(null)} aria-label="Dismiss" className="text-rose-600">
            ×
          </button>
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        <div ref={containerRef} className="relative min-w-0 flex-1 overflow-hidden bg-white">
          <svg
            ref={svgRef}
            data-testid="plan"
            data-storey={storeyId}
            className={`absolute inset-0 h-full w-full touch-none select-none ${gesture?.kind === 'pan' ? 'cursor-grabbing' : tool === 'select' ? 'cursor-default' : 'cursor-crosshair'}`}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
            onPointerLeave={() => publish({ cursor: null })}
            onContextMenu={(e) => e.preventDefault()}
            onDoubleClick={() => tool === 'wall' && setChain([])}
          >
            {size.width > 0 && (
              <>
                <g transform={cameraTransform(cam, size)}>
                  <PlanGrid camera={cam} size={size} />
                  <PlanLayer elements={onStorey} walls={walls} selection={selection} dragOffset={dragDelta} labels={cam.zoom >= LABEL_MIN_ZOOM} />
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
                      pointerEvents="none"
                    />
                  ))}
                  {chain.length > 0 && (
                    <polyline points={[...chain, ...(chainPreview ? [chainPreview] : [])].map((p) => `${p[0]},${p[1]}`).join(' ')} fill="none" stroke="#2563eb" strokeWidth={2} strokeDasharray="5 4" vectorEffect="non-scaling-stroke" pointerEvents="none" />
                  )}
                  {gesture?.kind === 'box' && pointer && (
                    <rect x={Math.min(gesture.start[0], pointer[0])} y={Math.min(gesture.start[1], pointer[1])} width={Math.abs(pointer[0] - gesture.start[0])} height={Math.abs(pointer[1] - gesture.start[1])} fill="#3b82f6" fillOpacity={0.08} stroke="#3b82f6" strokeWidth={1} vectorEffect="non-scaling-stroke" pointerEvents="none" />
                  )}
                </g>
                {chainPreview && previewLength > 0 && (
                  <text data-testid="draw-length" x={planToScreen(cam, size, chainPreview)[0] + 12} y={planToScreen(cam, size, chainPreview)[1] - 10} fontSize={12} fill="#1d4ed8" pointerEvents="none">
                    {previewLength.toFixed(2)} m
                  </text>
                )}
                <PeerCursors peers={peers} storeyId={storeyId} camera={cam} size={size} />
                <PlanLegend camera={cam} size={size} north={store.meta?.north ?? 0} />
              </>
            )}
          </svg>
          {store.meta === undefined && (
            <p className="pointer-events-none absolute inset-x-0 top-1/3 text-center text-slate-500" data-testid="plan-loading">
              Loading the plan…
            </p>
          )}
          {store.meta !== undefined && storeys.length === 0 && <p className="absolute inset-x-0 top-1/3 text-center text-slate-500">This building has no storeys yet.{canEdit ? ' Add one with “+ Storey”.' : ''}</p>}
          {store.meta !== undefined && storeys.length > 0 && onStorey.length === 0 && (
            <p className="pointer-events-none absolute inset-x-0 top-1/3 text-center text-slate-500" data-testid="plan-empty">
              Nothing on this storey yet.{canEdit ? ' Draw a wall (W) or a room (R) to start.' : ''}
            </p>
          )}
          <PresenceToasts toasts={toasts} />
        </div>
        <div className="hidden w-64 shrink-0 overflow-y-auto border-l border-slate-200 bg-white md:block">
          <PropertiesPanel element={selectedOne} selectionSize={selection.size} canEdit={canEdit} onUpdate={(patch) => (selectedOne ? updateSelected(selectedOne.id, patch) : undefined)} />
        </div>
      </div>
    </div>
  );
}
