'use client';

/**
 * A comparison of the building with one of its versions, shown on the plan (issue #17 point 3):
 * `?compare=<version id>` in the building's URL (the history page's "Show on the plan" link) loads
 * the diff from that version to now, with the version's old records, and refreshes it as the
 * building changes. `close()` drops the parameter.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import type { CompareDiff } from './compareShapes';

/** What the banner and the overlay need. */
export interface Comparison {
  readonly versionId: string;
  readonly label: string;
  readonly diff: CompareDiff | null;
  readonly counts: { added: number; removed: number; changed: number } | null;
  readonly error: string | null;
  close(): void;
}

interface DiffAnswer extends CompareDiff {
  from: { label: string };
}

/** The comparison the URL asks for, or null; `modelKey` changes when the model does (refetched 2 s after it settles). */
export function useCompare(buildingId: string, modelKey: unknown): Comparison | null {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const versionId = params.get('compare');
  const [state, setState] = useState<{ id: string; answer: DiffAnswer | null; error: string | null }>({ id: '', answer: null, error: null });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setTick((n) => n + 1), 2_000);
    return () => clearTimeout(timer);
  }, [modelKey]);

  useEffect(() => {
    if (!versionId) return;
    const abort = new AbortController();
    void (async () => {
      try {
        const response = await fetch(`/api/v1/buildings/${encodeURIComponent(buildingId)}/versions/${encodeURIComponent(versionId)}/diff?to=now&records=1`, { signal: abort.signal });
        const body = (await response.json().catch(() => null)) as (DiffAnswer & { message?: string }) | null;
        if (!response.ok || body === null) throw new Error(body?.message ?? `the server answered HTTP ${response.status}`);
        setState({ id: versionId, answer: body, error: null });
      } catch (error) {
        if (!abort.signal.aborted) setState({ id: versionId, answer: null, error: `The comparison could not be loaded: ${(error as Error).message}` });
      }
    })();
    return () => abort.abort();
  }, [buildingId, versionId, tick]);

  const close = useCallback(() => {
    const next = new URLSearchParams(params.toString());
    next.delete('compare');
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname);
  }, [params, pathname, router]);

  if (!versionId) return null;
  const answer = state.id === versionId ? state.answer : null;
  const e = answer?.elements;
  return {
    versionId,
    label: answer?.from.label ?? '',
    diff: answer,
    counts: e ? { added: e.added.length, removed: e.removed.length, changed: e.changed.length } : null,
    error: state.id === versionId ? state.error : null,
    close,
  };
}
