'use client';

import Link from 'next/link';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useThrottled } from './useThrottled';
import { addElement, LocalOrigin, readBuilding } from '@/lib/doc';
import { createElement, planPoint, type BuildingSnapshot, type Element } from '@/lib/model';
import type { BuildingRole } from '@/lib/auth/roles';
import { AccessRemoved } from './AccessRemoved';
import { canEditModel } from './BuildingConnection';
import { RoleNotice } from './RoleNotice';
import { BuildingOverview } from './BuildingOverview';
import { ConnectionBadge } from './ConnectionBadge';
import { useLiveBuilding } from './useLiveBuilding';
import { PlanEditor } from '@/components/plan/PlanEditor';
import { useBuildingEditor, useCanEdit } from '@/components/editor/useEditor';
import { usePresence } from '@/components/presence/usePresence';
import { PanelDialog } from '@/components/workspace/PanelDialog';
import { Workspace } from '@/components/workspace/Workspace';
import { SceneViewLoader } from '@/components/scene/SceneViewLoader';
import { importIntoEditor } from '@/components/ifc/importIfc';
import { ImportPanel } from '@/components/ifc/ImportPanel';
import { CompareBanner } from '@/components/history/CompareBanner';
import { CompareOverlay } from '@/components/history/CompareOverlay';
import { compareShapes } from '@/components/history/compareShapes';
import { ElementHistory } from '@/components/history/ElementHistory';
import { useCompare } from '@/components/history/useCompare';
import { PlanPins } from '@/components/review/PlanPins';
import { ReviewPanel } from '@/components/review/ReviewPanel';
import { ReviewTopBar } from '@/components/review/ReviewTopBar';
import { useReview } from '@/components/review/useReview';
import { useScenePins } from '@/components/review/useScenePins';
import type { IfcImport, ImportProgress } from '@/lib/ifc/types';
import type { ImportRun } from '@/components/ifc/importIfc';

/** The inventory follows the model at most this often (ms). */
const INVENTORY_THROTTLE_MS = 500;

const COLOURS = ['#2f7bf6', '#e5484d', '#30a46c', '#f76b15', '#8e4ec6', '#0d74ce', '#d6409f'];

/** A stable colour per user, so someone looks the same in every tab and session. */
function colourFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return COLOURS[Math.abs(hash) % COLOURS.length]!;
}

interface Props {
  buildingId: string;
  /** The snapshot the server rendered, shown until the live doc has synced. */
  initialSnapshot: BuildingSnapshot;
  user: { id: string; name: string };
  /** Dev controls and the `window.__arxos` test handle. */
  devTools: boolean;
  /** The viewer's role when the page was rendered; the live role (each collab token's) replaces it. */
  role: BuildingRole;
  /** The building's name, and whether the viewer is a guest of a share link (top bar). */
  building: { name: string; guest: boolean };
  /** The sharing panel (owners): the top bar's Share button opens it. */
  sharing?: ReactNode;
  /** Notices from the server render (records that failed validation), above the views. */
  notices?: ReactNode;
}

declare global {
  interface Window {
    __arxos?: unknown;
  }
}

/** The building page's live part: the workspace (top bar, storeys, plan, properties), the inventory and the dev controls. */
export function LiveBuilding({ buildingId, initialSnapshot, user, devTools, role, building, sharing, notices }: Props) {
  const presence = useMemo(() => ({ id: user.id, name: user.name, color: colourFor(user.id) }), [user.id, user.name]);
  const { doc, provider, readModel, generation, snapshot, status, peers, access, discardLocalChanges } = useLiveBuilding(buildingId, presence, { role, persist: true, userId: user.id });
  // Editing follows the live role: off while a 4401 is being answered with a fresh token, and off for read-only roles.
  const canEdit = canEditModel(access);
  const liveRole = access.state === 'removed' ? role : access.role;
  const [discarding, setDiscarding] = useState(false);
  const [inventoryOpen, setInventoryOpen] = useState(false);
  const discard = () => {
    setDiscarding(true);
    discardLocalChanges()
      .catch((error: Error) => console.error(`discarding the local copy of building ${buildingId} failed`, error))
      .finally(() => setDiscarding(false));
  };
  const shown = snapshot ?? initialSnapshot;
  // The inventory list is large: it lags behind the plan (throttled, deferred) instead of
  // blocking frames, and big buildings open with it closed.
  const inventory = useDeferredValue(useThrottled(shown, INVENTORY_THROTTLE_MS));
  // Counted when the (throttled) snapshot changes, not on every render: this re-renders per change.
  const elementCount = useMemo(() => Object.keys(shown.elements).length, [shown]);
  const testHandle = useRef<Record<string, unknown>>({});
  const origin = useMemo(() => new LocalOrigin(user.id), [user.id]);
  const editor = useBuildingEditor(doc, readModel, origin, canEdit);
  useCanEdit(editor, canEdit && status.state !== 'rejected');
  const livePresence = usePresence(provider);
  // IFC import: the menu's "Import IFC…", or a file dropped on the workspace.
  const [importing, setImporting] = useState<{ key: number; autostart: { name: string; start(onProgress: (p: ImportProgress) => void): ImportRun<IfcImport> } | null } | null>(null);
  const startImport = useCallback((file: File, onProgress: (p: ImportProgress) => void) => importIntoEditor(editor, buildingId, file, onProgress), [editor, buildingId]);
  const importFile = (file: File) => setImporting({ key: Date.now(), autostart: { name: file.name, start: (onProgress) => startImport(file, onProgress) } });
  const live = status.state === 'live' && canEdit;
  // The review document, beside the model: threads, pins, inbox (read-only for viewers).
  const review = useReview({ buildingId, user: presence, role: liveRole, editor, guest: building.guest, onTestApi: devTools ? (api) => void (testHandle.current.review = api) : undefined });
  const scenePins = useScenePins(review, snapshot);
  // A comparison with a version (`?compare=<id>`, from the history page): on the plan and in 3D.
  const comparison = useCompare(buildingId, snapshot);
  const compareColors = useMemo(() => {
    const e = comparison?.diff?.elements;
    if (!e) return undefined;
    return new Map<string, number>([...e.added.map((a) => [a.id, 0x16a34a] as const), ...e.changed.map((c) => [c.id, 0xd97706] as const)]);
  }, [comparison?.diff]);
  const compareGhosts = useMemo(() => {
    const e = comparison?.diff?.elements;
    if (!e) return undefined;
    return [
      ...e.removed.flatMap((r) => (r.record ? [{ id: r.id, status: 'removed' as const, record: r.record as Element }] : [])),
      ...e.changed.flatMap((c) => (c.before ? [{ id: c.id, status: 'was' as const, record: c.before as Element }] : [])),
    ];
  }, [comparison?.diff]);

  useEffect(() => {
    if (!devTools) return;
    const handle = testHandle.current;
    Object.assign(handle, {
      doc,
      provider,
      buildingId,
      read: () => readBuilding(doc),
      awareness: () => (provider ? [...provider.awareness.getStates()] : []),
      // The WebXR emulator (a Meta Quest 3 in a scanned office): dev and test only, loaded on demand.
      installXREmulator: async () => {
        const { installXREmulator } = await import('@/components/scene/xr/emulator');
        const device = await installXREmulator();
        window.dispatchEvent(new Event('arxos:xr-device'));
        handle.xrDevice = device;
        return true;
      },
      xrProbe: async () => (await import('@/components/scene/xr/XRParts')).xrProbe,
    });
    window.__arxos = handle;
    return () => {
      delete window.__arxos;
    };
  }, [devTools, doc, provider, buildingId]);

  const addTestRoom = () => {
    const storey = Object.values(shown.storeys).sort((a, b) => a.order - b.order)[0];
    if (!storey) return;
    const n = Object.values(shown.elements).filter((e) => e.kind === 'space' && e.name.startsWith('Test room')).length + 1;
    const [x, y] = [Math.round(Math.random() * 20) + 20, Math.round(Math.random() * 20)];
    const room = createElement('space', { storeyId: storey.id, name: `Test room ${n}`, usage: 'test', polygon: [planPoint(x, y), planPoint(x + 3, y), planPoint(x + 3, y + 3), planPoint(x, y + 3)] });
    if (!room.ok) throw new Error(room.error.message);
    const written = addElement(doc, room.value, origin);
    if (!written.ok) throw new Error(written.error.message);
  };

  if (access.state === 'removed') return <AccessRemoved buildingName={shown.meta.name} />;
  return (
    <div
      className="h-full"
      onDragOver={(e) => {
        if (live && [...e.dataTransfer.types].includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0];
        if (!live || !file) return;
        e.preventDefault();
        importFile(file);
      }}
    >
    <Workspace
      key={generation}
      editor={editor}
      presence={livePresence}
      self={presence}
      building={{ name: building.name, role: liveRole, guest: building.guest }}
      connection={<ConnectionBadge status={status} peers={peers} />}
      sharing={sharing}
      // History is for members (the REST routes behind it check the account's own role), not share-link guests.
      elementHistory={building.guest ? undefined : (element) => <ElementHistory buildingId={buildingId} element={element} />}
      tools={<ReviewTopBar review={review} />}
      aside={<ReviewPanel review={review} />}
      scene={
        snapshot ? (
          <SceneViewLoader editor={editor} presence={livePresence} clientId={provider?.awareness.clientID} pins={scenePins} colors={compareColors} ghosts={compareGhosts} onTestApi={devTools ? (api) => void (testHandle.current.scene = api) : undefined} />
        ) : undefined
      }
      banner={
        <>
          <RoleNotice initialRole={role} access={access} />
          {comparison && <CompareBanner comparison={comparison} />}
          {notices}
          {status.state === 'rejected' && (
            <div role="alert" data-testid="rejected-changes" className="shrink-0 border-b border-rose-200 bg-rose-50 px-4 py-2 text-sm text-rose-900">
              <p className="font-medium">{status.message}</p>
              <p className="mt-1 text-rose-800">
                The server refuses these changes and would refuse them on every reconnect, so editing is stopped. Discarding them loads the building as the server has it; changes others made are kept.
              </p>
              <button type="button" onClick={discard} disabled={discarding} className="mt-2 rounded bg-rose-700 px-3 py-1 font-medium text-white hover:bg-rose-800 disabled:opacity-50">
                Discard local changes
              </button>
            </div>
          )}
        </>
      }
      menu={
        <>
          <button type="button" role="menuitem" onClick={() => setInventoryOpen(true)} className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100">
            Inventory <span className="float-right text-xs text-slate-400">{elementCount} elements</span>
          </button>
          <button
            type="button"
            role="menuitem"
            disabled={!live}
            title={canEdit ? undefined : `Your role (${liveRole}) cannot change the model`}
            onClick={() => setImporting({ key: Date.now(), autostart: null })}
            className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40"
          >
            Import IFC…
          </button>
          <a role="menuitem" href={`/api/v1/buildings/${buildingId}/export/ifc`} download className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100">
            Export IFC
          </a>
          {!building.guest && (
            <Link role="menuitem" href={`/buildings/${buildingId}/history`} className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100">
              History <span className="float-right text-xs text-slate-400">versions, changes</span>
            </Link>
          )}
          {devTools && (
            <div className="mt-1 border-t border-dashed border-slate-200 px-3 pb-1 pt-2">
              <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Dev</p>
              <button type="button" onClick={addTestRoom} disabled={!canEdit || status.state !== 'live'} title={canEdit ? undefined : `Your role (${liveRole}) cannot edit the model`} className="mt-1 rounded bg-slate-900 px-3 py-1 text-sm text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-40">
                Add a test room
              </button>
            </div>
          )}
        </>
      }
    >
      {snapshot || status.state !== 'failed' ? (
        <PlanEditor
          editor={editor}
          provider={provider}
          presence={livePresence}
          onTestApi={devTools ? (api) => void (testHandle.current.plan = api) : undefined}
          layer={(view) => (
            <>
              {comparison?.diff && <CompareOverlay shapes={compareShapes(comparison.diff, readModel.elements, view.storeyId)} camera={view.camera} size={view.size} />}
              <PlanPins review={review} view={view} />
            </>
          )}
        />
      ) : (
        <p className="p-6 text-rose-700">The plan could not be loaded: {status.state === 'failed' ? status.message : ''}</p>
      )}
      <PanelDialog open={inventoryOpen} onClose={() => setInventoryOpen(false)} title="Inventory" testId="inventory" wide>
        <div className="space-y-4 p-4">
          <dl className="flex gap-6">
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-500">Storeys</dt>
              <dd className="text-2xl font-semibold" data-testid="storey-count">{Object.keys(shown.storeys).length}</dd>
            </div>
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-500">Elements</dt>
              <dd className="text-2xl font-semibold" data-testid="element-count">{elementCount}</dd>
            </div>
          </dl>
          {inventoryOpen && <BuildingOverview snapshot={inventory} />}
        </div>
      </PanelDialog>
      <PanelDialog
        open={importing !== null}
        onClose={() => setImporting(null)}
        title="Import IFC"
        testId="ifc-import"
      >
        {importing && <ImportPanel key={importing.key} start={startImport} autostart={importing.autostart} />}
      </PanelDialog>
    </Workspace>
    </div>
  );
}
