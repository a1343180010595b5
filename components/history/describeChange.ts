/**
 * Words for the history UI: what a change touched, a field's value, and when, as the activity
 * feed, an element's history and a version diff show them.
 */
import type { ChangeView } from '@/app/_lib/activity';
import { KIND_LABELS } from '@/components/building/kindLabels';
import type { ElementKind } from '@/lib/model';

/** What a record is called in a sentence: `wall “South wall”`, `a wall`, `storey “Ground”`, `the building`. */
export function describeRecord(record: { collection: string; label: string | null; kind?: string | null; name?: string }): string {
  if (record.collection === 'meta') return 'the building';
  if (record.collection === 'elements') {
    const kind = record.kind && record.kind in KIND_LABELS ? KIND_LABELS[record.kind as ElementKind][0].toLowerCase() : 'element';
    if (record.label === null) return `an element (since deleted)`;
    // An unnamed element's label is its kind.
    return record.label === record.kind ? `a ${kind}` : `${kind} “${record.label}”`;
  }
  const singular = record.collection === 'storeys' ? 'storey' : 'connection';
  if (record.label === null) return `a ${singular} (since deleted)`;
  return record.collection === 'storeys' ? `storey “${record.label}”` : `a ${record.label}`;
}

/** What a change did, without who: `changed name, thickness`, `created`, `deleted`. */
export function describeAction(change: Pick<ChangeView, 'action' | 'fields'>): string {
  if (change.action === 'create') return 'created';
  if (change.action === 'delete') return 'deleted';
  return change.fields.length > 0 ? `changed ${change.fields.join(', ')}` : 'changed';
}

/** What a change did to what, without who: `changed name of wall “South wall”`, `created a wall`. */
export function describeChange(change: ChangeView): string {
  return `${describeAction(change)}${change.action === 'update' && change.fields.length > 0 ? ' of' : ''} ${describeRecord(change)}`;
}

/** A record of a diff: `Wall “Front”`, `Storey “Ground”`, `Connection (unnamed)`. */
export function describeDiffRecord(collection: 'elements' | 'storeys' | 'connections', record: { id: string; kind?: string; name?: string }): string {
  const kind = collection === 'elements' ? (record.kind && record.kind in KIND_LABELS ? KIND_LABELS[record.kind as ElementKind][0] : 'Element') : collection === 'storeys' ? 'Storey' : 'Connection';
  return record.name ? `${kind} “${record.name}”` : `${kind} (unnamed)`;
}

/** A field's value, short: strings quoted, points as `(x, y)`, long values cut, none as `—`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return `“${value.length > 60 ? `${value.slice(0, 59)}…` : value}”`;
  if (typeof value === 'number') return String(Math.round(value * 1000) / 1000 + 0);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (value.length <= 3 && value.every((v) => typeof v === 'number')) return `(${value.map((v) => formatValue(v)).join(', ')})`;
    return `${value.length} ${value.every(Array.isArray) ? 'points' : 'items'}`;
  }
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 59)}…` : json;
}

/** When, for a person: `just now`, `5 min ago`, `14:03` today, else `3 Mar 2025, 14:03`. */
export function formatWhen(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  const seconds = (now - at.getTime()) / 1000;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === at.toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}, ${time}`;
}
