/**
 * An element's `props` written back as IFC property sets: keys `PsetName.Prop` grouped by
 * `PsetName` (split at the first dot) into one IfcPropertySet of IfcPropertySingleValue each;
 * keys without a dot go into {@link OWN_PSET}. Strings become IfcLabel (IfcText past 255
 * characters), integers IfcInteger, other numbers IfcReal, booleans IfcBoolean.
 */
import { IFC4 } from 'web-ifc';
import type { PropValue } from '../model';
import { identifier, label, real, select, text } from './writeStep';

/** The property set for props whose key names no set. */
export const OWN_PSET = 'ArxOS_Properties';

/** Property sets by name (sorted), each a list of [property name, value] in the props' order. */
export function groupProps(props: Readonly<Record<string, PropValue>>, extra: Readonly<Record<string, Readonly<Record<string, PropValue>>>> = {}): [string, [string, PropValue][]][] {
  const sets = new Map<string, Map<string, PropValue>>();
  const put = (set: string, name: string, value: PropValue) => {
    let entries = sets.get(set);
    if (entries === undefined) sets.set(set, (entries = new Map()));
    entries.set(name, value);
  };
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    const dot = key.indexOf('.');
    if (dot > 0 && dot < key.length - 1) put(key.slice(0, dot), key.slice(dot + 1), value);
    else put(OWN_PSET, key, value);
  }
  // Values the exporter owns (e.g. ArxOS_Equipment) win over props of the same name.
  for (const [set, values] of Object.entries(extra)) for (const [name, value] of Object.entries(values)) put(set, name, value);
  return [...sets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([set, entries]) => [set, [...entries]]);
}

/** The IFC value of a prop. */
export function ifcValue(value: PropValue): unknown {
  if (typeof value === 'boolean') return new IFC4.IfcBoolean(value);
  if (typeof value === 'number') return Number.isSafeInteger(value) ? new IFC4.IfcInteger(select(value)) : real(value);
  return value.length > 255 ? text(value) : label(value);
}

/** One IfcPropertySet (not yet written). */
export function propertySet(globalId: IFC4.IfcGloballyUniqueId, ownerHistory: IFC4.IfcOwnerHistory, name: string, entries: readonly [string, PropValue][]): IFC4.IfcPropertySet {
  const properties = entries.map(([prop, value]) => new IFC4.IfcPropertySingleValue(identifier(prop), null, select(ifcValue(value)), null));
  return new IFC4.IfcPropertySet(globalId, ownerHistory, label(name), null, properties);
}
