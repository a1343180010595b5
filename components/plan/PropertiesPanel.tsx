import { useState, type ReactNode } from 'react';
import {
  EQUIPMENT_STATUSES,
  EQUIPMENT_SYSTEMS,
  fromDegrees,
  isPlacedOpening,
  normaliseAngle,
  planPoint,
  polygonArea,
  roomAreas,
  toDegrees,
  wallDirection,
  wallLength,
  type Element,
  type ElementPatch,
  type Wall,
} from '@/lib/model';
import { formatMetres, formatSquareMetres, KIND_LABELS } from '@/components/building/kindLabels';

interface Props {
  element: Element | undefined;
  /** Every element of the building by id (a room's net area needs the walls around it). */
  elements: ReadonlyMap<string, Element>;
  selectionSize: number;
  canEdit: boolean;
  /**
   * Writes a patch (a wall's moved ends take the walls joined there along); returns why it was
   * refused, in words, or undefined.
   */
  onUpdate: (patch: ElementPatch) => string | undefined;
  /** Turns the selection by an angle (radians, counter-clockwise); returns an error in words, or undefined. */
  onRotateBy: (angle: number) => string | undefined;
  /** The element's history (who changed which fields when), shown last; none when omitted. */
  history?: ReactNode;
}

type Field = { key: string; label: string; type: 'text' | 'number' | 'select'; value: string | number; options?: readonly string[] };

/** A length as the panel shows it: to the millimetre, no trailing zeros. */
const mm = (n: number) => Math.round(n * 1000) / 1000 + 0;

function wallFields(wall: Wall): Field[] {
  const n = (key: string, label: string, value: number): Field => ({ key, label, type: 'number', value: mm(value) });
  return [
    n('length', 'Length (m)', wallLength(wall)),
    n('a.x', 'Start x (m)', wall.a[0]),
    n('a.y', 'Start y (m)', wall.a[1]),
    n('b.x', 'End x (m)', wall.b[0]),
    n('b.y', 'End y (m)', wall.b[1]),
    n('thickness', 'Thickness (m)', wall.thickness),
    n('height', 'Height (m)', wall.height),
  ];
}

function fieldsOf(element: Element): Field[] {
  const name: Field = { key: 'name', label: 'Name', type: 'text', value: element.name };
  switch (element.kind) {
    case 'space':
      return [name, { key: 'number', label: 'Number', type: 'text', value: element.number }, { key: 'usage', label: 'Usage', type: 'text', value: element.usage }];
    case 'wall':
      return [name, ...wallFields(element)];
    case 'door':
    case 'window': {
      const n = (key: string, label: string, value: number): Field => ({ key, label, type: 'number', value });
      return [
        name,
        n('width', 'Width (m)', element.width),
        // In a slab (a roof window): its length across, and its turn; it moves like an object.
        ...(isPlacedOpening(element)
          ? [n('height', 'Length (m)', element.height), n('rotation', 'Rotation (°)', toDegrees(element.rotation))]
          : [n('height', 'Height (m)', element.height), n('offset', 'Offset (m)', element.offset), n('sill', 'Sill (m)', element.sill)]),
      ];
    }
    case 'equipment':
      return [
        name,
        { key: 'rotation', label: 'Rotation (°)', type: 'number', value: toDegrees(element.rotation) },
        { key: 'system', label: 'System', type: 'select', value: element.system, options: EQUIPMENT_SYSTEMS },
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

/** Read-only facts shown under the fields: a room's net and gross area. */
function factsOf(element: Element, elements: ReadonlyMap<string, Element>): { label: string; value: string; testId: string }[] {
  if (element.kind !== 'space') return [];
  const walls = [...elements.values()].filter((e): e is Wall => e.kind === 'wall' && e.storeyId === element.storeyId);
  const { net, gross } = roomAreas(element, walls);
  return [
    { label: 'Net area', value: formatSquareMetres(net), testId: 'net-area' },
    { label: 'Gross area', value: formatSquareMetres(gross), testId: 'gross-area' },
  ];
}

function summary(element: Element): string {
  switch (element.kind) {
    case 'wall':
      return `${formatMetres(wallLength(element))} long`;
    case 'slab':
      return formatSquareMetres(polygonArea(element.polygon));
    default:
      return '';
  }
}

/** 1 µm: what a typed length or coordinate is rounded to (as rotated points are). */
const round = (n: number) => Math.round(n * 1e6) / 1e6 + 0;

/**
 * The patch a field's raw text means: numbers parsed (NaN if not a number, which the model
 * refuses in words), degrees to radians, a wall's length as its end `b` moved along the wall,
 * a coordinate as its end point. A string is a refusal the panel makes itself.
 */
export function patchFor(element: Element, field: Pick<Field, 'key' | 'type'>, raw: string): ElementPatch | string {
  if (field.type === 'number') {
    const value = raw.trim() === '' ? NaN : Number(raw);
    if (field.key === 'rotation' && Number.isFinite(value)) return { rotation: normaliseAngle(fromDegrees(value)) } as ElementPatch;
    if (element.kind === 'wall' && field.key === 'length') {
      if (!Number.isFinite(value)) return 'Type a length in metres.';
      if (value <= 0) return 'Must be greater than 0: a wall needs a length.';
      const [ux, uy] = wallDirection(element);
      return { b: planPoint(round(element.a[0] + ux * value), round(element.a[1] + uy * value)) } as ElementPatch;
    }
    if (element.kind === 'wall' && /^[ab]\.[xy]$/.test(field.key)) {
      const end = field.key[0] as 'a' | 'b';
      const point = element[end];
      const next = field.key[2] === 'x' ? [value, point[1]] : [point[0], value];
      return { [end]: next } as ElementPatch;
    }
    return { [field.key]: value } as ElementPatch;
  }
  // An equipment path must start with its system: changing the system moves the path along.
  if (element.kind === 'equipment' && field.key === 'system') return { system: raw, path: element.path.replace(/^\/[^/]+/, `/${raw}`) } as ElementPatch;
  return { [field.key]: raw } as ElementPatch;
}

/** Why an edit of a field was refused: for the element, and the field's value it was refused at. */
interface Problem {
  readonly on: string;
  readonly value: string;
  readonly message: string;
}

/**
 * Properties of the selected element; edits go through the validated writers. A refused edit
 * shows why, in words, under the field that was edited (the field is marked invalid and
 * described by the message); the message goes when that field takes a valid value, when Escape
 * puts it back, or when the selection or the stored value changes. The model is unchanged by a
 * refused edit. Any selection can be turned by a typed angle.
 */
export function PropertiesPanel({ element, elements, selectionSize, canEdit, onUpdate, onRotateBy, history }: Props) {
  const subject = element?.id ?? `${selectionSize}`;
  // Refused edits by field; only those for the element shown, at the value it still has, show.
  const [problems, setProblems] = useState<Readonly<Record<string, Problem>>>({});
  const [rotateProblem, setRotateProblem] = useState<{ on: string; message: string } | null>(null);
  const problemOf = (field: Field) => {
    const p = problems[field.key];
    return p && p.on === subject && p.value === String(field.value) ? p.message : undefined;
  };
  const setProblem = (field: Field, message: string | undefined) =>
    setProblems((all) => {
      const { [field.key]: _cleared, ...rest } = all;
      return message === undefined ? rest : { ...rest, [field.key]: { on: subject, value: String(field.value), message } };
    });

  const rotateShown = rotateProblem?.on === subject ? rotateProblem.message : undefined;
  const rotateBy = canEdit && selectionSize > 0 && (
    <label className="block">
      <span className="text-xs text-slate-500">Rotate by (°)</span>
      <input
        type="number"
        step={1}
        placeholder="e.g. 30 (counter-clockwise)"
        aria-invalid={rotateShown ? true : undefined}
        aria-describedby={rotateShown ? 'prop-rotate-by-error' : undefined}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          const degrees = Number(e.currentTarget.value);
          if (e.currentTarget.value.trim() === '' || !Number.isFinite(degrees)) return setRotateProblem({ on: subject, message: 'Type an angle in degrees.' });
          const message = onRotateBy(fromDegrees(degrees));
          setRotateProblem(message ? { on: subject, message } : null);
          e.currentTarget.value = '';
        }}
        className="mt-0.5 block w-full rounded border border-slate-300 px-1.5 py-1"
      />
      {rotateShown && <FieldMessage id="prop-rotate-by-error" message={rotateShown} />}
    </label>
  );

  if (!element) {
    return (
      <aside className="space-y-2 p-3 text-sm text-slate-500" data-testid="properties-panel" aria-label="Properties">
        <p>{selectionSize > 1 ? `${selectionSize} elements selected.` : 'Select an element to see its properties.'}</p>
        {rotateBy}
      </aside>
    );
  }
  const commit = (field: Field, raw: string) => {
    if (String(field.value) === raw) return setProblem(field, undefined);
    const patch = patchFor(element, field, raw);
    setProblem(field, typeof patch === 'string' ? patch : onUpdate(patch));
  };
  const facts = factsOf(element, elements);
  return (
    <aside className="space-y-2 p-3 text-sm" data-testid="properties-panel" aria-label="Properties">
      <h2 className="font-semibold text-slate-900">
        {KIND_LABELS[element.kind][0]} <span className="font-normal text-slate-500">{summary(element)}</span>
      </h2>
      {fieldsOf(element).map((field) => {
        const id = `prop-${element.id}-${field.key.replace('.', '-')}`;
        const message = problemOf(field);
        const invalid = message
          ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error`, className: 'mt-0.5 block w-full rounded border border-rose-500 px-1.5 py-1 read-only:bg-slate-50' }
          : { className: 'mt-0.5 block w-full rounded border border-slate-300 px-1.5 py-1 read-only:bg-slate-50' };
        return (
          <div key={`${element.id}:${field.key}:${String(field.value)}`}>
            <label htmlFor={id} className="text-xs text-slate-500">
              {field.label}
            </label>
            {field.type === 'select' ? (
              <select id={id} disabled={!canEdit} defaultValue={String(field.value)} onChange={(e) => commit(field, e.target.value)} {...invalid}>
                {field.options!.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                readOnly={!canEdit}
                type={field.type}
                step={field.type === 'number' ? 0.01 : undefined}
                defaultValue={String(field.value)}
                onBlur={(e) => commit(field, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') commit(field, e.currentTarget.value);
                  if (e.key === 'Escape') {
                    e.currentTarget.value = String(field.value);
                    setProblem(field, undefined);
                  }
                }}
                {...invalid}
              />
            )}
            {message && <FieldMessage id={`${id}-error`} message={message} />}
          </div>
        );
      })}
      {facts.length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 pt-1">
          {facts.map((f) => (
            <div key={f.label} className="contents">
              <dt className="text-xs text-slate-500">{f.label}</dt>
              <dd className="text-right tabular-nums text-slate-900" data-testid={f.testId}>
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {rotateBy}
      {history}
    </aside>
  );
}

/** Why a field's value was refused, under the field. */
function FieldMessage({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} role="alert" data-testid="property-error" className="mt-0.5 text-xs text-rose-700">
      {message}
    </p>
  );
}
