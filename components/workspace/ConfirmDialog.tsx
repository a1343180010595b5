'use client';

import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/** A modal question with Cancel and a destructive confirm button (native `<dialog>`: focus trap and Esc). */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onCancel, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => e.stopPropagation()}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-lg p-5 shadow-xl backdrop:bg-slate-900/30"
    >
      <h2 id="confirm-title" className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-2 text-sm text-slate-700">{children}</p>
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" autoFocus onClick={onCancel} className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
          Cancel
        </button>
        <button type="button" onClick={onConfirm} className="rounded-md bg-rose-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-700">
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
