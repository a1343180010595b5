import { useState } from 'react';
import type { Storey } from '@/lib/model';

interface Props {
  storeys: readonly Storey[];
  current: string;
  onSelect: (id: string) => void;
  canEdit: boolean;
  onAdd: () => void;
  onRename: (id: string, name: string) => void;
  onMove: (id: string, direction: -1 | 1) => void;
}

/** Storey switcher: tabs in storey order, plus add, rename (double-click) and reorder. */
export function StoreyBar({ storeys, current, onSelect, canEdit, onAdd, onRename, onMove }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-1 border-b border-slate-200 bg-slate-50 px-2 py-1" role="tablist" aria-label="Storeys">
      {storeys.map((s, i) =>
        editing === s.id ? (
          <input
            key={s.id}
            autoFocus
            aria-label="Storey name"
            defaultValue={s.name}
            className="w-32 rounded border border-slate-300 px-1 text-sm"
            onBlur={(e) => {
              setEditing(null);
              if (e.target.value.trim() && e.target.value !== s.name) onRename(s.id, e.target.value.trim());
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
              if (e.key === 'Escape') setEditing(null);
            }}
          />
        ) : (
          <span key={s.id} className="flex items-center">
            <button
              type="button"
              role="tab"
              data-testid="storey-tab"
              aria-selected={s.id === current}
              onClick={() => onSelect(s.id)}
              onDoubleClick={() => canEdit && setEditing(s.id)}
              title={canEdit ? 'Double-click to rename' : undefined}
              className={`rounded px-2.5 py-0.5 text-sm ${s.id === current ? 'bg-white font-medium shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:bg-white'}`}
            >
              {s.name}
            </button>
            {canEdit && s.id === current && (
              <>
                <button type="button" aria-label={`Move ${s.name} earlier`} disabled={i === 0} onClick={() => onMove(s.id, -1)} className="px-1 text-xs text-slate-500 disabled:opacity-30">
                  ◀
                </button>
                <button type="button" aria-label={`Move ${s.name} later`} disabled={i === storeys.length - 1} onClick={() => onMove(s.id, 1)} className="px-1 text-xs text-slate-500 disabled:opacity-30">
                  ▶
                </button>
                <button type="button" aria-label={`Rename ${s.name}`} onClick={() => setEditing(s.id)} className="px-1 text-xs text-slate-500">
                  ✎
                </button>
              </>
            )}
          </span>
        ),
      )}
      {canEdit && (
        <button type="button" onClick={onAdd} className="rounded px-2 py-0.5 text-sm text-slate-600 hover:bg-white">
          + Storey
        </button>
      )}
    </div>
  );
}
