'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { boundingBox, type Element, type EquipmentSystem, type Wall } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import { useEditorState, useModelVersion } from '@/components/editor/useEditor';
import { PeerCursors } from '@/components/presence/PeerCursors';
import { PeerViewers } from '@/components/presence/PeerViewers';
import { PresenceToasts } from '@/components/presence/PresenceToasts';
import type { Presence } from '@/components/presence/usePresence';
import { cameraTransform, fitCamera, MAX_ZOOM, MIN_ZOOM, panBy, planToScreen, zoomAt, type Camera, type ViewSize } from './camera';
import { createBoundsCache, cullElements, cullRect } from './culling';
import { PlanGrid, PlanLegend } from './PlanDecorations';
import { PlanLayer, storeyInDrawingOrder } from './PlanLayer';
import { PlanOverlay, PlanUnderlay } from './PlanOverlay';
import { PlanToolbar } from './PlanToolbar';
import { PlanLegendPanel } from './symbols/PlanLegendPanel';
import { selectionCentre, toDegrees } from './rotation';
import { HIT_TOLERANCE_PX, TOOL_HINTS, type Tool } from './tools';
import type { PlanViewInfo } from './tools/types';
import { useUndoState } from './useUndoState';
import { usePlanInput } from './usePlanInput';

interface Props {
  /** The building's editor: state shared with the other views, undo, writes. */
  editor: Editor;
  provider: WebsocketProvider | null;
  /** Presence over the provider's awareness (the workspace's top bar shares it). */
  presence: Presence;
  /** Receives the dev test API (`window.__arxos.plan`), when dev tools are on. */
  onTestApi?: (api: Record<string, unknown>) => void;
  /** HTML drawn over the plan (review pins), given the view it is drawn for. */
  layer?: (view: PlanOverlayView) => ReactNode;
}

/** The view a {@link Props.layer} is drawn for: camera, size and the storey shown. */
export interface PlanOverlayView {
  readonly camera: Camera;
  readonly size: ViewSize;
  readonly storeyId: string;
}

/** An info message fades after this long (ms); errors stay until dismissed or fixed. */
const INFO_FADE_MS = 5000;

/** The last walls map of each read model: returned again while no wall changed. */
const lastWalls = new WeakMap<Editor['readModel'], ReadonlyMap<string, Element>>();
function wallsOf(readModel: Editor['readModel']): ReadonlyMap<string, Element> {
  const map = new Map<string, Element>();
  for (const e of readModel.elements.values()) if (e.kind === 'wall') map.set(e.id, e);
  const previous = lastWalls.get(readModel);
  if (previous && previous.size === map.size && [...map].every(([id, wall]) => previous.get(id) === wall)) return previous;
  lastWalls.set(readModel, map);
  return map;
}

/** The last culled list per plan view (keyed by its bounds cache, one per view). */
const lastDrawn = new WeakMap<object, readonly Element[]>();
/** `next`, or the previous list of this view when it holds the same elements in the same order. */
function sameOrNew(cache: WeakMap<object, readonly Element[]>, key: object, next: readonly Element[]): readonly Element[] {
  const previous = cache.get(key);
  if (previous && previous.length === next.length && next.every((e, i) => e === previous[i])) return previous;
  cache.set(key, next);
  return next;
}

/** The 2D plan editor of one building: storeys, tools, properties, presence. */
export function PlanEditor({ editor, provider, presence, onTestApi, layer }: Props) {
  const { readModel } = editor;
  const version = useModelVersion(editor);
  const storeys = readModel.storeys;
  const [size, setSize] = useState<ViewSize>({ width: 0, height: 0 });
  const camera = useEditorState(editor, (s) => s.camera);
  const tool = useEditorState(editor, (s) => s.tool);
  const following = useEditorState(editor, (s) => s.following);
  const equipment = useEditorState(editor, (s) => s.equipment);
  const message = useEditorState(editor, (s) => s.message);
  const canEdit = useEditorState(editor, (s) => s.canEdit);
  useEditorState(editor, (s) => s.selections);
  useEditorState(editor, (s) => s.chosenStoreyId);
  const underlay = useEditorState(editor, (s) => s.underlay);
  const setEquipment = useCallback((equipment: { system: EquipmentSystem; type: string }) => editor.update({ equipment }), [editor]);
  const setFollowing = useCallback((clientId: number | null) => editor.follow(clientId), [editor]);
  const setSelection = useCallback((ids: ReadonlySet<string>) => editor.select(ids), [editor]);
  const svgRef = useRef<SVGSVGElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const { peers, toasts, publish } = presence;
  const followedPeer = following === null ? undefined : peers.find((p) => p.clientId === following);
  const followedView = followedPeer?.viewport && storeys.some((s) => s.id === followedPeer.viewport!.storeyId) ? followedPeer.viewport : undefined;
  const chosenStorey = editor.storeyId;
  // Following someone shows their storey and viewport; any pan/zoom of one's own stops following.
  const storeyId = followedView?.storeyId ?? chosenStorey;
  const selection = editor.selectionOn(storeyId);

  // --- model reads (per read-model version) ---
  // Hidden elements (Hide, Isolate, a review viewpoint's) are neither drawn nor picked nor box-selected.
  const hidden = useEditorState(editor, (s) => s.hidden);
  const onStorey = useMemo(() => {
    void version;
    const all = storeyInDrawingOrder(readModel.elements.values(), storeyId);
    return hidden.size === 0 ? all : all.filter((e) => !hidden.has(e.id));
  }, [readModel, version, storeyId, hidden]);
  // The same map while no wall changed (an edit to a room or equipment keeps it), so what is
  // derived from the walls (room labels' net areas, opening hosts) stays cached.
  const walls = useMemo(() => {
    void version;
    return wallsOf(readModel);
  }, [readModel, version]);
  const storeyWalls = useMemo(() => onStorey.filter((e): e is Wall => e.kind === 'wall'), [onStorey]);
  const [boundsOf] = useState(createBoundsCache);

  // --- camera ---
  const boxOf = useCallback(
    () =>
      boundingBox(
        onStorey.flatMap((e) => {
          const b = boundsOf(e, walls);
          return b ? [b.min, b.max] : [];
        }),
      ),
    [onStorey, walls, boundsOf],
  );
  // The view is fitted to the content once, when the plan is first shown with its model loaded;
  // after that only the user moves it (SPEC: the camera moves only when the user moves it).
  const loaded = readModel.meta !== undefined;
  useEffect(() => {
    if (camera === null && loaded && size.width > 0 && size.height > 0) editor.update({ camera: fitCamera(boxOf(), size) });
  }, [editor, camera, loaded, size, boxOf]);
  const cam: Camera = useMemo(
    () => (followedView ? { x: followedView.x, y: followedView.y, zoom: followedView.zoom } : (camera ?? fitCamera(undefined, size))),
    [followedView, camera, size],
  );
  const setCamera = useCallback((next: Camera) => editor.setCamera(next), [editor]);
  const fit = useCallback(() => setCamera(fitCamera(boxOf(), size)), [boxOf, size, setCamera]);
  // A view asked for (a review thread's): shown once the view has a size, after the first fit.
  const planRequest = useEditorState(editor, (s) => s.planRequest);
  useEffect(() => {
    if (!planRequest || size.width <= 0 || size.height <= 0) return;
    editor.update({ planRequest: null });
    const zoom = planRequest.height === undefined ? cam.zoom : Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, size.height / Math.max(planRequest.height, 1e-3)));
    setCamera({ x: planRequest.x, y: planRequest.y, zoom });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new request (or the first size) only
  }, [editor, planRequest, size, setCamera]);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => entry && setSize({ width: entry.contentRect.width, height: entry.contentRect.height }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // --- presence: publish viewport, selection, following; re-check idleness now and then ---
  useEffect(() => {
    if (storeyId) publish({ viewport: { storeyId, x: cam.x, y: cam.y, zoom: cam.zoom } });
  }, [publish, storeyId, cam.x, cam.y, cam.zoom]);
  useEffect(() => publish({ selection: [...selection] }), [publish, selection]);
  useEffect(() => publish({ following: followedPeer?.user.id ?? null }), [publish, followedPeer?.user.id]);

  const undoState = useUndoState(editor);

  // --- the selection (the current storey's): its centre and box (rotate tool), the one element the panel shows ---
  const selected = useMemo(() => {
    void version;
    return [...selection].map((id) => readModel.elements.get(id)).filter((e): e is Element => e !== undefined && e.storeyId === storeyId);
  }, [readModel, version, selection, storeyId]);
  const rotateCentre = useMemo(() => selectionCentre(selected, readModel.elements), [selected, readModel]);
  const selectionBox = useMemo(
    () =>
      boundingBox(
        selected.flatMap((e) => {
          const b = boundsOf(e, walls);
          return b ? [b.min, b.max] : [];
        }),
      ),
    [selected, boundsOf, walls],
  );

  const setTool = useCallback((next: Tool) => editor.setTool(next), [editor]);
  const viewInfo: PlanViewInfo = useMemo(
    () => ({ camera: cam, size, storeyId, onStorey, storeyWalls, walls, tolerance: HIT_TOLERANCE_PX / cam.zoom }),
    [cam, size, storeyId, onStorey, storeyWalls, walls],
  );
  const hint = canEdit ? TOOL_HINTS[tool] : 'You can look around, select and measure; your role cannot edit the plan.';
  const input = usePlanInput({ svgRef, focusRef: containerRef, editor, tool, view: viewInfo, setCamera, publish });
  const overlay = input.overlay;

  // --- the commands (tools, undo, delete, rotate, view) from the keyboard; the view's camera actions for them ---
  const viewActions = useRef({ fit, cam, size, setCamera });
  useEffect(() => {
    viewActions.current = { fit, cam, size, setCamera };
  });
  useEffect(() => {
    return editor.attachPlanView({
      fit: () => viewActions.current.fit(),
      zoomBy: (factor) => {
        const { cam: c, size: s, setCamera: set } = viewActions.current;
        set(zoomAt(c, s, s.width / 2, s.height / 2, factor));
      },
      panBy: (dx, dy) => viewActions.current.setCamera(panBy(viewActions.current.cam, dx, dy)),
      camera: () => viewActions.current.cam,
      size: () => viewActions.current.size,
    });
  }, [editor]);

  // --- info messages fade after a while; errors stay until dismissed or fixed ---
  useEffect(() => {
    if (message?.tone !== 'info') return;
    const t = setTimeout(() => editor.update((s) => (s.message === message ? { message: null } : {})), INFO_FADE_MS);
    return () => clearTimeout(t);
  }, [editor, message]);

  // --- the storey below, drawn faintly (when switched on) ---
  const below = useMemo(() => {
    const i = storeys.findIndex((s) => s.id === storeyId);
    return i > 0 ? storeys[i - 1] : undefined;
  }, [storeys, storeyId]);
  const underlayWalls = useMemo(() => {
    void version;
    if (!below || !underlay) return [];
    return [...readModel.elements.values()].filter((e): e is Wall => e.kind === 'wall' && e.storeyId === below.id);
  }, [readModel, version, below, underlay]);

  // --- culling: draw what is near the view, and the selection wherever it is ---
  const region = cullRect(cam, size);
  // While panning, the culled list is often the same elements as the frame before: keep that
  // array then, so the element layer (memoised on it) does not re-render at all.
  const drawn = useMemo(
    () => sameOrNew(lastDrawn, boundsOf, cullElements(onStorey, (e) => boundsOf(e, walls), { minX: region.minX, minY: region.minY, maxX: region.maxX, maxY: region.maxY }, selection)),
    [onStorey, boundsOf, walls, region.minX, region.minY, region.maxX, region.maxY, selection],
  );
  const preview =
    overlay.translate && (overlay.translate[0] !== 0 || overlay.translate[1] !== 0)
      ? `translate(${overlay.translate[0]} ${overlay.translate[1]})`
      : overlay.rotate && overlay.rotate.angle !== 0
        ? `rotate(${toDegrees(overlay.rotate.angle)} ${overlay.rotate.centre[0]} ${overlay.rotate.centre[1]})`
        : null;

  // --- dev test handle ---
  useEffect(() => {
    if (!onTestApi) return;
    onTestApi({
      camera: () => cam,
      setCamera: (c: Camera) => setCamera(c),
      storeyId: () => storeyId,
      setStorey: (id: string) => editor.setStorey(id),
      selection: () => [...selection],
      select: (ids: string[]) => setSelection(new Set(ids)),
      peers: () => peers,
      following: () => followedPeer?.clientId ?? null,
      follow: (clientId: number | null) => setFollowing(clientId),
      undo: () => editor.undoManager.undo(),
      redo: () => editor.undoManager.redo(),
      clientId: () => provider?.awareness.clientID,
      drawn: () => drawn.map((e) => e.id),
      editorState: () => {
        const { tool: t, contextMenu, message: m } = editor.getState();
        return { tool: t, contextMenu, message: m };
      },
      planToScreen: (x: number, y: number) => {
        const rect = svgRef.current!.getBoundingClientRect();
        const [sx, sy] = planToScreen(cam, size, [x, y]);
        return [rect.left + sx, rect.top + sy];
      },
    });
  }, [onTestApi, editor, cam, size, storeyId, selection, setSelection, setFollowing, peers, followedPeer, editor.undoManager, provider, setCamera, drawn]);

  const hoverId = useEditorState(editor, (s) => s.hover);
  const hoverEl = hoverId === null ? undefined : readModel.elements.get(hoverId);
  const hoverBox = hoverEl && hoverEl.storeyId === storeyId ? boundsOf(hoverEl, walls) : undefined;
  const peerOutlines = peers.flatMap((peer) =>
    peer.selection.flatMap((id) => {
      const el = readModel.elements.get(id);
      if (!el || el.storeyId !== storeyId) return [];
      const b = boundsOf(el, walls);
      return b ? [{ peer, id, b }] : [];
    }),
  );

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="plan-editor">
      <PlanToolbar
        tool={tool}
        onTool={setTool}
        canEdit={canEdit}
        equipment={equipment}
        onEquipment={setEquipment}
        selectionSize={selection.size}
        onDelete={() => editor.deleteSelection()}
        onRotate={() => void editor.rotateSelection()}
        onUndo={() => editor.undoManager.undo()}
        onRedo={() => editor.undoManager.redo()}
        canUndo={undoState.undo}
        canRedo={undoState.redo}
        onFit={fit}
        underlay={below ? underlay : undefined}
        onUnderlay={(on) => editor.update({ underlay: on })}
        hint={hint}
      />
      <div className="relative flex min-h-0 flex-1 flex-col md:flex-row">
        <div ref={containerRef} tabIndex={-1} className="relative min-h-0 min-w-0 flex-1 overflow-hidden bg-white outline-none">
          <svg
            ref={svgRef}
            data-testid="plan"
            data-storey={storeyId}
            data-tool={tool}
            className={`absolute inset-0 h-full w-full touch-none select-none ${input.panning ? 'cursor-grabbing' : tool === 'select' || tool === 'rotate' ? 'cursor-default' : 'cursor-crosshair'}`}
            {...input.handlers}
          >
            {size.width > 0 && (
              <>
                <g transform={cameraTransform(cam, size)} data-testid="plan-view">
                  <PlanGrid camera={cam} size={size} />
                  <PlanUnderlay walls={underlayWalls} />
                  <PlanLayer elements={drawn} total={onStorey.length} walls={walls} selection={selection} preview={preview} zoom={cam.zoom} />
                </g>
                <PlanOverlay
                  camera={cam}
                  size={size}
                  peerOutlines={peerOutlines}
                  hover={hoverId && hoverBox ? { id: hoverId, b: hoverBox } : undefined}
                  tool={overlay}
                  selected={selected}
                  walls={walls}
                  rotation={canEdit && tool === 'rotate' && rotateCentre && selectionBox ? { box: selectionBox, centre: rotateCentre } : undefined}
                />
                <PeerViewers peers={peers} storeyId={storeyId} camera={cam} size={size} />
                <PeerCursors peers={peers} storeyId={storeyId} camera={cam} size={size} />
                <PlanLegend camera={cam} size={size} north={readModel.meta?.north ?? 0} />
              </>
            )}
          </svg>
          {readModel.meta === undefined && (
            <p role="status" className="pointer-events-none absolute inset-x-0 top-1/3 text-center text-slate-500" data-testid="plan-loading">
              Loading the plan…
            </p>
          )}
          {readModel.meta !== undefined && storeys.length === 0 && (
            <p className="absolute inset-x-0 top-1/3 text-center text-slate-500" data-testid="plan-no-storeys">
              This building has no storeys yet.{canEdit ? ' Add one with “+ Storey”.' : ''}
            </p>
          )}
          {readModel.meta !== undefined && storeys.length > 0 && onStorey.length === 0 && hidden.size === 0 && (
            <p className="pointer-events-none absolute inset-x-0 top-1/3 text-center text-slate-500" data-testid="plan-empty">
              Nothing on this storey yet.{canEdit ? ' Draw a wall (W) or a room (R) to start.' : ''}
            </p>
          )}
          {size.width > 0 && layer?.({ camera: cam, size, storeyId })}
          <PlanLegendPanel elements={onStorey} className="absolute bottom-2 right-2" />
          {message && (
            <div
              role={message.tone === 'error' ? 'alert' : 'status'}
              data-testid={message.tone === 'error' ? 'plan-error' : 'plan-info'}
              className={`absolute inset-x-2 top-2 z-10 mx-auto flex max-w-xl items-start justify-between gap-2 rounded border px-3 py-1.5 text-sm shadow-sm ${message.tone === 'error' ? 'border-rose-200 bg-rose-50 text-rose-800' : 'border-sky-200 bg-sky-50 text-sky-900'}`}
            >
              <span>{message.text}</span>
              <button type="button" onClick={() => editor.update({ message: null })} aria-label="Dismiss" className={message.tone === 'error' ? 'text-rose-600' : 'text-sky-700'}>
                ×
              </button>
            </div>
          )}
          <PresenceToasts toasts={toasts} />
        </div>
      </div>
    </div>
  );
}
