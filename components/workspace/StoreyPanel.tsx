'use client';

import { useState } from 'react';
import type { Editor } from '@/components/editor/Editor';
import { useEditorState, useModelVersion } from '@/components/editor/useEditor';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * The storeys, top of the workspace's left panel: choose the storey shown, and (for editors) add,
 * rename (double-click or ✎), reorder and delete one. Deleting asks first and says how many
 * elements go with it; it is one undo step.
 */
export function StoreyPanel({ editor }: { editor: Editor }) {
  useModelVersion(editor);
  useEditorState(editor, (s) => s.chosenStoreyId);
  const canEdit = useEditorState(editor, (s) => s.canEdit);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const storeys = editor.storeys;
  const current = editor.storeyId;
  const toDelete = storeys.find((s) => s.id === deleting);
  const toDeleteCount = toDelete ? editor.countOnStorey(toDelete.id) : 0;

  return (
    <section aria-labelledby="storeys-heading" className="flex min-h-0 flex-col" data-testid="storey-panel">
      <div className="flex items-center justify-between px-3 pb-1 pt-2">
        <h2 id="storeys-heading" className="text-xs font-medium uppercase tracking-wide text-slate-500">
          Storeys
        </h2>
        {canEdit && (
          <button type="button" onClick={() => void editor.addNewStorey()} className="rounded px-2 py-0.5 text-sm text-brand-700 hover:bg-brand-50">
            + Storey
          </button>
        )}
      </div>
      {storeys.length === 0 && <p className="px-3 py-1 text-sm text-slate-500">No storeys yet.</p>}
      <ul role="tablist" aria-label="Storeys" aria-orientation="vertical" className="min-h-0 overflow-y-auto px-1 pb-2">
        {storeys.map((s, i) => {
          const selected = s.id === current;
          return (
            <li key={s.id} className={`group flex items-center gap-1 rounded ${selected ? 'bg-white shadow-sm ring-1 ring-slate-200' : 'hover:bg-white/70'}`}>
              {editing === s.id ? (
                <input
                  autoFocus
                  aria-label="Storey name"
                  defaultValue={s.name}
                  className="m-0.5 min-w-0 flex-1 rounded border border-slate-300 px-1.5 py-0.5 text-sm"
                  onBlur={(e) => {
                    setEditing(null);
                    const name = e.target.value.trim();
                    if (name && name !== s.name) editor.renameStorey(s.id, name);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') e.currentTarget.blur();
                    if (e.key === 'Escape') setEditing(null);
                  }}
                />
              ) : (
                <button
                  type="button"
                  role="tab"
                  data-testid="storey-tab"
                  aria-selected={selected}
                  onClick={() => editor.setStorey(s.id)}
                  onDoubleClick={() => canEdit && setEditing(s.id)}
                  title={canEdit ? 'Double-click to rename' : undefined}
                  className={`min-w-0 flex-1 truncate px-2 py-1 text-left text-sm ${selected ? 'font-medium text-slate-900' : 'text-slate-600'}`}
                >
                  {s.name}
                </button>
              )}
              {canEdit && selected && editing !== s.id && (
                <span className="flex shrink-0 items-center">
                  <button type="button" aria-label={`Move ${s.name} earlier`} title="Move up" disabled={i === 0} onClick={() => editor.moveStorey(s.id, -1)} className="px-1 text-xs text-slate-500 hover:text-slate-900 disabled:opacity-30">
                    ▲
                  </button>
                  <button type="button" aria-label={`Move ${s.name} later`} title="Move down" disabled={i === storeys.length - 1} onClick={() => editor.moveStorey(s.id, 1)} className="px-1 text-xs text-slate-500 hover:text-slate-900 disabled:opacity-30">
                    ▼
                  </button>
                  <button type="button" aria-label={`Rename ${s.name}`} title="Rename" onClick={() => setEditing(s.id)} className="px-1 text-xs text-slate-500 hover:text-slate-900">
                    ✎
                  </button>
                  <button type="button" aria-label={`Delete ${s.name}`} title="Delete storey" onClick={() => setDeleting(s.id)} className="px-1 text-xs text-slate-500 hover:text-rose-700">
                    <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
                      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
                    </svg>
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {toDelete && (
        <ConfirmDialog
          title={`Delete ${toDelete.name}?`}
          confirmLabel="Delete storey"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            editor.deleteStorey(toDelete.id);
            setDeleting(null);
          }}
        >
          {toDeleteCount === 0
            ? 'The storey is empty.'
            : `Its ${toDeleteCount} element${toDeleteCount === 1 ? '' : 's'} will be deleted with it.`}{' '}
          You can undo this (Ctrl+Z).
        </ConfirmDialog>
      )}
    </section>
  );
}
