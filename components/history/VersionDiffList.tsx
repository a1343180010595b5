'use client';

import { useEffect, useState } from 'react';
import { callApi } from '@/app/_lib/apiClient';
import type { CollectionChanges, VersionDiff } from '@/app/_lib/versions';
import type { FieldChange } from '@/lib/model';
import { describeDiffRecord, formatValue } from './describeChange';

const COLLECTIONS = ['storeys', 'elements', 'connections'] as const;

const TONE = {
  added: { mark: '+', word: 'Added', className: 'border-emerald-500 bg-emerald-50 text-emerald-900' },
  removed: { mark: '−', word: 'Removed', className: 'border-rose-500 bg-rose-50 text-rose-900' },
  changed: { mark: '~', word: 'Changed', className: 'border-amber-500 bg-amber-50 text-amber-900' },
} as const;

type Loaded = { diff: VersionDiff } | { error: string };

/**
 * What changed from a version to now (GET .../versions/:id/diff?to=now), as a list: added
 * records green, removed red, changed amber with each field's value before → after.
 */
export function VersionDiffList({ buildingId, version }: { buildingId: string; version: { id: string; label: string } }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let cancelled = false;
    void callApi<VersionDiff>('GET', `/api/v1/buildings/${buildingId}/versions/${version.id}/diff?to=now`).then((answer) => {
      if (!cancelled) setLoaded(answer.ok ? { diff: answer.value } : { error: answer.message });
    });
    return () => {
      cancelled = true;
    };
  }, [buildingId, version.id]);

  if (loaded === null) {
    return (
      <p role="status" className="mt-2 text-sm text-slate-500">
        Comparing…
      </p>
    );
  }
  if ('error' in loaded) {
    return (
      <p role="alert" className="mt-2 text-sm text-rose-700">
        {loaded.error}
      </p>
    );
  }
  const { diff } = loaded;
  const rows = COLLECTIONS.flatMap((collection) => rowsOf(collection, diff[collection]));
  const name = `Changes from ${version.label} to now`;
  if (rows.length === 0 && diff.meta.length === 0) {
    return (
      <p role="status" aria-label={name} className="mt-2 text-sm text-slate-500">
        No changes since this version.
      </p>
    );
  }
  return (
    <ul aria-label={name} data-testid="version-diff" className="mt-2 space-y-1">
      {diff.meta.length > 0 && <DiffRow tone="changed" title="The building" fields={diff.meta} />}
      {rows.map((row) => (
        <DiffRow key={`${row.collection}/${row.tone}/${row.id}`} tone={row.tone} title={row.title} fields={row.fields} id={row.id} />
      ))}
    </ul>
  );
}

function rowsOf(collection: (typeof COLLECTIONS)[number], changes: CollectionChanges) {
  return [
    ...changes.added.map((r) => ({ collection, tone: 'added' as const, id: r.id, title: describeDiffRecord(collection, r), fields: [] as FieldChange[] })),
    ...changes.removed.map((r) => ({ collection, tone: 'removed' as const, id: r.id, title: describeDiffRecord(collection, r), fields: [] as FieldChange[] })),
    ...changes.changed.map((r) => ({ collection, tone: 'changed' as const, id: r.id, title: describeDiffRecord(collection, r), fields: r.fields })),
  ];
}

function DiffRow({ tone, title, fields, id }: { tone: keyof typeof TONE; title: string; fields: readonly FieldChange[]; id?: string }) {
  const { mark, word, className } = TONE[tone];
  return (
    <li data-testid="diff-row" data-change={tone} data-id={id} className={`rounded border-l-4 px-2 py-1 text-sm ${className}`}>
      <span aria-hidden="true" className="mr-1 font-mono font-semibold">
        {mark}
      </span>
      {word} {title}
      {fields.length > 0 && (
        <ul className="mt-0.5 space-y-0.5 pl-4 text-xs">
          {fields.map((f) => (
            <li key={f.field} data-testid="diff-field" data-field={f.field}>
              <span className="font-mono">{f.field}</span>: {formatValue(f.before)} → {formatValue(f.after)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
