import { EQUIPMENT_SYSTEMS, type Element, type EquipmentSystem } from '@/lib/model';
import { SYSTEM_STYLES, type SystemStyle } from '@/lib/model/systemStyles';
import { glyphKey, glyphOf, type EquipmentGlyph } from './equipmentSymbols';

/** A device type in the legend: its glyph, its name and how many there are. */
export interface LegendType {
  /** {@link glyphKey} of the glyph. */
  readonly key: string;
  readonly glyph: EquipmentGlyph;
  readonly label: string;
  readonly count: number;
}

/** A system in the legend, with the types of its equipment. */
export interface LegendSystem {
  readonly system: EquipmentSystem;
  readonly style: SystemStyle;
  readonly count: number;
  readonly types: readonly LegendType[];
}

/**
 * The legend of a set of elements (a storey): each system that has equipment there, in
 * EQUIPMENT_SYSTEMS order, with its types by name. Types that share a glyph (e.g. `outlet` and
 * `receptacle`) are one entry; unknown types are listed by their own name.
 */
export function legendEntries(elements: Iterable<Element>): LegendSystem[] {
  const bySystem = new Map<EquipmentSystem, Map<string, { glyph: EquipmentGlyph; label: string; count: number }>>();
  for (const element of elements) {
    if (element.kind !== 'equipment') continue;
    const glyph = glyphOf(element.type);
    const label = glyph.kind === 'type' ? glyph.type.label : glyph.label;
    const key = glyph.kind === 'type' ? glyphKey(glyph) : `${glyphKey(glyph)}:${label.toLowerCase()}`;
    let types = bySystem.get(element.system);
    if (!types) bySystem.set(element.system, (types = new Map()));
    const entry = types.get(key);
    if (entry) entry.count++;
    else types.set(key, { glyph, label, count: 1 });
  }
  return EQUIPMENT_SYSTEMS.flatMap((system) => {
    const types = bySystem.get(system);
    if (!types) return [];
    const list = [...types].map(([key, t]) => ({ key, ...t })).sort((a, b) => a.label.localeCompare(b.label));
    return [{ system, style: SYSTEM_STYLES[system], count: list.reduce((n, t) => n + t.count, 0), types: list }];
  });
}
