/**
 * Shallow, defensive access to the lines of an open web-ifc model. Every reference is followed
 * by hand (`GetLine` without flattening): flattening a product expands its whole geometry tree,
 * which is slow, and it recurses without a cycle guard (a cyclic placement overflows the stack;
 * notes/ifc.md 1.3 and 3). A line that is missing or that web-ifc cannot decode reads as
 * `undefined`, so one broken line costs what refers to it, not the import.
 */
import type { IfcAPI } from 'web-ifc';
import * as W from 'web-ifc';

/** A decoded STEP line: attributes by IFC name, values as web-ifc gives them. */
export type StepLine = { readonly expressID: number; readonly type: number } & Readonly<Record<string, unknown>>;

/** What every deep walk may follow at most (placements, mapped items, boolean operands …). */
export const MAX_DEPTH = 32;

/** Lines of one open model, read once each. */
export class StepModel {
  readonly #cache = new Map<number, StepLine | undefined>();
  readonly #maxId: number;

  constructor(
    readonly api: IfcAPI,
    readonly modelID: number,
  ) {
    this.#maxId = api.GetMaxExpressID(modelID);
  }

  /** The line `#id`, shallow (references stay handles); `undefined` when absent or unreadable. */
  line(id: number | undefined): StepLine | undefined {
    if (id === undefined || !Number.isInteger(id) || id <= 0 || id > this.#maxId) return undefined;
    if (this.#cache.has(id)) return this.#cache.get(id);
    let line: StepLine | undefined;
    try {
      const raw: unknown = this.api.GetLine(this.modelID, id);
      line = raw !== null && typeof raw === 'object' && typeof (raw as StepLine).type === 'number' ? (raw as StepLine) : undefined;
    } catch {
      // Unknown entities throw a TypeError inside web-ifc's decoder; treat them as missing.
      line = undefined;
    }
    this.#cache.set(id, line);
    return line;
  }

  /** The line a handle attribute points at. */
  follow(value: unknown): StepLine | undefined {
    return this.line(refOf(value));
  }

  /** Express ids of every line of `type` (and its subtypes with `inherited`). */
  ids(type: number, inherited = false): number[] {
    try {
      const v = this.api.GetLineIDsWithType(this.modelID, type, inherited);
      const out: number[] = new Array(v.size());
      for (let i = 0; i < out.length; i++) out[i] = v.get(i);
      return out;
    } catch {
      // A type code the model's schema lacks (an IFC4X3-only entity in an IFC2X3 file).
      return [];
    }
  }

  /** Set of {@link ids}, for membership tests of a whole branch of the schema. */
  idSet(type: number, inherited = true): Set<number> {
    return new Set(this.ids(type, inherited));
  }

  /** IFC entity name of a line, as web-ifc spells it (`IfcWallStandardCase`). */
  typeName(line: StepLine): string {
    return this.api.GetNameFromTypeCode(line.type) || `IFC type ${line.type}`;
  }
}

/** The express id of a handle (`{type: 5, value: id}`), if it is one. */
export function refOf(value: unknown): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as { type?: unknown; value?: unknown; expressID?: unknown };
  if (v.type === W.REF && typeof v.value === 'number' && v.value > 0) return v.value;
  return undefined;
}

/** The handles of a list attribute (a single handle counts as a list of one). */
export function refsOf(value: unknown): number[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map(refOf).filter((id): id is number => id !== undefined);
}

/** The primitive inside a wrapped value (`{value: 'Wall'}`), or the value itself. */
export function valueOf(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'value' in value) return (value as { value: unknown }).value;
  return value;
}

/** A string attribute, trimmed; `undefined` when absent or empty. */
export function textOf(value: unknown): string | undefined {
  const v = valueOf(value);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** A finite number attribute. */
export function numberOf(value: unknown): number | undefined {
  const v = valueOf(value);
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A list of numbers (coordinates, direction ratios). */
export function numbersOf(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.map(numberOf);
  return out.every((n): n is number => n !== undefined) ? out : undefined;
}

/** An enumeration attribute (`.NEGATIVE.` → `NEGATIVE`). */
export function enumOf(value: unknown): string | undefined {
  return textOf(value)?.toUpperCase();
}

/** SI factors of the project's units: multiply a file value by these to get metres, m², m³, radians. */
export interface UnitScale {
  readonly length: number;
  readonly area: number;
  readonly volume: number;
  readonly angle: number;
}

type UnitKind = 'LENGTHUNIT' | 'AREAUNIT' | 'VOLUMEUNIT' | 'PLANEANGLEUNIT';
const UNIT_KINDS: readonly string[] = ['LENGTHUNIT', 'AREAUNIT', 'VOLUMEUNIT', 'PLANEANGLEUNIT'];

const PREFIX: Record<string, number> = {
  EXA: 1e18, PETA: 1e15, TERA: 1e12, GIGA: 1e9, MEGA: 1e6, KILO: 1e3, HECTO: 1e2, DECA: 1e1,
  DECI: 1e-1, CENTI: 1e-2, MILLI: 1e-3, MICRO: 1e-6, NANO: 1e-9, PICO: 1e-12, FEMTO: 1e-15, ATTO: 1e-18,
};

/**
 * Reads IfcProject.UnitsInContext: SI units with prefixes (MILLI METRE = 0.001) and conversion
 * based units (FOOT = 0.3048, DEGREE = π/180, via their IfcMeasureWithUnit). Missing units
 * default to metres and radians, and a missing area or volume unit to the square or cube of the
 * length unit.
 */
export function readUnits(model: StepModel, project: StepLine | undefined): UnitScale {
  const found: Partial<Record<UnitKind, number>> = {};
  const assignment = model.follow(project?.UnitsInContext);
  for (const id of refsOf(assignment?.Units)) {
    const unit = model.line(id);
    const kind = enumOf(unit?.UnitType);
    if (unit === undefined || kind === undefined || !UNIT_KINDS.includes(kind)) continue;
    const factor = unitFactor(model, unit, 0);
    if (factor !== undefined && factor > 0) found[kind as UnitKind] = factor;
  }
  const length = found.LENGTHUNIT ?? 1;
  return {
    length,
    area: found.AREAUNIT ?? length * length,
    volume: found.VOLUMEUNIT ?? length * length * length,
    // IFC's default plane angle unit is the radian; files almost always declare degrees.
    angle: found.PLANEANGLEUNIT ?? 1,
  };
}

function unitFactor(model: StepModel, unit: StepLine, depth: number): number | undefined {
  if (depth > 4) return undefined;
  if (unit.type === W.IFCSIUNIT) {
    const prefix = PREFIX[enumOf(unit.Prefix) ?? ''] ?? 1;
    const name = enumOf(unit.Name);
    if (name === 'SQUARE_METRE') return prefix * prefix;
    if (name === 'CUBIC_METRE') return prefix * prefix * prefix;
    return prefix;
  }
  if (unit.type === W.IFCCONVERSIONBASEDUNIT || unit.type === W.IFCCONVERSIONBASEDUNITWITHOFFSET) {
    const measure = model.follow(unit.ConversionFactor);
    const value = numberOf(measure?.ValueComponent);
    const base = model.follow(measure?.UnitComponent);
    const baseFactor = base === undefined ? 1 : unitFactor(model, base, depth + 1);
    return value === undefined || baseFactor === undefined ? undefined : value * baseFactor;
  }
  return undefined;
}
