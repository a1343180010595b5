import { useState, type ReactNode } from 'react';

interface Props {
  /** Ids of the selection, joined: the sheet opens again whenever it changes. */
  selectionKey: string;
  /** A one-line summary for the sheet's header. */
  title: string;
  children: ReactNode;
}

/**
 * Where the properties panel lives: a column right of the plan from 768 px (Tailwind `md`) up,
 * and below that a bottom sheet, so it stays usable on a narrow tablet or phone: a header bar
 * under the plan (the plan keeps its scale bar in view) whose panel opens upward over the plan
 * when something is selected, and can be collapsed to the bar.
 */
export function PropertiesDock({ selectionKey, title, children }: Props) {
  // The selection the user collapsed the sheet for; another selection opens it again.
  const [collapsedFor, setCollapsedFor] = useState<string | null>(null);
  const open = selectionKey !== '' && collapsedFor !== selectionKey;
  return (
    <div data-testid="properties-dock" data-open={open} className="relative z-20 flex shrink-0 flex-col border-t border-slate-200 bg-white lg:min-h-0 lg:w-64 lg:border-l lg:border-t-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="plan-properties"
        disabled={selectionKey === ''}
        onClick={() => setCollapsedFor(open ? selectionKey : null)}
        className="flex w-full items-center justify-between gap-2 px-3 py-2 text-left text-sm font-medium text-slate-700 disabled:text-slate-400 lg:hidden"
      >
        <span className="truncate">{title}</span>
        <span aria-hidden="true">{open ? '▾' : '▴'}</span>
        <span className="sr-only">{open ? 'Hide properties' : 'Show properties'}</span>
      </button>
      <div
        id="plan-properties"
        data-testid="properties-sheet"
        className={`${open ? 'block' : 'hidden'} absolute inset-x-0 bottom-full max-h-[40vh] overflow-y-auto rounded-t-xl border-t border-slate-200 bg-white shadow-[0_-4px_16px_rgba(15,23,42,0.12)] lg:static lg:block lg:max-h-none lg:min-h-0 lg:flex-1 lg:rounded-none lg:border-t-0 lg:shadow-none`}
      >
        {children}
      </div>
    </div>
  );
}
