'use client';

import { useMemo } from 'react';
import type { Element } from '@/lib/model';
import { EquipmentSymbol } from './EquipmentSymbol';
import { legendEntries } from './legendEntries';

/**
 * The plan's legend: the equipment systems on the storey, each with its symbol outline and colour,
 * and the device types present with their symbols. A small card over a corner of the plan view
 * (the caller positions it), collapsible; nothing when the storey has no equipment.
 */
export function PlanLegendPanel({ elements, className = '' }: { elements: readonly Element[]; className?: string }) {
  const systems = useMemo(() => legendEntries(elements), [elements]);
  if (systems.length === 0) return null;
  return (
    <details open data-testid="plan-legend" className={`max-h-[45%] max-w-60 overflow-y-auto rounded-md border border-slate-200 bg-white/95 text-xs text-slate-700 shadow-sm ${className}`}>
      <summary className="cursor-pointer select-none px-2 py-1 font-medium text-slate-800">Legend</summary>
      <ul className="space-y-1.5 px-2 pb-2" aria-label="Equipment systems">
        {systems.map(({ system, style, count, types }) => (
          <li key={system} data-testid="legend-system" data-system={system} data-shape={style.shape} data-colour={style.colour}>
            <div className="flex items-center gap-1.5 font-medium text-slate-800">
              <EquipmentSymbol system={system} size={16} />
              <span>{style.label}</span>
              <span className="ml-auto tabular-nums text-slate-500">{count}</span>
            </div>
            <ul className="mt-0.5 space-y-0.5 pl-3" aria-label={`${style.label} types`}>
              {types.map((t) => (
                <li key={t.key} data-testid="legend-type" data-glyph={t.key} className="flex items-center gap-1.5">
                  <EquipmentSymbol system={system} glyph={t.glyph} size={18} />
                  <span className="truncate">{t.label}</span>
                  <span className="ml-auto tabular-nums text-slate-500">{t.count}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </details>
  );
}
