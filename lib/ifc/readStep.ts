/**
 * Shallow, defensive access to the lines of an open web-ifc model. Every reference is followed
 * by hand (`GetLine` without flattening): flattening a product expands its whole geometry tree,
 * which is slow, and it recurses without a cycle guard (a cyclic placement overflows the stack;
 * notes/ifc.md 1.3 and 3). A line that is missing or that web-ifc cannot decode reads as
 * `undefined`, so one broken line costs what refers to it, not the import.
 */
import type { IfcAPI } from 'web-ifc';
import * as W from 'web-ifc';
import { StepText } from './readStepText';
import { captureWebIfcLogs } from './webIfc';

/** A decoded STEP line: attributes by IFC name, values as web-ifc gives them. */
export type StepLine = { readonly expressID: number; readonly type: number } & Readonly<Record<string, unknown>>;

/** What every deep walk may follow at most (placements, mapped items, boolean operands …). */
export const MAX_DEPTH = 32;

/** Lines per web-ifc call in {@link StepModel.prefetch}: big enough to amortise a call, small enough that a chunk with a broken line costs little to re-read singly. */
const PREFETCH_CHUNK = 2_000;

/**
 * Lines of one open model, read once each. Given the file's bytes, lines are read from its text
 * where that gives exactly web-ifc's line ({@link StepText}), else from web-ifc.
 */
export class StepModel {
  readonly #cache = new Map<number, StepLine | undefined>();
  readonly #maxId: number;
  readonly #bytes: Uint8Array | undefined;
  #text: StepText | null | undefined;

  constructor(
    readonly api: IfcAPI,
    readonly modelID: number,
    bytes?: Uint8Array,
  ) {
    this.#maxId = api.GetMaxExpressID(modelID);
    this.#bytes = bytes;
  }

  /** The text reader, made on first use; null without bytes or for a schema it cannot build lines of. */
  #textReader(): StepText | null {
    if (this.#text === undefined) this.#text = this.#bytes === undefined ? null : (StepText.open(this.api, this.modelID, this.#bytes) ?? null);
    return this.#text;
  }

  /** The line `#id`, shallow (references stay handles); `undefined` when absent or unreadable. Kept for the model's life. */
  line(id: number | undefined): StepLine | undefined {
    if (id === undefined || !this.#valid(id)) return undefined;
    if (this.#cache.has(id)) return this.#cache.get(id);
    const line = this.#textReader()?.line(id) ?? this.#webIfcLine(id);
    this.#cache.set(id, line);
    return line;
  }

  /**
   * Reads the lines `ids` into the cache (see {@link line}) in one go: from the text where it
   * can, the rest in few web-ifc calls. A line web-ifc cannot decode is left for {@link line} to
   * read alone, where the caller listens to what web-ifc says about it.
   */
  prefetch(ids: Iterable<number>): void {
    for (const [id, line] of this.#fetch(ids, false)) if (line !== undefined) this.#cache.set(id, line);
  }

  /**
   * The lines `ids` (undefined where absent or unreadable), read as {@link prefetch} reads them
   * but not kept: for what a read takes once and by the thousand (relationships, property
   * values). Kept, tens of thousands of small objects would outlive every minor garbage
   * collection of the read and be copied by each: more time than reading them.
   */
  readOnce(ids: readonly number[]): (StepLine | undefined)[] {
    const found = this.#fetch(ids, true);
    return ids.map((id) => found.get(id));
  }

  /** The largest express id of the model. */
  get maxId(): number {
    return this.#maxId;
  }

  #valid(id: number): boolean {
    return Number.isInteger(id) && id > 0 && id <= this.#maxId;
  }

  /**
   * Lines from the cache, then the text, then web-ifc in chunks of {@link PREFETCH_CHUNK} (a call
   * per line costs web-ifc's per-call overhead thousands of times over; lines are matched by id,
   * as web-ifc skips lines it has no data for). A chunk web-ifc cannot decode (an unknown entity
   * in it) is read a line at a time when `alone`, else left out; what web-ifc logs about a chunk
   * is dropped (a single read logs it again).
   */
  #fetch(ids: Iterable<number>, alone: boolean): Map<number, StepLine | undefined> {
    const found = new Map<number, StepLine | undefined>();
    const missing = new Set<number>();
    const text = this.#textReader();
    for (const id of ids) {
      if (found.has(id) || missing.has(id)) continue;
      if (!this.#valid(id)) found.set(id, undefined);
      else if (this.#cache.has(id)) found.set(id, this.#cache.get(id));
      else {
        const line = text?.line(id);
        if (line !== undefined) found.set(id, line);
        else missing.add(id);
      }
    }
    const queue = [...missing];
    for (let at = 0; at < queue.length; at += PREFETCH_CHUNK) {
      const chunk = queue.slice(at, at + PREFETCH_CHUNK);
      captureWebIfcLogs(() => {
        try {
          for (const raw of this.api.GetLines(this.modelID, chunk) as unknown[]) {
            const line = asLine(raw);
            if (line !== undefined && missing.delete(line.expressID)) found.set(line.expressID, line);
          }
        } catch {
          // Read alone below, or by line().
        }
      });
    }
    for (const id of missing) if (alone) found.set(id, this.#webIfcLine(id));
    return found;
  }

  /** One line through web-ifc; undefined when it has none or cannot decode it. */
  #webIfcLine(id: number): StepLine | undefined {
    try {
      return asLine(this.api.GetLine(this.modelID, id));
    } catch {
      // Unknown entities throw a TypeError inside web-ifc's decoder; treat them as missing.
      return undefined;
    }
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

function asLine(raw: unknown): StepLine | undefined {
  return raw !== null && typeof raw === 'object' && typeof (raw as StepLine).type === 'number' ? (raw as StepLine) : undefined;
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
