'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { KIND_LABELS } from '@/components/building/kindLabels';
import { IfcImportError, type IfcImport, type ImportPhase, type ImportProgress } from '@/lib/ifc/types';
import { ELEMENT_KINDS } from '@/lib/model';
import type { ImportRun } from './importIfc';

/** What the progress bar says in each phase, and the share of the bar each phase fills. */
const PHASES: Record<ImportPhase, { label: string; from: number; to: number }> = {
  reading: { label: 'Reading the file', from: 0, to: 0.25 },
  geometry: { label: 'Building the geometry', from: 0.25, to: 0.8 },
  writing: { label: 'Writing into the building', from: 0.8, to: 1 },
};

type State =
  | { step: 'choose' }
  | { step: 'running'; file: string; progress: ImportProgress }
  | { step: 'done'; file: string; result: IfcImport }
  | { step: 'failed'; file: string; message: string; cancelled: boolean };

interface Props {
  /** Starts an import of a file; the panel shows its progress and result. */
  start(file: File, onProgress: (p: ImportProgress) => void): ImportRun<IfcImport>;
  /** An import to run at once: a file dropped on the page, or one read on /buildings. */
  autostart?: { name: string; start(onProgress: (p: ImportProgress) => void): ImportRun<IfcImport> } | null;
  /** Called with the result once the import is written. */
  onDone?(result: IfcImport): void;
  /** What the "done" step's button says and does (e.g. "Open the building"). */
  doneAction?: { label: string; run(): void };
}

/**
 * Pick or drop an .ifc file; a progress bar with its phases (reading, geometry, writing) and
 * Cancel; then the counts by kind and the warnings, or the error in words. The panel itself never
 * writes: `start` does, and it writes nothing unless it finishes.
 */
export function ImportPanel({ start, autostart, onDone, doneAction }: Props) {
  const [state, setState] = useState<State>({ step: 'choose' });
  const run = useRef<ImportRun<IfcImport> | null>(null);
  const [dragging, setDragging] = useState(false);
  const run_ = useCallback(
    (name: string, begin: (onProgress: (p: ImportProgress) => void) => ImportRun<IfcImport>) => {
      if (run.current) return;
      setState({ step: 'running', file: name, progress: { phase: 'reading', done: 0, total: 0 } });
      const current = begin((progress) => setState((s) => (s.step === 'running' ? { ...s, progress } : s)));
      run.current = current;
      current.done.then(
        (result) => {
          run.current = null;
          setState({ step: 'done', file: name, result });
          onDone?.(result);
        },
        (error: unknown) => {
          run.current = null;
          const cancelled = error instanceof IfcImportError && error.code === 'cancelled';
          setState({ step: 'failed', file: name, message: error instanceof Error ? error.message : String(error), cancelled });
        },
      );
    },
    [onDone],
  );
  const begin = useCallback((file: File) => run_(file.name, (onProgress) => start(file, onProgress)), [run_, start]);
  const started = useRef(false);
  useEffect(() => {
    if (autostart && !started.current) {
      started.current = true;
      run_(autostart.name, autostart.start);
    }
  }, [autostart, run_]);
  // Closing the panel cancels a running import (not React's development re-mount: it comes back at once).
  const alive = useRef(false);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      setTimeout(() => !alive.current && run.current?.cancel(), 0);
    };
  }, []);

  const picker = (
    <label
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const file = e.dataTransfer.files[0];
        if (file) begin(file);
      }}
      data-testid="ifc-drop-zone"
      className={`flex cursor-pointer flex-col items-center gap-1 rounded-lg border-2 border-dashed px-4 py-8 text-center text-sm ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-slate-50 hover:bg-slate-100'}`}
    >
      <span className="font-medium text-slate-800">Drop an .ifc file here, or choose one</span>
      <span className="text-slate-500">IFC2X3, IFC4 or IFC4X3, from ArchiCAD, Revit and other tools</span>
      <input
        type="file"
        accept=".ifc,application/x-step"
        aria-label="IFC file"
        className="sr-only"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) begin(file);
        }}
      />
    </label>
  );

  if (state.step === 'choose') return <div className="p-4">{picker}</div>;
  if (state.step === 'running') {
    const { phase, done, total } = state.progress;
    const p = PHASES[phase];
    const share = p.from + (total > 0 ? Math.min(1, done / total) : 0) * (p.to - p.from);
    return (
      <div className="space-y-3 p-4" data-testid="ifc-import-progress" data-phase={phase}>
        <p className="text-sm text-slate-700">
          Importing <span className="font-medium">{state.file}</span>
        </p>
        <div role="progressbar" aria-label={p.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)} className="h-2 overflow-hidden rounded bg-slate-200">
          <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${Math.round(share * 100)}%` }} />
        </div>
        <p className="text-sm text-slate-600">
          {p.label}
          {total > 0 && phase === 'geometry' ? ` (${done} of ${total})` : ''}
          {total > 0 && phase === 'writing' ? ` (${Math.round((done / total) * 100)}%)` : ''}…
        </p>
        <button type="button" onClick={() => run.current?.cancel()} className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
          Cancel
        </button>
      </div>
    );
  }
  if (state.step === 'failed') {
    return (
      <div className="space-y-3 p-4">
        <p role={state.cancelled ? 'status' : 'alert'} data-testid="ifc-import-error" className={`rounded-md px-3 py-2 text-sm ${state.cancelled ? 'bg-slate-100 text-slate-700' : 'bg-rose-50 text-rose-900'}`}>
          {state.cancelled ? '' : `${state.file}: `}
          {state.message}
        </p>
        {picker}
      </div>
    );
  }
  const { result } = state;
  const counts = ELEMENT_KINDS.filter((k) => (result.counts[k] ?? 0) > 0);
  return (
    <div className="space-y-3 p-4" data-testid="ifc-import-result">
      <p className="text-sm text-slate-700">
        Imported <span className="font-medium">{state.file}</span> ({result.schema}
        {result.project.building ? `, ${result.project.building}` : ''}).
      </p>
      <dl className="grid grid-cols-3 gap-2 sm:grid-cols-4">
        <div className="rounded bg-slate-50 px-2 py-1" data-testid="ifc-count" data-kind="storeys">
          <dt className="text-xs text-slate-500">Storeys</dt>
          <dd className="text-lg font-semibold">{result.storeys.length}</dd>
        </div>
        {counts.map((k) => (
          <div key={k} className="rounded bg-slate-50 px-2 py-1" data-testid="ifc-count" data-kind={k}>
            <dt className="text-xs text-slate-500">{KIND_LABELS[k][1]}</dt>
            <dd className="text-lg font-semibold">{result.counts[k]}</dd>
          </div>
        ))}
      </dl>
      {result.warnings.length > 0 && (
        <details className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="ifc-warnings">
          <summary className="cursor-pointer font-medium">
            {result.warnings.length} warning{result.warnings.length === 1 ? '' : 's'}
          </summary>
          <ul className="mt-2 max-h-48 list-disc space-y-1 overflow-y-auto pl-5">
            {result.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </details>
      )}
      {doneAction && (
        <button type="button" onClick={doneAction.run} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          {doneAction.label}
        </button>
      )}
    </div>
  );
}
