/**
 * How each equipment system is shown, in any view (the 2D plan, its legend, a 3D view): a name,
 * a colour and a symbol outline. Colours are the Okabe-Ito palette (Okabe & Ito, "Color Universal
 * Design", 2008), chosen to stay apart for the common forms of colour blindness; the outline
 * differs per system too, so a system is never told by colour alone.
 */
import type { EquipmentSystem } from './systems';

/** The outline of a system's symbol (the plan draws it; see components/plan/symbols). */
export const SYMBOL_SHAPES = ['circle', 'square', 'diamond', 'triangle', 'hexagon', 'pentagon', 'shield', 'pill'] as const;

/** One of {@link SYMBOL_SHAPES}. */
export type SymbolShape = (typeof SYMBOL_SHAPES)[number];

/** The look of one equipment system. */
export interface SystemStyle {
  /** Name for people ("HVAC"). */
  readonly label: string;
  /** Fill of the symbol, `#rrggbb`. */
  readonly colour: string;
  /** Colour of the type glyph drawn on the fill (dark on light fills, white on dark ones), `#rrggbb`. */
  readonly ink: string;
  readonly shape: SymbolShape;
}

const DARK = '#111827';
const LIGHT = '#ffffff';

/** The style of every system: distinct colours and distinct outlines (test/unit/plan/equipmentSymbols.test.ts). */
export const SYSTEM_STYLES: Readonly<Record<EquipmentSystem, SystemStyle>> = {
  electrical: { label: 'Electrical', colour: '#e69f00', ink: DARK, shape: 'circle' },
  hvac: { label: 'HVAC', colour: '#56b4e9', ink: DARK, shape: 'square' },
  plumbing: { label: 'Plumbing', colour: '#0072b2', ink: LIGHT, shape: 'diamond' },
  fire: { label: 'Fire protection', colour: '#d55e00', ink: DARK, shape: 'triangle' },
  network: { label: 'Network', colour: '#cc79a7', ink: DARK, shape: 'hexagon' },
  lighting: { label: 'Lighting', colour: '#f0e442', ink: DARK, shape: 'pentagon' },
  security: { label: 'Security', colour: '#009e73', ink: DARK, shape: 'shield' },
  other: { label: 'Other', colour: '#52525b', ink: LIGHT, shape: 'pill' },
};
