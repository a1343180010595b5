'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { LocalOrigin } from '@/lib/doc';
import { boundingBox, type Element, type EquipmentSystem, type Wall } from '@/lib/model';
import type { BuildingReadModel } from '@/components/building/BuildingReadModel';
import { KIND_LABELS } from '@/components/building/kindLabels';
import { AvatarStack } from '@/components/presence/AvatarStack';
import { PeerCursors } from '@/components/presence/PeerCursors';
import { PresenceToasts } from '@/components/presence/PresenceToasts';
import { usePresence } from '@/components/presence/usePresence';
import { cameraTransform, fitCamera, planToScreen, type Camera, type ViewSize } from './camera';
import { createBoundsCache, cullElements, cullRect } from './culling';
import { PlanGrid, PlanLegend } from './PlanDecorations';
import { PlanLayer, sortForDrawing } from './PlanLayer';
import { PlanOverlay } from './PlanOverlay';
import { PlanToolbar } from './PlanToolbar';
import { PlanLegendPanel } from './symbols/PlanLegendPanel';
import { PropertiesDock } from './PropertiesDock';
import { PropertiesPanel } from './PropertiesPanel';
import { selectionCentre, toDegrees } from './rotation';
import { StoreyBar } from './StoreyBar';
import { TOOL_HINTS, type Tool } from './tools';
import { usePlanInput } from './usePlanInput';
import { usePlanWrites } from './usePlanWrites';

interface Props {
  doc: Y.Doc;
  readModel: BuildingReadModel;
  provider: WebsocketProvider | null;
  origin: LocalOrigin;
  canEdit: boolean;
  self: { name: string; color: string };
  /** Receives the dev test API (`window.__arxos.plan`), when dev tools are on. */
  onTestApi?: (api: Record<string, unknown>) => void;
}

/** How often the avatar stack re-checks who is idle (ms). */
const IDLE_CHECK_MS = 15_000;

/** The 2D plan editor of one building: storeys, tools, properties, presence. */
export function PlanEditor({ doc, readModel, provider, origin, canEdit, self, onTestApi }: Props) {
  const version = useSyncExternalStore(readModel.subscribe, readModel.getVersion, readModel.getVersion);
  const storeys = readModel.storeys;
  const [storeyChoice, setStoreyId] = useState<string | null>(null);
  const [size, setSize] = useState<ViewSize>({ width: 0, height: 0 });
  const [camera, setCameraState] = useState<Camera | null>(null);
  const [tool, setToolState] = useState<Tool>('select');
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [following, setFollowing] = useState<number | null>(null);
  const [equipment, setEquipment] = useState<{ system: EquipmentSystem; type: string }>({ system: 'electrical', type: 'outlet' });
  const [now, setNow] = useState(() => Date.now());
  const svgRef = useRef<SVGSVGElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const { peers, toasts, publish } = usePresence(provider);
  const followedPeer = following === null ? undefined : peers.find((p) => p.clientId === following);
  const followedView = followedPeer?.viewport && storeys.some((s) => s.id === followedPeer.viewport!.storeyId) ? followedPeer.viewport : undefined;
  const chosenStorey = storeys.some((s) => s.id === storeyChoice) ? storeyChoice! : (storeys[0]?.id ?? '');
  // Following someone shows their storey and viewport; any pan/zoom of one's own stops following.
  const storeyId = followedView?.storeyId ?? chosenStorey;

  // --- model reads (per read-model version) ---
  const onStorey = useMemo(() => {
    void version;
    return sortForDrawing([...readModel.elements.values()].filter((e) => e.storeyId === storeyId));
  }, [readModel, version, storeyId]);
  const walls = useMemo(() => {
    void version;
    const map = new Map<string, Element>();
    for (const e of readModel.elements.values()) if (e.kind === 'wall') map.set(e.id, e);
    return map;
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

  // --- presence: publish viewport, selection, following; re-check idleness now and then ---
  useEffect(() => {
    if (storeyId) publish({ viewport: { storeyId, x: cam.x, y: cam.y, zoom: cam.zoom } });
  }, [publish, storeyId, cam.x, cam.y, cam.zoom]);
  useEffect(() => publish({ selection: [...selection] }), [publish, selection]);
  useEffect(() => publish({ following: followedPeer?.user.id ?? null }), [publish, followedPeer?.user.id]);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), IDLE_CHECK_MS);
    return () => clearInterval(t);
  }, []);

  // --- writes ---
  const writes = usePlanWrites({
    doc,
    origin,
    canEdit,
    elements: readModel.elements,
    storeys,
    selection,
    setSelection,
    setError,
    onStoreyAdded: (id) => (setStoreyId(id), setCameraState(null)),
  });

  // --- the selection: its centre and box (rotate tool), the one element the panel shows ---
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
  const selectedOne = selection.size === 1 ? readModel.elements.get([...selection][0]!) : undefined;

  const setTool = useCallback((next: Tool) => setToolState(next), []);
  const input = usePlanInput({
    svgRef,
    doc,
    origin,
    canEdit,
    camera: cam,
    size,
    setCamera,
    fit,
    tool,
    setTool,
    storeyId,
    onStorey,
    storeyWalls,
    walls,
    selection,
    setSelection,
    rotateCentre,
    equipment,
    setError,
    report: writes.report,
    create: writes.create,
    deleteSelection: writes.deleteSelection,
    rotateSelection: writes.rotateSelection,
    undoManager: writes.undoManager,
    publish,
  });
  const { gesture, clearChain } = input;

  // --- culling: draw what is near the view, and the selection wherever it is ---
  const region = cullRect(cam, size);
  const drawn = useMemo(
    () => cullElements(onStorey, (e) => boundsOf(e, walls), { minX: region.minX, minY: region.minY, maxX: region.maxX, maxY: region.maxY }, selection),
    [onStorey, boundsOf, walls, region.minX, region.minY, region.maxX, region.maxY, selection],
  );
  const preview =
    input.dragDelta && (input.dragDelta[0] !== 0 || input.dragDelta[1] !== 0)
      ? `translate(${input.dragDelta[0]} ${input.dragDelta[1]})`
      : gesture?.kind === 'rotate' && gesture.angle !== 0
        ? `rotate(${toDegrees(gesture.angle)} ${gesture.centre[0]} ${gesture.centre[1]})`
        : null;

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
      undo: () => writes.undoManager.undo(),
      redo: () => writes.undoManager.redo(),
      clientId: () => provider?.awareness.clientID,
      drawn: () => drawn.map((e) => e.id),
      planToScreen: (x: number, y: number) => {
        const rect = svgRef.current!.getBoundingClientRect();
        const [sx, sy] = planToScreen(cam, size, [x, y]);
        return [rect.left + sx, rect.top + sy];
      },
    });
  }, [onTestApi, cam, size, storeyId, selection, peers, followedPeer, writes.undoManager, provider, setCamera, drawn]);

  const peerOutlines = peers.flatMap((peer) =>
    peer.selection.flatMap((id) => {
      const el = readModel.elements.get(id);
      if (!el || el.storeyId !== storeyId) return [];
      const b = boundsOf(el, walls);
      return b ? [{ peer, id, b }] : [];
    }),
  );
  const chooseTool = (t: Tool) => (setTool(t), clearChain());
  const dockTitle = selectedOne ? `${KIND_LABELS[selectedOne.kind][0]}${selectedOne.name ? `: ${selectedOne.name}` : ''}` : selection.size > 1 ? `${selection.size} elements selected` : 'Properties';

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
        onTool={chooseTool}
        canEdit={canEdit}
        equipment={equipment}
        onEquipment={setEquipment}
        selectionSize={selection.size}
        onDelete={writes.deleteSelection}
        onRotate={() => writes.rotateSelection()}
        onUndo={() => writes.undoManager.undo()}
        onRedo={() => writes.undoManager.redo()}
        canUndo={writes.undoState.undo}
        canRedo={writes.undoState.redo}
        onFit={fit}
      />
      <StoreyBar
        storeys={storeys}
        current={storeyId}
        onSelect={(id) => (setStoreyId(id), setFollowing(null), setCameraState(null), setSelection(new Set()), clearChain())}
        canEdit={canEdit}
        onAdd={writes.addNewStorey}
        onRename={writes.renameStorey}
        onMove={writes.moveStorey}
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
      <div className="relative flex min-h-0 flex-1 flex-col md:flex-row">
        <div ref={containerRef} className="relative min-h-0 min-w-0 flex-1 overflow-hidden bg-white">
          <svg
            ref={svgRef}
            data-testid="plan"
            data-storey={storeyId}
            data-tool={tool}
            className={`absolute inset-0 h-full w-full touch-none select-none ${gesture?.kind === 'pan' ? 'cursor-grabbing' : tool === 'select' || tool === 'rotate' ? 'cursor-default' : 'cursor-crosshair'}`}
            {...input.handlers}
            onContextMenu={(e) => e.preventDefault()}
          >
            {size.width > 0 && (
              <>
                <g transform={cameraTransform(cam, size)} data-testid="plan-view">
                  <PlanGrid camera={cam} size={size} />
                  <PlanLayer elements={drawn} total={onStorey.length} walls={walls} selection={selection} preview={preview} zoom={cam.zoom} />
                </g>
                <PlanOverlay
                  camera={cam}
                  size={size}
                  peerOutlines={peerOutlines}
                  chain={input.chain}
                  chainPreview={input.chainPreview}
                  previewLength={input.previewLength}
                  gesture={gesture}
                  pointer={input.pointer}
                  rotation={canEdit && tool === 'rotate' && rotateCentre && selectionBox ? { box: selectionBox, centre: rotateCentre } : undefined}
                />
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
          {readModel.meta !== undefined && storeys.length > 0 && onStorey.length === 0 && (
            <p className="pointer-events-none absolute inset-x-0 top-1/3 text-center text-slate-500" data-testid="plan-empty">
              Nothing on this storey yet.{canEdit ? ' Draw a wall (W) or a room (R) to start.' : ''}
            </p>
          )}
          <PlanLegendPanel elements={onStorey} className="absolute left-2 top-2" />
          <PresenceToasts toasts={toasts} />
        </div>
        <PropertiesDock selectionKey={[...selection].sort().join(' ')} title={dockTitle}>
          <PropertiesPanel
            element={selectedOne}
            selectionSize={selection.size}
            canEdit={canEdit}
            onUpdate={(patch) => (selectedOne ? writes.updateOne(selectedOne.id, patch) : undefined)}
            onRotateBy={(angle) => writes.rotateSelection(angle)}
          />
        </PropertiesDock>
      </div>
    </div>
  );
}
