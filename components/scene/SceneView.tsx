'use client';

import { Canvas } from '@react-three/fiber';
import { createXRStore, XR } from '@react-three/xr';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@/components/editor/Editor';
import { useEditorState, useModelVersion } from '@/components/editor/useEditor';
import type { Ghost } from './ghosts';
import type { Presence } from '@/components/presence/usePresence';
import { pageAssetLoader } from './assets';
import { SceneController, type StoreyFilter } from './SceneController';
import { SceneContent, type SceneTestApi } from './SceneContent';
import type { ScenePin } from './ScenePins';
import { NO_SECTION, type Preset, type Section } from './view';
import { useXRSupport, xrUnavailableInWords } from './xr/support';

interface Props {
  editor: Editor;
  presence: Presence;
  /** This client's awareness id (follow, and not drawing oneself). */
  clientId: number | undefined;
  /** Receives the dev test API (`window.__arxos.scene`), when dev tools are on. */
  onTestApi?: (api: Record<string, unknown>) => void;
  /** Pins to draw over the building (review threads). */
  pins?: readonly ScenePin[];
  /** Elements drawn in another colour (a version comparison: added green, changed amber), 0xRRGGBB by id. */
  colors?: ReadonlyMap<string, number>;
  /** A version comparison's ghosts: removed elements and the old shapes of changed ones. */
  ghosts?: readonly Ghost[];
}

const NO_COLORS: ReadonlyMap<string, number> = new Map();

const PRESET_TITLES = { top: 'From above, north up', front: 'From the south', side: 'From the east', iso: 'From the south-east, above' } as const;

/**
 * The 3D view's tool, from the editor's one tool: Measure measures in both views; any other tool
 * selects and moves in 3D (drawing happens on the plan).
 */
export type SceneTool = 'select' | 'measure';

/**
 * The 3D view of the building: the same document and editor state as the plan (tool, selection,
 * hover, storey), drawn by a {@link SceneController} (one BatchedMesh per material), with orbit,
 * presets, storey filter, section, measure, presence and follow, and AR/VR through
 * @react-three/xr. Loaded on the client only (next/dynamic, ssr: false).
 */
export default function SceneView({ editor, presence, clientId, onTestApi, pins, colors, ghosts }: Props) {
  // Re-rendered per model change for the storeys (their list and elevations); the batches update themselves.
  useModelVersion(editor);
  const { readModel } = editor;
  const controller = useMemo(() => new SceneController(readModel.elements, { assets: pageAssetLoader() }), [readModel]);
  useEffect(() => controller.setOverrides(colors ?? NO_COLORS), [controller, colors]);
  const [filter, setFilter] = useState<StoreyFilter>('all');
  const [section, setSection] = useState<Section>(NO_SECTION);
  const tool: SceneTool = useEditorState(editor, (s) => (s.tool === 'measure' ? 'measure' : 'select'));
  const setTool = useCallback((next: SceneTool) => editor.setTool(next), [editor]);
  const [preset, setPreset] = useState<{ preset: Preset | 'fit'; at: number } | null>(null);
  const [tabletop, setTabletop] = useState(true);
  const following = useEditorState(editor, (s) => s.following);
  const canEdit = useEditorState(editor, (s) => s.canEdit);
  const support = useXRSupport();
  const [xrError, setXrError] = useState<string | null>(null);
  const testApi = useRef<SceneTestApi | null>(null);

  // One XR store per view; the emulator (dev/test only) is installed separately (xr/emulator.ts).
  const store = useMemo(
    () =>
      createXRStore({
        emulate: false,
        offerSession: false,
        baseAssetPath: typeof location === 'undefined' ? undefined : new URL('/xr-profiles/', location.href).href,
        controller: { teleportPointer: true },
        hand: { teleportPointer: true },
        domOverlay: true,
        // Frame rates and foveation stay the device's defaults.
      }),
    [],
  );
  useEffect(() => () => store.destroy(), [store]);

  // Build once the model is loaded, then keep the scene in step with the doc's changes.
  const loaded = readModel.meta !== undefined;
  useEffect(() => {
    if (!loaded) return;
    controller.build(readModel.storeys);
    testApi.current?.invalidate();
    const off = readModel.onChange((change) => {
      if (change.all) {
        controller.build(readModel.storeys);
        testApi.current?.invalidate();
        return;
      }
      controller.markDirty(change.ids);
      if (change.storeys) controller.markStoreys();
      testApi.current?.invalidate();
    });
    return () => {
      off();
      controller.dispose();
    };
  }, [controller, readModel, loaded]);

  useEditorState(editor, (s) => s.chosenStoreyId);
  const storeyId = editor.storeyId;
  const storeys = readModel.storeys;
  // The section slider spans the building along the cut's axis (a little beyond it).
  // Measured when the section is turned on or its axis or the storeys shown change, not on every
  // edit (the bounds of a big building cost tens of milliseconds).
  const sectionRange = useMemo(() => {
    void [filter, storeyId];
    if (!section.on) return { min: -10, max: 10 };
    const box = controller.shownBounds();
    if (box.isEmpty()) return { min: -10, max: 10 };
    const [lo, hi] = [box.min[section.axis], box.max[section.axis]];
    return { min: Math.floor(lo - 1), max: Math.ceil(hi + 1) };
  }, [controller, section.on, section.axis, filter, storeyId]);

  const enter = useCallback(
    async (mode: 'ar' | 'vr') => {
      setXrError(null);
      const unavailable = xrUnavailableInWords(support, mode);
      if (unavailable) {
        setXrError(unavailable);
        return;
      }
      try {
        await (mode === 'ar' ? store.enterAR() : store.enterVR());
      } catch (error) {
        setXrError(`The ${mode === 'ar' ? 'AR' : 'VR'} session could not start: ${(error as Error).message}`);
      }
    },
    [store, support],
  );

  return (
    <div className="flex h-full min-h-0 min-w-0 flex-1 flex-col" data-testid="scene-view">
      {/* Two fixed rows that never wrap (as the plan's toolbar): looking (storeys, presets, measure), then cutting and XR. */}
      <div className="shrink-0 border-b border-slate-200 bg-white px-2 text-sm" role="toolbar" aria-label="3D view">
        <div className="flex h-9 flex-nowrap items-center gap-1 overflow-x-auto">
          <select aria-label="Storeys shown in 3D" data-testid="scene-storeys" value={filter} onChange={(e) => setFilter(e.target.value as StoreyFilter)} title="Storeys shown: all, the chosen one, or it and those below" className="shrink-0 rounded border border-slate-300 px-0.5 py-0.5 text-xs">
            <option value="all">All storeys</option>
            <option value="one">This storey</option>
            <option value="below">+ below</option>
          </select>
          <span className="mx-0.5 h-5 w-px shrink-0 bg-slate-200" />
          {(['top', 'front', 'side', 'iso'] as const).map((p) => (
            <button key={p} type="button" onClick={() => setPreset({ preset: p, at: Date.now() })} className="shrink-0 rounded px-1.5 py-0.5 text-slate-700 hover:bg-slate-100" title={PRESET_TITLES[p]}>
              {p === 'iso' ? 'Iso' : `${p[0]!.toUpperCase()}${p.slice(1)}`}
            </button>
          ))}
          <button type="button" onClick={() => setPreset({ preset: 'fit', at: Date.now() })} className="shrink-0 rounded px-1.5 py-0.5 text-slate-700 hover:bg-slate-100" title="Fit the shown storeys">
            Fit
          </button>
          <span className="mx-0.5 h-5 w-px shrink-0 bg-slate-200" />
          <button type="button" aria-pressed={tool === 'measure'} onClick={() => setTool(tool === 'measure' ? 'select' : 'measure')} className={`shrink-0 rounded px-1.5 py-0.5 ${tool === 'measure' ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}>
            Measure
          </button>
        </div>
        <div className="flex h-9 flex-nowrap items-center gap-1 overflow-x-auto border-t border-slate-100">
          <label className="flex shrink-0 items-center gap-1 text-slate-700">
            <input type="checkbox" checked={section.on} onChange={(e) => setSection((s) => ({ ...s, on: e.target.checked }))} data-testid="section-on" />
            Section
          </label>
          {section.on && (
            <>
              <select aria-label="Section axis" value={section.axis} onChange={(e) => setSection((s) => ({ ...s, axis: e.target.value as Section['axis'] }))} className="shrink-0 rounded border border-slate-300 px-1 py-0.5">
                <option value="y">Level</option>
                <option value="x">Facing east</option>
                <option value="z">Facing south</option>
              </select>
              <input
                type="range"
                aria-label="Section position (m)"
                data-testid="section-offset"
                min={sectionRange.min}
                max={sectionRange.max}
                step={0.05}
                value={section.offset}
                onChange={(e) => setSection((s) => ({ ...s, offset: Number(e.target.value) }))}
                className="w-20 shrink-0"
              />
              <span className="w-14 shrink-0 tabular-nums text-slate-600">{section.offset.toFixed(2)} m</span>
              <button type="button" onClick={() => setSection((s) => ({ ...s, flipped: !s.flipped }))} className="shrink-0 rounded px-1.5 py-0.5 text-slate-700 hover:bg-slate-100" data-testid="section-flip">
                Flip
              </button>
            </>
          )}
          <span className="ml-auto" />
          <button type="button" onClick={() => void enter('ar')} className="shrink-0 rounded px-1.5 py-0.5 text-slate-700 hover:bg-slate-100" data-testid="enter-ar" title={xrUnavailableInWords(support, 'ar') ?? 'Place the building on a table or the floor'}>
            View in AR
          </button>
          <label className="flex shrink-0 items-center gap-1 text-xs text-slate-600" title="In AR, the building at tabletop scale (about 60 cm) or 1:1">
            <input type="checkbox" checked={tabletop} onChange={(e) => setTabletop(e.target.checked)} /> tabletop
          </label>
          <button type="button" onClick={() => void enter('vr')} className="shrink-0 rounded px-1.5 py-0.5 text-slate-700 hover:bg-slate-100" data-testid="enter-vr" title={xrUnavailableInWords(support, 'vr') ?? 'Walk through at eye height'}>
            Enter VR
          </button>
        </div>
      </div>
      {xrError && (
        <div role="alert" data-testid="xr-message" className="flex shrink-0 items-start justify-between gap-2 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-sm text-amber-900">
          <span>{xrError}</span>
          <button type="button" aria-label="Dismiss" onClick={() => setXrError(null)}>
            ×
          </button>
        </div>
      )}
      <div className="relative min-h-0 flex-1 bg-slate-100" data-testid="scene-canvas">
        {loaded && (
          <Canvas
            frameloop="demand"
            dpr={1}
            camera={{ position: [20, 18, 20], fov: 50, near: 0.05, far: 5000 }}
            gl={{ antialias: false, preserveDrawingBuffer: true }}
            onCreated={({ gl }) => {
              gl.localClippingEnabled = true;
            }}
          >
            <XR store={store}>
              <SceneContent
                editor={editor}
                controller={controller}
                presence={presence}
                clientId={clientId}
                filter={filter}
                setFilter={setFilter}
                storeyId={storeyId}
                storeys={storeys}
                section={section}
                setSection={setSection}
                tool={tool}
                preset={preset}
                following={following}
                canEdit={canEdit}
                tabletop={tabletop}
                store={store}
                pins={pins}
                ghosts={ghosts}
                onApi={(api) => {
                  testApi.current = api;
                  onTestApi?.({ ...api, store, support: () => support, enter, setTool, setSection, setFilter });
                }}
              />
            </XR>
          </Canvas>
        )}
        {!loaded && <p className="absolute inset-x-0 top-1/3 text-center text-slate-500">Loading the 3D view…</p>}
      </div>
    </div>
  );
}
