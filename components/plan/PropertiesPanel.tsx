import { EQUIPMENT_STATUSES, polygonArea, wallLength, type Element, type ElementPatch, type Wall } from '@/lib/model';
import { formatArea, formatMetres, KIND_LABELS } from '@/components/building/kindLabels';
import { SYSTEM_CHOICES } from './tools';

interface Props {
  element: Element | undefined;
  selectionSize: number;
  host?: Wall;
  canEdit: boolean;
  /** Writes a patch; returns an error in words, or undefined. */
  onUpdate: (patch: ElementPatch) => string | undefined;
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
        { key: 'system', label: 'System', type: 'select', value: element.system, options: SYSTEM_CHOICES },
        { key: 'type', label: 'Type', type: 'text', value: element.type },
        { key: 'status', label: 'Status', type: 'select', value: element.status, options: EQUIPMENT_STATUSES },
        { key: 'path', label: 'Path', type: 'text', value: element.path },
      ];
    case 'slab':
      return [name, { key: 'thickness', label: 'Thickness (m)', type: 'number', value: element.thickness }];
    case 'object':
      return [name, { key: 'category', label: 'Category', type: 'text', value: element.category }];
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

/** Properties of the selected element; edits go through the validated writers, errors in words. */
export function PropertiesPanel({ element, selectionSize, canEdit, onUpdate }: Props) {
  if (!element) {
    return (
      <aside className="p-3 text-sm text-slate-500" data-testid="properties-panel" aria-label="Properties">
        {selectionSize > 1 ? `${selectionSize} elements selected.` : 'Select an element to see its properties.'}
      </aside>
    );
  }
  const commit = (field: Field, raw: string) => {
    if (String(field.value) === raw) return;
    const value = field.type === 'number' ? Number(raw) : raw;
    if (field.type === 'number' && (raw.trim() === '' || !Number.isFinite(value))) return onUpdate({ [field.key]: NaN } as ElementPatch);
    // An equipment path must start with its system: changing the system moves the path along.
    if (element.kind === 'equipment' && field.key === 'system') {
      const path = element.path.replace(/^\/[^/]+/, `/${raw}`);
      return onUpdate({ system: raw, path } as ElementPatch);
    }
    return onUpdate({ [field.key]: value } as ElementPatch);
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
                if (e.key === 'Escape') e.currentTarget.value = String(field.value);
              }}
              className="mt-0.5 block w-full rounded border border-slate-300 px-1.5 py-1 read-only:bg-slate-50"
            />
          )}
        </label>
      ))}
    </aside>
  );
}
