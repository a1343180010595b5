/**
 * Equipment symbols of the plan: an outline per system (filled with the system's colour, see
 * lib/model/systemStyles.ts) and a glyph per device type drawn on it, as in the plan views of BIM
 * tools. Every path is a constant string, shared by all symbols of its kind, drawn in "symbol
 * units": y down, the outline about {@link SYMBOL_UNIT_RADIUS} from the centre. The plan scales a
 * symbol so that it keeps about the same size on screen at every zoom ({@link symbolRadiusPx}).
 */
import type { EquipmentSystem } from '@/lib/model';
import { SYSTEM_STYLES, type SymbolShape, type SystemStyle } from '@/lib/model/systemStyles';

/** Radius of the outlines in symbol units. */
export const SYMBOL_UNIT_RADIUS = 10;

/**
 * The outline of each shape, centred on its bounding box (so a symbol's box is centred on the
 * device), with a small notch cut into its +x side that shows which way the device faces (its
 * rotation). Fill with `fill-rule="evenodd"`: the notch is a hole.
 */
export const SHAPE_PATHS: Readonly<Record<SymbolShape, string>> = {
  circle: 'M-9 0A9 9 0 1 1 9 0A9 9 0 1 1 -9 0ZM8.6 -1.8L6.2 0L8.6 1.8Z',
  square: 'M-8 -8H8V8H-8ZM7.6 -1.8L5.2 0L7.6 1.8Z',
  diamond: 'M0 -10.5L10.5 0L0 10.5L-10.5 0ZM8.4 -1.8L6 0L8.4 1.8Z',
  triangle: 'M0 -9.5L11 9.5H-11ZM6 1.6L4.6 3.2L7.9 4.9Z',
  hexagon: 'M0 -10L8.66 -5V5L0 10L-8.66 5V-5ZM8.2 -1.8L5.8 0L8.2 1.8Z',
  pentagon: 'M0 -9.5L9.99 -2.24L6.17 9.5H-6.17L-9.99 -2.24ZM8.9 -0.8L6.6 1L8.2 2.6Z',
  shield: 'M-9 -10H9V-2C9 4 4 8 0 10C-4 8 -9 4 -9 -2ZM8.5 -5.3L6.1 -3.5L8.5 -1.7Z',
  pill: 'M-6 -7H6A7 7 0 0 1 6 7H-6A7 7 0 0 1 -6 -7ZM12.5 -1.8L10.1 0L12.5 1.8Z',
};

/** Where the glyph sits inside each outline (the triangle's room is low and smaller). */
export const GLYPH_PLACEMENT: Readonly<Record<SymbolShape, string | undefined>> = {
  circle: undefined,
  square: undefined,
  diamond: 'scale(0.9)',
  triangle: 'translate(0 3.2) scale(0.72)',
  hexagon: undefined,
  pentagon: 'translate(0 1) scale(0.85)',
  shield: 'translate(0 -1.5) scale(0.9)',
  pill: 'scale(0.9)',
};

/** A device type the plan has a glyph for. */
export interface EquipmentType {
  /** Stable id (`outlet`, `smoke-detector`). */
  readonly id: string;
  /** Name for people. */
  readonly label: string;
  /** Names people type for it (lower case, words separated by single spaces); the id's words first. */
  readonly aliases: readonly string[];
  /** The glyph, stroked, about ±5.5 symbol units around the centre. */
  readonly glyph: string;
}

const CIRCLE5 = 'M-5 0A5 5 0 1 1 5 0A5 5 0 1 1 -5 0';

/** The device types with a glyph of their own. */
export const EQUIPMENT_TYPES: readonly EquipmentType[] = [
  { id: 'outlet', label: 'Outlet', aliases: ['outlet', 'receptacle', 'socket', 'power outlet', 'duplex outlet', 'plug'], glyph: `${CIRCLE5}M-2 -3V3M2 -3V3` },
  { id: 'switch', label: 'Switch', aliases: ['switch', 'light switch', 'dimmer', 'wall switch'], glyph: 'M3.6 -3.2C2.6 -5.6 -3.8 -5.4 -3.6 -2.2C-3.4 0.4 3.6 -0.6 3.6 2.4C3.6 5.6 -2.8 5.8 -3.8 3.2' },
  { id: 'panel', label: 'Panel', aliases: ['panel', 'panelboard', 'electrical panel', 'breaker panel', 'distribution board', 'db', 'switchboard', 'consumer unit'], glyph: 'M-5.5 -3.5H5.5V3.5H-5.5ZM-5.5 3.5L5.5 -3.5' },
  { id: 'light', label: 'Light', aliases: ['light', 'luminaire', 'lamp', 'light fixture', 'fixture', 'downlight', 'ceiling light'], glyph: `${CIRCLE5}M-3.5 -3.5L3.5 3.5M3.5 -3.5L-3.5 3.5` },
  { id: 'exit-sign', label: 'Exit sign', aliases: ['exit sign', 'exit', 'emergency light', 'emergency lighting'], glyph: 'M-5.5 -3.5H5.5V3.5H-5.5ZM-1 -2L-3.5 0L-1 2M-3.5 0H3.5' },
  { id: 'diffuser', label: 'Diffuser', aliases: ['diffuser', 'supply diffuser', 'supply', 'air outlet'], glyph: 'M-4.5 -4.5H4.5V4.5H-4.5ZM-4.5 -4.5L4.5 4.5M4.5 -4.5L-4.5 4.5' },
  { id: 'grille', label: 'Return grille', aliases: ['grille', 'grill', 'return grille', 'return', 'exhaust grille', 'return air'], glyph: 'M-4.5 -4.5H4.5V4.5H-4.5ZM-4.5 -1.5H4.5M-4.5 1.5H4.5' },
  { id: 'ahu', label: 'Air handling unit', aliases: ['ahu', 'air handler', 'air handling unit', 'rtu', 'rooftop unit'], glyph: 'M-5.5 -4H5.5V4H-5.5ZM-2.5 0A2.5 2.5 0 1 1 2.5 0A2.5 2.5 0 1 1 -2.5 0' },
  { id: 'vav', label: 'VAV box', aliases: ['vav', 'vav box', 'variable air volume'], glyph: 'M-4.5 -4L0 4.5L4.5 -4' },
  { id: 'fan', label: 'Fan', aliases: ['fan', 'exhaust fan', 'fan coil', 'fcu', 'fan coil unit'], glyph: 'M0 0V-5.5M0 0L4.8 2.8M0 0L-4.8 2.8M-1.2 0A1.2 1.2 0 1 1 1.2 0A1.2 1.2 0 1 1 -1.2 0' },
  { id: 'thermostat', label: 'Thermostat', aliases: ['thermostat', 'tstat', 'temperature sensor', 'room sensor'], glyph: 'M-4.5 -4.5H4.5M0 -4.5V5' },
  { id: 'valve', label: 'Valve', aliases: ['valve', 'shutoff valve', 'shut off valve', 'ball valve', 'gate valve', 'isolation valve'], glyph: 'M-5.5 -3.5L5.5 3.5V-3.5L-5.5 3.5Z' },
  { id: 'sink', label: 'Sink', aliases: ['sink', 'basin', 'lavatory', 'washbasin', 'wash basin', 'hand basin'], glyph: 'M-5.5 -3H5.5M-4 -3V0A4 4 0 0 0 4 0V-3M-0.6 1H0.6' },
  { id: 'toilet', label: 'Toilet', aliases: ['toilet', 'wc', 'water closet', 'urinal'], glyph: 'M-4 -5.5H4V-3H-4ZM-3 -3A3 4.2 0 1 0 3 -3' },
  { id: 'pump', label: 'Pump', aliases: ['pump', 'circulator', 'booster pump'], glyph: `${CIRCLE5}M-2 -3L3.5 0L-2 3Z` },
  { id: 'water-heater', label: 'Water heater', aliases: ['water heater', 'boiler', 'heater', 'calorifier', 'hot water tank'], glyph: 'M-3.5 -5.5H3.5V5.5H-3.5ZM-2 1.5Q-1 -0.5 0 1.5T2 1.5' },
  { id: 'sprinkler', label: 'Sprinkler', aliases: ['sprinkler', 'sprinkler head', 'sprinklers'], glyph: 'M0 -5.5V5.5M-5.5 0H5.5M-3.9 -3.9L3.9 3.9M3.9 -3.9L-3.9 3.9' },
  { id: 'smoke-detector', label: 'Smoke detector', aliases: ['smoke detector', 'smoke', 'detector', 'heat detector', 'smoke alarm'], glyph: `${CIRCLE5}M-2 0A2 2 0 1 1 2 0A2 2 0 1 1 -2 0` },
  { id: 'extinguisher', label: 'Extinguisher', aliases: ['extinguisher', 'fire extinguisher'], glyph: 'M-2.5 -2H2.5V5.5H-2.5ZM0 -2V-4.5H3.5' },
  { id: 'alarm', label: 'Fire alarm', aliases: ['alarm', 'fire alarm', 'pull station', 'manual call point', 'call point', 'horn', 'strobe', 'bell', 'siren', 'sounder'], glyph: 'M-4.5 3H4.5M-3.2 3V-0.5A3.2 3.2 0 0 1 3.2 -0.5V3M-1 5H1' },
  { id: 'access-point', label: 'Wi-Fi access point', aliases: ['access point', 'ap', 'wap', 'wifi', 'wi fi', 'wireless', 'wireless access point'], glyph: 'M-5.5 -1A7.5 7.5 0 0 1 5.5 -1M-3.2 1.6A4.3 4.3 0 0 1 3.2 1.6M-0.7 4H0.7' },
  { id: 'data-outlet', label: 'Data outlet', aliases: ['data outlet', 'data', 'jack', 'data jack', 'network jack', 'rj45', 'ethernet'], glyph: 'M0 -4.5L5 4H-5Z' },
  { id: 'rack', label: 'Network rack', aliases: ['rack', 'server', 'router', 'network switch', 'hub', 'patch panel', 'server rack'], glyph: 'M-3.5 -5.5H3.5V5.5H-3.5ZM-3.5 -2H3.5M-3.5 1.5H3.5' },
  { id: 'camera', label: 'Camera', aliases: ['camera', 'cctv', 'security camera'], glyph: 'M-5.5 -2.5H1.5V2.5H-5.5ZM1.5 -0.5L5.5 -3V3L1.5 0.5' },
  { id: 'card-reader', label: 'Access control', aliases: ['card reader', 'access control', 'reader', 'lock', 'keypad', 'door controller'], glyph: 'M-4 -0.5H4V5H-4ZM-2.5 -0.5V-2.5A2.5 2.5 0 0 1 2.5 -2.5V-0.5' },
  { id: 'sensor', label: 'Sensor', aliases: ['sensor', 'motion sensor', 'occupancy sensor', 'pir', 'motion detector'], glyph: 'M-1 0A1 1 0 1 1 1 0A1 1 0 1 1 -1 0M2.5 -3.5A4.5 4.5 0 0 1 2.5 3.5M-2.5 3.5A4.5 4.5 0 0 1 -2.5 -3.5' },
  { id: 'generic', label: 'Generic', aliases: ['generic', 'equipment', 'device'], glyph: 'M-1.6 0A1.6 1.6 0 1 1 1.6 0A1.6 1.6 0 1 1 -1.6 0' },
];

const BY_ALIAS = new Map<string, EquipmentType>(EQUIPMENT_TYPES.flatMap((t) => t.aliases.map((a) => [a, t] as const)));

/** A type as people write it, reduced for matching: lower case, `_`/`-` as spaces, single spaces. */
export function normaliseType(type: string): string {
  return type.trim().toLowerCase().replace(/[\s_\-./]+/g, ' ').trim();
}

/** The glyph a symbol shows: a known type's, or the initial of a type the plan does not know. */
export type EquipmentGlyph = { readonly kind: 'type'; readonly type: EquipmentType } | { readonly kind: 'initial'; readonly initial: string; readonly label: string };

const glyphCache = new Map<string, EquipmentGlyph>();

/**
 * The glyph of a device type. Matches the whole name against {@link EQUIPMENT_TYPES}' aliases,
 * then without a plural "s", then its last word ("ceiling diffuser" is a diffuser); any other type
 * shows its first letter.
 */
export function glyphOf(type: string): EquipmentGlyph {
  const hit = glyphCache.get(type);
  if (hit) return hit;
  const key = normaliseType(type);
  const last = key.split(' ').at(-1) ?? '';
  const known = BY_ALIAS.get(key) ?? BY_ALIAS.get(key.replace(/s$/, '')) ?? BY_ALIAS.get(last) ?? BY_ALIAS.get(last.replace(/s$/, ''));
  const initial = [...key.replace(/[^\p{L}\p{N}]/gu, '')][0]?.toUpperCase() ?? '?';
  const glyph: EquipmentGlyph = known ? { kind: 'type', type: known } : { kind: 'initial', initial, label: type.trim() || 'Unnamed type' };
  if (glyphCache.size > 1000) glyphCache.clear();
  glyphCache.set(type, glyph);
  return glyph;
}

/** A stable key of a glyph (`outlet`, or `initial:W` for unknown types). */
export function glyphKey(glyph: EquipmentGlyph): string {
  return glyph.kind === 'type' ? glyph.type.id : `initial:${glyph.initial}`;
}

/** The style of a system (re-exported for the plan's components). */
export function systemStyle(system: EquipmentSystem): SystemStyle {
  return SYSTEM_STYLES[system];
}

/** Radius of a symbol on screen at the usual zooms, CSS px (20 px across). */
export const SYMBOL_PX = 10;
/** Zoomed out, a symbol is never wider than this on the plan (metres, radius)… */
const MAX_PLAN_RADIUS = 0.75;
/** …nor smaller than this on screen (CSS px, radius). */
const MIN_PX = 4;
/** Zoomed in, a symbol is never smaller than a device this big (metres, radius): it grows with the plan. */
const MIN_PLAN_RADIUS = 0.15;
/** Below this radius on screen (CSS px) the glyph is left out: it could not be read. */
export const GLYPH_MIN_PX = 6;

/**
 * Radius of a symbol on screen at a zoom (px per metre): {@link SYMBOL_PX} at usual zooms, so it
 * stays legible; zoomed far out it shrinks with the plan (to at most 0.75 m, at least 4 px) so
 * symbols do not bury the rooms; zoomed far in it grows with the plan (at least 0.15 m).
 */
export function symbolRadiusPx(zoom: number): number {
  return Math.max(MIN_PLAN_RADIUS * zoom, Math.min(SYMBOL_PX, Math.max(MIN_PX, MAX_PLAN_RADIUS * zoom)));
}

/** Scale from symbol units to plan metres at a zoom. */
export function symbolScale(zoom: number): number {
  return symbolRadiusPx(zoom) / SYMBOL_UNIT_RADIUS / zoom;
}
