'use client';

import { useEffect, useRef } from 'react';
import { formatKey, type Command, type CommandGroup } from './commands';
import type { Editor } from './Editor';
import { useEditorState } from './useEditor';

interface Props {
  editor: Editor;
  /** Every command with keys (the plan's and the edit commands). */
  commands: readonly Command[];
}

const GROUP_ORDER: readonly CommandGroup[] = ['Tools', 'Edit', 'Selection', 'View', 'Help'];

/** The shortcut sheet ("?"): every command's keys, grouped, from the same list the keys run from. */
export function ShortcutSheet({ editor, commands }: Props) {
  const open = useEditorState(editor, (s) => s.shortcutsOpen);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // The same command may come twice when two lists are merged: show each id once.
  const unique = [...new Map(commands.filter((c) => c.keys.length > 0).map((c) => [c.id, c])).values()];
  const groups = GROUP_ORDER.map((group) => ({ group, commands: unique.filter((c) => c.group === group) })).filter((g) => g.commands.length > 0);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="shortcut-sheet-title"
      data-testid="shortcut-sheet"
      onClose={() => editor.update({ shortcutsOpen: false })}
      onKeyDown={(e) => e.stopPropagation()}
      onClick={(e) => e.target === e.currentTarget && editor.update({ shortcutsOpen: false })}
      className="m-auto max-h-[85dvh] w-[min(40rem,calc(100vw-2rem))] overflow-y-auto rounded-lg p-0 shadow-xl backdrop:bg-slate-900/30"
    >
      {open && (
        <div className="p-5">
          <div className="flex items-center justify-between">
            <h2 id="shortcut-sheet-title" className="text-lg font-semibold text-slate-900">
              Keyboard shortcuts
            </h2>
            <button type="button" onClick={() => editor.update({ shortcutsOpen: false })} className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label="Close">
              ✕
            </button>
          </div>
          <div className="mt-4 grid gap-6 sm:grid-cols-2">
            {groups.map(({ group, commands }) => (
              <section key={group} aria-label={group}>
                <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">{group}</h3>
                <dl className="mt-2 space-y-1 text-sm">
                  {commands.map((c) => (
                    <div key={c.id} className="flex items-center justify-between gap-4" data-testid="shortcut">
                      <dt className="text-slate-800">{c.label}</dt>
                      <dd className="flex gap-1">
                        {c.keys.map((k) => (
                          <kbd key={k} className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-sans text-xs text-slate-700">
                            {formatKey(k)}
                          </kbd>
                        ))}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </div>
      )}
    </dialog>
  );
}
