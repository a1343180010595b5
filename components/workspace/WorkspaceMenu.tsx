'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The top bar's "⋯" menu. Its entries stay in the page while it is closed (hidden), so their
 * state (a disabled dev button) can be read; a click on any button inside closes it, as do Esc
 * and a click outside.
 */
export function WorkspaceMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKeyDown = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);
  return (
    <div ref={ref} className="shrink-0">
      <button type="button" aria-haspopup="menu" aria-expanded={open} aria-label="More" onClick={() => setOpen((o) => !o)} className="rounded px-2 py-1 text-lg leading-none text-slate-700 hover:bg-slate-100">
        ⋯
      </button>
      <div
        role="menu"
        aria-label="More"
        hidden={!open}
        data-testid="workspace-menu"
        onClick={(e) => (e.target as Element).closest('button') && setOpen(false)}
        className="fixed right-2 top-12 z-50 w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
      >
        {children}
      </div>
    </div>
  );
}
