import { useState } from 'react';
import { EQUIPMENT_STATUSES, polygonArea, radians, wallLength, type Element, type ElementPatch } from '@/lib/model';
import { formatArea, formatMetres, KIND_LABELS } from '@/components/building/kindLabels';
import { fromDegrees, normaliseAngle, toDegrees } from './rotation';
import { SYSTEM_CHOICES } from './tools';

interface Props {
  element: Element | undefined;
  selectionSize: number;
  canEdit: boolean;
  /** Writes a patch; returns the validator's message in words, or undefined. */
  onUpdate: (patch: ElementPatch) => string | undefined;
  /** Turns the selection by an angle (radians, counter-clockwise); returns an error in words, or undefined. */
  onRotateBy: (angle: number) => string | undefined;
}

type Field = { key: string; label: string; type: 'text' | 'number' | 'select'; value: string | number; options?: readonly string[] };

function fieldsOf(element: Element): Field[] {
  const name: Field = { key: 'name', label: 'Name', type: 'text', value: element.name };
  switch (element.kind) {
    case 'space':
      return [name, { key: 'number', label: 'Number', type: 'text', value: element.number }, { key: 'usage', label: 'Usage', type: 'text', value: element.usage }];
    case 'wall':
      return [name, { key: 'thickness', label: 'Thickness (m)', type: 'number', value: element.thickness }, { key: 'height', label: 'Height (m)', type: 'number', value: element.height }];
    case 'door':
    case 'window':
      return [
        name,
        { key: 'width', label: 'Width (m)', type: 'number', value: element.width },
        { key: 'height', label: 'Height (m)', type: 'number', value: element.height },
        { key: 'offset', label: 'Offset (m)', type: 'number', value: element.offset },
        { key: 'sill', label: 'Sill (m)', type: 'number', value: element.sill },
      ];
    case 'equipment':
      return [
        name,
        { key: 'rotation', label: 'Rotation (°)', type: 'number', value: toDegrees(element.rotation) },
        { key: 'system', label: 'System', type: 'select', value: element.system, options: SYSTEM_CHOICES },
        { key: 'type', label: 'Type', type: 'text', value: element.type },
        { key: 'status', label: 'Status', type: 'select', value: element.status, options: EQUIPMENT_STATUSES },
        { key: 'path', label: 'Path', type: 'text', value: element.path },
      ];
    case 'slab':
      return [name, { key: 'thickness', label: 'Thickness (m)', type: 'number', value: element.thickness }];
    case 'object':
      return [name, { key: 'category', label: 'Category', type: 'text', value: element.category }, { key: 'rotation', label: 'Rotation (°)', type: 'number', value: toDegrees(element.rotation) }];
  }
}

function summary(element: Element): string {
  switch (element.kind) {
    case 'wall':
      return `${formatMetres(wallLength(element))} long`;
    case 'space':
    case 'slab':
      return formatArea(polygonArea(element.polygon));
    default:
      return '';
  }
}

/** The patch a field's raw text means: numbers parsed (NaN if not a number), degrees to radians. */
function patchFor(element: Element, field: Field, raw: string): ElementPatch {
  if (field.type === 'number') {
    const value = raw.trim() === '' ? NaN : Number(raw);
    if (field.key === 'rotation' && Number.isFinite(value)) return { rotation: radians(normaliseAngle(fromDegrees(value))) } as ElementPatch;
    return { [field.key]: value } as ElementPatch;
  }
  // An equipment path must start with its system: changing the system moves the path along.
  if (element.kind === 'equipment' && field.key === 'system') return { system: raw, path: element.path.replace(/^\/[^/]+/, `/${raw}`) } as ElementPatch;
  return { [field.key]: raw } as ElementPatch;
}

/**
 * Properties of the selected element; edits go through the validated writers, and a refused
 * edit shows the validator's message under the panel's fields (the model is then unchanged).
 * Any selection can be turned by a typed angle.
 */
export function PropertiesPanel({ element, selectionSize, canEdit, onUpdate, onRotateBy }: Props) {
  // The last refused edit, for the element it was made on.
  const [problem, setProblem] = useState<{ on: string; message: string } | null>(null);
  const subject = element?.id ?? `${selectionSize}`;
  const shown = problem?.on === subject ? problem.message : undefined;
  const outcome = (message: string | undefined) => setProblem(message ? { on: subject, message } : null);

  const rotateBy = canEdit && selectionSize > 0 && (
    <label className="block">
      <span className="text-xs text-slate-500">Rotate by (°)</span>
      <input
        type="number"
        step={1}
        placeholder="e.g. 30 (counter-clockwise)"
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          const degrees = Number(e.currentTarget.value);
          if (e.currentTarget.value.trim() === '' || !Number.isFinite(degrees)) return outcome('Rotate by: type an angle in degrees.');
          outcome(onRotateBy(fromDegrees(degrees)));
          e.currentTarget.value = '';
        }}
        className="mt-0.5 block w-full rounded border border-slate-300 px-1.5 py-1"
      />
    </label>
  );
  const error = shown && (
    <p role="alert" data-testid="property-error" className="rounded bg-rose-50 px-2 py-1 text-rose-800">
      {shown}
    </p>
  );

  if (!element) {
    return (
      <aside className="space-y-2 p-3 text-sm text-slate-500" data-testid="properties-panel" aria-label="Properties">
        <p>{selectionSize > 1 ? `${selectionSize} elements selected.` : 'Select an element to see its properties.'}</p>
        {rotateBy}
        {error}
      </aside>
    );
  }
  const commit = (field: Field, raw: string) => {
    if (String(field.value) === raw) return;
    outcome(onUpdate(patchFor(element, field, raw)));
  };
  return (
    <aside className="space-y-2 p-3 text-sm" data-testid="properties-panel" aria-label="Properties">
      <h2 className="font-semibold text-slate-900">
        {KIND_LABELS[element.kind][0]} <span className="font-normal text-slate-500">{summary(element)}</span>
      </h2>
      {fieldsOf(element).map((field) => (
        <label key={`${element.id}:${field.key}:${String(field.value)}`} className="block">
          <span className="text-xs text-slate-500">{field.label}</span>
          {field.type === 'select' ? (
            <select disabled={!canEdit} defaultValue={String(field.value)} onChange={(e) => commit(field, e.target.value)} className="mt-0.5 block w-full rounded border border-slate-300 px-1.5 py-1">
              {field.options!.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : (
            <input
              readOnly={!canEdit}
              type={field.type}
              step={field.type === 'number' ? 0.01 : undefined}
              defaultValue={String(field.value)}
              onBlur={(e) => commit(field, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commit(field, e.currentTarget.value);
                if (e.key === 'Escape') {
                  e.currentTarget.value = String(field.value);
                  outcome(undefined);
                }
              }}
              className="mt-0.5 block w-full rounded border border-slate-300 px-1.5 py-1 read-only:bg-slate-50"
            />
          )}
        </label>
      ))}
      {error}
      {rotateBy}
    </aside>
  );
}
