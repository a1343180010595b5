import { describe, expect, it } from 'vitest';
import { EQUIPMENT_TYPES, GLYPH_MIN_PX, SHAPE_PATHS, SYMBOL_PX, glyphKey, glyphOf, normaliseType, symbolRadiusPx, symbolScale, SYMBOL_UNIT_RADIUS } from '@/components/plan/symbols/equipmentSymbols';
import { legendEntries } from '@/components/plan/symbols/legendEntries';
import { EQUIPMENT_SYSTEMS, createElement, worldPoint, type Element, type EquipmentSystem } from '@/lib/model';
import { SYMBOL_SHAPES, SYSTEM_STYLES } from '@/lib/model/systemStyles';

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('system styles', () => {
  it('give every system a name, a colour and an outline', () => {
    for (const system of EQUIPMENT_SYSTEMS) {
      const style = SYSTEM_STYLES[system];
      expect(style.label, system).not.toBe('');
      expect(style.colour, system).toMatch(/^#[0-9a-f]{6}$/);
      expect(SYMBOL_SHAPES, system).toContain(style.shape);
      expect(SHAPE_PATHS[style.shape], system).toMatch(/^M/);
    }
  });

  it('give no two systems the same colour', () => {
    const colours = EQUIPMENT_SYSTEMS.map((s) => SYSTEM_STYLES[s].colour);
    expect(new Set(colours).size).toBe(EQUIPMENT_SYSTEMS.length);
  });

  it('give no two systems the same outline, so a system is never told by colour alone', () => {
    const shapes = EQUIPMENT_SYSTEMS.map((s) => SYSTEM_STYLES[s].shape);
    expect(new Set(shapes).size).toBe(EQUIPMENT_SYSTEMS.length);
    expect(new Set(shapes.map((s) => SHAPE_PATHS[s])).size).toBe(EQUIPMENT_SYSTEMS.length);
  });

  it('draw each glyph in the ink that reads best on its system colour (contrast at least 4.5:1)', () => {
    for (const system of EQUIPMENT_SYSTEMS) {
      const { colour, ink } = SYSTEM_STYLES[system];
      const other = ink === '#ffffff' ? '#111827' : '#ffffff';
      expect(contrast(colour, ink), system).toBeGreaterThanOrEqual(Math.min(4.5, contrast(colour, other)));
    }
  });
});

describe('glyphOf', () => {
  it('maps every known type by its id and by each of its names', () => {
    for (const type of EQUIPMENT_TYPES) {
      expect(glyphOf(type.id.replace(/-/g, ' ')), type.id).toMatchObject({ kind: 'type', type: { id: type.id } });
      for (const alias of type.aliases) expect(glyphOf(alias), alias).toMatchObject({ kind: 'type', type: { id: type.id } });
    }
  });

  it('gives every known type its own glyph and no name to two types', () => {
    expect(new Set(EQUIPMENT_TYPES.map((t) => t.glyph)).size).toBe(EQUIPMENT_TYPES.length);
    const aliases = EQUIPMENT_TYPES.flatMap((t) => t.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const alias of aliases) expect(normaliseType(alias)).toBe(alias);
  });

  it('matches types as people write them: case, separators, plurals, a qualifier in front', () => {
    expect(glyphKey(glyphOf('  Smoke_Detector '))).toBe('smoke-detector');
    expect(glyphKey(glyphOf('AHU-1'))).toBe('initial:A');
    expect(glyphKey(glyphOf('ahu'))).toBe('ahu');
    expect(glyphKey(glyphOf('Outlets'))).toBe('outlet');
    expect(glyphKey(glyphOf('ceiling diffuser'))).toBe('diffuser');
    expect(glyphKey(glyphOf('network switch'))).toBe('rack');
    expect(glyphKey(glyphOf('switch'))).toBe('switch');
  });

  it('falls back to the initial of a type it does not know', () => {
    expect(glyphOf('widget')).toEqual({ kind: 'initial', initial: 'W', label: 'widget' });
    expect(glyphOf('élévateur')).toMatchObject({ kind: 'initial', initial: 'É' });
    expect(glyphOf('2-way radio')).toMatchObject({ kind: 'initial', initial: '2' });
    expect(glyphOf('---')).toMatchObject({ kind: 'initial', initial: '?' });
  });
});

describe('symbol size', () => {
  it('is the same on screen at the usual zooms', () => {
    for (const zoom of [15, 20, 40, 60]) {
      expect(symbolRadiusPx(zoom)).toBe(SYMBOL_PX);
      expect(symbolScale(zoom) * SYMBOL_UNIT_RADIUS * zoom).toBeCloseTo(SYMBOL_PX);
    }
  });

  it('shrinks with the plan when zoomed far out, but stays a visible dot', () => {
    expect(symbolRadiusPx(8)).toBeCloseTo(6);
    expect(symbolRadiusPx(8)).toBeGreaterThanOrEqual(GLYPH_MIN_PX);
    expect(symbolRadiusPx(2)).toBe(4);
    expect(symbolRadiusPx(2)).toBeLessThan(GLYPH_MIN_PX);
  });

  it('grows with the plan when zoomed far in (never smaller than a 30 cm device)', () => {
    expect(symbolRadiusPx(400)).toBeCloseTo(60);
    expect(symbolScale(400) * SYMBOL_UNIT_RADIUS).toBeCloseTo(0.15);
  });

  it('never shrinks on screen as the zoom grows', () => {
    let last = 0;
    for (let zoom = 2; zoom <= 800; zoom *= 1.05) {
      expect(symbolRadiusPx(zoom)).toBeGreaterThanOrEqual(last);
      last = symbolRadiusPx(zoom);
    }
  });
});

describe('legendEntries', () => {
  const storeyId = 'storey-1';
  const equipment = (system: EquipmentSystem, type: string): Element => {
    const r = createElement('equipment', { storeyId, name: type, system, type, position: worldPoint(0, 0, 0) });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('lists the systems present in system order, each with its types by name and their counts', () => {
    const legend = legendEntries([equipment('hvac', 'diffuser'), equipment('electrical', 'outlet'), equipment('electrical', 'receptacle'), equipment('electrical', 'panel'), equipment('hvac', 'widget')]);
    expect(legend.map((s) => [s.system, s.count])).toEqual([
      ['electrical', 3],
      ['hvac', 2],
    ]);
    expect(legend[0]!.types.map((t) => [t.key, t.label, t.count])).toEqual([
      ['outlet', 'Outlet', 2],
      ['panel', 'Panel', 1],
    ]);
    expect(legend[1]!.types.map((t) => [t.label, t.count])).toEqual([
      ['Diffuser', 1],
      ['widget', 1],
    ]);
  });

  it('is empty without equipment', () => {
    const room = createElement('space', { storeyId, name: 'Room', polygon: [[0, 0], [1, 0], [1, 1]] as never });
    expect(legendEntries(room.ok ? [room.value] : [])).toEqual([]);
  });
});
