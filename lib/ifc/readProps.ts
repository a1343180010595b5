/**
 * Property and quantity sets flattened into an element's `props`: `'<Set>.<Property>'` → a single
 * string, number or boolean. Lengths, areas and volumes are converted to metres, m² and m³ (the
 * model's units); other measures keep the file's values. Lists, tables, bounded and complex
 * properties are not single values and are left out. Sets are read once each and shared.
 */
import { PROPS_LIMITS, type PropValue } from '../model';
import { refsOf, textOf, valueOf, type StepLine, type StepModel, type UnitScale } from './readStep';
import * as W from 'web-ifc';

const MAX_PROPS = PROPS_LIMITS.entries;
const MAX_PROP_STRING = PROPS_LIMITS.stringLength;
const MAX_KEY = PROPS_LIMITS.keyLength;

type Entry = readonly [key: string, value: PropValue];

/** Why some properties of an element were left out, if any were. */
export interface PropsResult {
  readonly props: Record<string, PropValue>;
  /** `true` when properties were dropped or cut to fit the model's limits. */
  readonly trimmed: boolean;
}

const LENGTH = new Set(['IFCLENGTHMEASURE', 'IFCPOSITIVELENGTHMEASURE', 'IFCNONNEGATIVELENGTHMEASURE']);
const AREA = new Set(['IFCAREAMEASURE']);
const VOLUME = new Set(['IFCVOLUMEMEASURE']);

export class PropsReader {
  readonly #sets = new Map<number, readonly Entry[]>();

  constructor(
    private readonly model: StepModel,
    private readonly units: UnitScale,
  ) {}

  /**
   * Props of an element: `extra` first, then its own sets, then its type's (the first value of a
   * key wins), capped at {@link MAX_PROPS} entries; strings longer than {@link MAX_PROP_STRING}
   * are cut.
   */
  read(instanceSets: readonly number[], typeSets: readonly number[], extra: Readonly<Record<string, PropValue>> = {}): PropsResult {
    const props: Record<string, PropValue> = {};
    let count = 0;
    let trimmed = false;
    const groups = [Object.entries(extra), ...[...instanceSets, ...typeSets].map((id) => this.#entries(id))];
    for (const entries of groups) {
      for (const [key, raw] of entries) {
        if (Object.hasOwn(props, key)) continue;
        if (count >= MAX_PROPS) {
          trimmed = true;
          continue;
        }
        let value = raw;
        if (typeof value === 'string' && value.length > MAX_PROP_STRING) {
          value = value.slice(0, MAX_PROP_STRING);
          trimmed = true;
        }
        props[key] = value;
        count++;
      }
    }
    return { props, trimmed };
  }

  /**
   * Reads the sets `ids` (those not read yet) and every property and quantity in them, in one go
   * ({@link StepModel.readOnce}: the lines are dropped once their values are taken).
   */
  prefetch(ids: readonly number[]): void {
    const wanted = [...new Set(ids)].filter((id) => !this.#sets.has(id));
    const sets = this.model.readOnce(wanted);
    wanted.forEach((id, i) => this.#sets.set(id, this.#readSet(sets[i])));
  }

  #entries(id: number): readonly Entry[] {
    let entries = this.#sets.get(id);
    if (entries === undefined) {
      entries = this.#readSet(this.model.readOnce([id])[0]);
      this.#sets.set(id, entries);
    }
    return entries;
  }

  #readSet(set: StepLine | undefined): Entry[] {
    if (set === undefined) return [];
    const name = textOf(set.Name) ?? 'Properties';
    const out: Entry[] = [];
    const push = (prop: string | undefined, value: PropValue | undefined) => {
      if (prop === undefined || value === undefined) return;
      const key = `${name}.${prop}`;
      if (key.length <= MAX_KEY) out.push([key, value]);
    };
    if (set.type === W.IFCPROPERTYSET) {
      for (const prop of this.model.readOnce(refsOf(set.HasProperties))) {
        if (prop?.type === W.IFCPROPERTYSINGLEVALUE) push(textOf(prop.Name), this.#value(prop.NominalValue));
        else if (prop?.type === W.IFCPROPERTYENUMERATEDVALUE && Array.isArray(prop.EnumerationValues) && prop.EnumerationValues.length === 1) {
          push(textOf(prop.Name), this.#value(prop.EnumerationValues[0]));
        }
      }
    } else if (set.type === W.IFCELEMENTQUANTITY) {
      const { length, area, volume } = this.units;
      for (const q of this.model.readOnce(refsOf(set.Quantities))) {
        const label = textOf(q?.Name);
        if (q === undefined) continue;
        if (q.type === W.IFCQUANTITYLENGTH) push(label, scaled(q.LengthValue, length));
        else if (q.type === W.IFCQUANTITYAREA) push(label, scaled(q.AreaValue, area));
        else if (q.type === W.IFCQUANTITYVOLUME) push(label, scaled(q.VolumeValue, volume));
        else if (q.type === W.IFCQUANTITYCOUNT) push(label, scaled(q.CountValue, 1));
        else if (q.type === W.IFCQUANTITYWEIGHT) push(label, scaled(q.WeightValue, 1));
        else if (q.type === W.IFCQUANTITYTIME) push(label, scaled(q.TimeValue, 1));
      }
    }
    return out;
  }

  /** A measure or label as a prop value; lengths, areas and volumes in SI units. */
  #value(nominal: unknown): PropValue | undefined {
    const raw = valueOf(nominal);
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'string') {
      // IfcLogical and IfcBoolean may come through as STEP enumerations.
      if (raw === 'T' || raw === '.T.') return true;
      if (raw === 'F' || raw === '.F.') return false;
      return raw;
    }
    const type = (nominal as { name?: unknown } | null)?.name;
    const name = typeof type === 'string' ? type.toUpperCase() : '';
    const factor = LENGTH.has(name) ? this.units.length : AREA.has(name) ? this.units.area : VOLUME.has(name) ? this.units.volume : 1;
    return scaled(nominal, factor);
  }
}

/** `value × factor`, rounded to 12 significant digits so `2500 × 0.001` reads 2.5. */
function scaled(value: unknown, factor: number): number | undefined {
  const raw = valueOf(value);
  const n = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  return factor === 1 ? n : Number((n * factor).toPrecision(12));
}

