'use client';

import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  onClose: () => void;
  title: string;
  /** A test id for the dialog element. */
  testId?: string;
  /** Wider dialogs for tables (the inventory). */
  wide?: boolean;
  children: ReactNode;
}

/**
 * A modal panel over the workspace (native `<dialog>`: focus trap, Esc, backdrop). Its content
 * stays mounted while closed, so forms keep what was typed and lists keep loading.
 */
export function PanelDialog({ open, onClose, title, testId, wide, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      data-testid={testId}
      onClose={onClose}
      onKeyDown={(e) => e.stopPropagation()}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      className={`m-auto max-h-[90dvh] ${wide ? 'w-[min(64rem,calc(100vw-2rem))]' : 'w-[min(48rem,calc(100vw-2rem))]'} overflow-hidden rounded-lg p-0 shadow-xl backdrop:bg-slate-900/30 open:flex open:flex-col`}
    >
      <div className="flex shrink-0 items-center justify-between border-b border-slate-200 px-4 py-2">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <button type="button" onClick={onClose} aria-label={`Close ${title.toLowerCase()}`} className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          ✕
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
    </dialog>
  );
}
