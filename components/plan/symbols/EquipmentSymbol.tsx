import type { EquipmentSystem } from '@/lib/model';
import { SYSTEM_STYLES } from '@/lib/model/systemStyles';
import { GLYPH_PLACEMENT, SHAPE_PATHS, type EquipmentGlyph } from './equipmentSymbols';

/**
 * One equipment symbol as a small standalone SVG (for the legend and other HTML): the system's
 * outline and colour, with a type's glyph on it (or none).
 */
export function EquipmentSymbol({ system, glyph, size = 22 }: { system: EquipmentSystem; glyph?: EquipmentGlyph; size?: number }) {
  const style = SYSTEM_STYLES[system];
  return (
    <svg width={size} height={size} viewBox="-14 -11 28 22" aria-hidden="true" className="shrink-0" data-shape={style.shape}>
      <path d={SHAPE_PATHS[style.shape]} fill={style.colour} fillRule="evenodd" stroke="#1f2937" strokeWidth={1} strokeLinejoin="round" />
      {glyph?.kind === 'type' && <path d={glyph.type.glyph} transform={GLYPH_PLACEMENT[style.shape]} fill="none" stroke={style.ink} strokeWidth={1.4} strokeLinecap="round" strokeLinejoin="round" />}
      {glyph?.kind === 'initial' && (
        <text transform={GLYPH_PLACEMENT[style.shape]} textAnchor="middle" dominantBaseline="central" fontSize={10} fontWeight={700} fill={style.ink}>
          {glyph.initial}
        </text>
      )}
    </svg>
  );
}
