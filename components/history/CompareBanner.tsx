'use client';

import type { Comparison } from './useCompare';

/** The banner of a comparison on the plan: which version, the counts and their colours, and Close. */
export function CompareBanner({ comparison }: { comparison: Comparison }) {
  const { counts, label, error } = comparison;
  return (
    <div role="status" aria-label="Comparison" data-testid="compare-banner" className="flex flex-wrap items-center gap-3 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-sm text-slate-800">
      <span>
        {error ?? (counts === null ? 'Loading the comparison…' : <>Compared with “{label}”: </>)}
        {counts && (
          <>
            <span className="font-medium text-emerald-700">{counts.added} added</span>, <span className="font-medium text-red-700">{counts.removed} removed</span>,{' '}
            <span className="font-medium text-amber-700">{counts.changed} changed</span> (old outlines dashed)
          </>
        )}
      </span>
      <button type="button" onClick={comparison.close} className="ml-auto rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50">
        Close comparison
      </button>
    </div>
  );
}
