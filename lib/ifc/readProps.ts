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

/** A property's (or quantity's) name and value, and the kind of set it counts in. */
interface Member {
  readonly set: number;
  readonly name: string | undefined;
  readonly value: PropValue | undefined;
}

/** Members listed by more than one set ({@link PropsReader.prefetch}): how often (1, 2 = more) by id, and those read. */
interface SharedMembers {
  readonly listed: Uint8Array;
  readonly members: Map<number, Member | undefined>;
}

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
   * ({@link StepModel.readOnce}: the lines are dropped once their values are taken). A member
   * that several of the sets list (Revit shares identical properties between sets) is read and
   * turned into its value once; only those are remembered, and only while the sets are read.
   */
  prefetch(ids: readonly number[]): void {
    const wanted = [...new Set(ids)].filter((id) => !this.#sets.has(id));
    const sets = this.model.readOnce(wanted);
    const memberIds = sets.map((set) => (set === undefined ? [] : this.#memberIds(set)));
    // How often each member is listed, up to 2 (ids are at most the model's largest).
    const listed = new Uint8Array(this.model.maxId + 1);
    let repeats = false;
    for (const list of memberIds) {
      for (const id of list) {
        if (listed[id] === 0) listed[id] = 1;
        else {
          listed[id] = 2;
          repeats = true;
        }
      }
    }
    const shared = repeats ? { listed, members: new Map<number, Member | undefined>() } : undefined;
    wanted.forEach((id, i) => this.#sets.set(id, this.#readSet(sets[i], memberIds[i]!, shared)));
  }

  #entries(id: number): readonly Entry[] {
    let entries = this.#sets.get(id);
    if (entries === undefined) {
      const set = this.model.readOnce([id])[0];
      entries = this.#readSet(set, set === undefined ? [] : this.#memberIds(set), undefined);
      this.#sets.set(id, entries);
    }
    return entries;
  }

  /** The property or quantity lines a set lists (none for other kinds of sets). */
  #memberIds(set: StepLine): number[] {
    if (set.type === W.IFCPROPERTYSET) return refsOf(set.HasProperties);
    if (set.type === W.IFCELEMENTQUANTITY) return refsOf(set.Quantities);
    return [];
  }

  /** A property's or quantity's name and single value (either undefined when it has none). */
  #member(line: StepLine | undefined): Member | undefined {
    if (line === undefined) return undefined;
    if (line.type === W.IFCPROPERTYSINGLEVALUE) return { set: W.IFCPROPERTYSET, name: textOf(line.Name), value: this.#value(line.NominalValue) };
    if (line.type === W.IFCPROPERTYENUMERATEDVALUE && Array.isArray(line.EnumerationValues) && line.EnumerationValues.length === 1) {
      return { set: W.IFCPROPERTYSET, name: textOf(line.Name), value: this.#value(line.EnumerationValues[0]) };
    }
    const { length, area, volume } = this.units;
    const quantity = (value: PropValue | undefined): Member => ({ set: W.IFCELEMENTQUANTITY, name: textOf(line.Name), value });
    if (line.type === W.IFCQUANTITYLENGTH) return quantity(scaled(line.LengthValue, length));
    if (line.type === W.IFCQUANTITYAREA) return quantity(scaled(line.AreaValue, area));
    if (line.type === W.IFCQUANTITYVOLUME) return quantity(scaled(line.VolumeValue, volume));
    if (line.type === W.IFCQUANTITYCOUNT) return quantity(scaled(line.CountValue, 1));
    if (line.type === W.IFCQUANTITYWEIGHT) return quantity(scaled(line.WeightValue, 1));
    if (line.type === W.IFCQUANTITYTIME) return quantity(scaled(line.TimeValue, 1));
    return undefined;
  }

  /**
   * A set's entries, from its members' values (a property counts in a property set only, a
   * quantity in a quantity set only). Its members are read in one go, but for those already in
   * `shared`; those listed more than once go there.
   */
  #readSet(set: StepLine | undefined, memberIds: readonly number[], shared: SharedMembers | undefined): Entry[] {
    if (set === undefined) return [];
    const known = (id: number) => shared !== undefined && shared.listed[id] === 2 && shared.members.has(id);
    const unread = shared === undefined ? memberIds : memberIds.filter((id) => !known(id));
    const lines = this.model.readOnce(unread);
    const name = textOf(set.Name) ?? 'Properties';
    const out: Entry[] = [];
    let u = 0;
    for (const id of memberIds) {
      let member: Member | undefined;
      // `unread` keeps `memberIds`' order, and every listing of an id or none of them.
      if (unread[u] === id) {
        member = this.#member(lines[u++]);
        if (shared !== undefined && shared.listed[id] === 2) shared.members.set(id, member);
      } else {
        member = shared?.members.get(id);
      }
      if (member === undefined || member.set !== set.type || member.name === undefined || member.value === undefined) continue;
      const key = `${name}.${member.name}`;
      if (key.length <= MAX_KEY) out.push([key, member.value]);
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

