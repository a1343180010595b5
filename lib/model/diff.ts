/** Differences between two building snapshots, by record and field. */
import type { BuildingSnapshot } from './building';

/** Added/removed ids and, for records in both, the names of the fields that differ. */
export interface CollectionDiff {
  readonly added: string[];
  readonly removed: string[];
  /** Changed field names are top-level (`a`, `thickness`), except user props: `props.<key>`. */
  readonly changed: { readonly id: string; readonly fields: string[] }[];
}

/** What changed from snapshot `a` to snapshot `b`. Ids and fields are sorted. */
export interface SnapshotDiff {
  readonly elements: CollectionDiff;
  readonly storeys: CollectionDiff;
  readonly connections: CollectionDiff;
  /** Changed meta field names. */
  readonly meta: string[];
}

/** Structural equality of JSON-like values (objects by keys, arrays by position; NaN ≠ NaN). */
export function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const xk = Object.keys(xo).filter((k) => xo[k] !== undefined);
  const yk = Object.keys(yo).filter((k) => yo[k] !== undefined);
  return xk.length === yk.length && xk.every((k) => Object.hasOwn(yo, k) && deepEqual(xo[k], yo[k]));
}

/** Names of the fields that differ between two records (`props` expanded to `props.<key>`). */
export function changedFields(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  const fields = new Set<string>();
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (deepEqual(a[key], b[key])) continue;
    const pa = a[key];
    const pb = b[key];
    if (key === 'props' && typeof pa === 'object' && typeof pb === 'object' && pa !== null && pb !== null) {
      for (const p of changedFields(pa as Record<string, unknown>, pb as Record<string, unknown>)) fields.add(`props.${p}`);
    } else {
      fields.add(key);
    }
  }
  return [...fields].sort();
}

function diffCollection(a: Readonly<Record<string, object>>, b: Readonly<Record<string, object>>): CollectionDiff {
  const added = Object.keys(b).filter((id) => !Object.hasOwn(a, id)).sort();
  const removed = Object.keys(a).filter((id) => !Object.hasOwn(b, id)).sort();
  const changed = Object.keys(a)
    .filter((id) => Object.hasOwn(b, id))
    .sort()
    .map((id) => ({ id, fields: changedFields(a[id] as Record<string, unknown>, b[id] as Record<string, unknown>) }))
    .filter((c) => c.fields.length > 0);
  return { added, removed, changed };
}

/** Diffs two snapshots (`a` = before, `b` = after). */
export function diffSnapshots(a: BuildingSnapshot, b: BuildingSnapshot): SnapshotDiff {
  return {
    elements: diffCollection(a.elements, b.elements),
    storeys: diffCollection(a.storeys, b.storeys),
    connections: diffCollection(a.connections, b.connections),
    meta: changedFields(a.meta, b.meta),
  };
}

/** True when a diff has no changes at all. */
export function isEmptyDiff(diff: SnapshotDiff): boolean {
  const empty = (c: CollectionDiff) => c.added.length === 0 && c.removed.length === 0 && c.changed.length === 0;
  return empty(diff.elements) && empty(diff.storeys) && empty(diff.connections) && diff.meta.length === 0;
}

/** One changed field with its values before and after (`undefined`: the field is absent on that side). */
export interface FieldChange {
  /** As {@link changedFields} names it: `thickness`, or `props.<key>` for a user property. */
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** The values of `fields` ({@link changedFields}' names) in record `a` (before) and `b` (after). */
export function fieldChanges(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>, fields: readonly string[]): FieldChange[] {
  const valueOf = (record: Readonly<Record<string, unknown>>, field: string) => {
    if (!field.startsWith('props.') || Object.hasOwn(record, field)) return record[field];
    const props = record.props;
    return typeof props === 'object' && props !== null ? (props as Record<string, unknown>)[field.slice('props.'.length)] : undefined;
  };
  return fields.map((field) => ({ field, before: valueOf(a, field), after: valueOf(b, field) }));
}
