'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import { ActivityFeed } from './ActivityFeed';
import { VersionList, type VersionEntry } from './VersionList';

/**
 * The feed is read again this long after a save or restore: the collaboration server records
 * a restore's changes in batches every 100 ms (collab-server/SPEC.md rule 24), after it answers.
 */
const FEED_AFTER_CHANGE_MS = 400;

interface Props {
  buildingId: string;
  buildingName: string;
  /** Newest first, as the server rendered them (read again with `router.refresh()`). */
  versions: readonly VersionEntry[];
  canEdit: boolean;
}

/** The history page: the versions (save, compare, restore) beside the activity feed. */
export function HistoryView({ buildingId, buildingName, versions, canEdit }: Props) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [feedKey, setFeedKey] = useState(0);
  const feedTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(feedTimer.current), []);
  const onChanged = useCallback(() => {
    startRefresh(() => router.refresh());
    clearTimeout(feedTimer.current);
    feedTimer.current = setTimeout(() => setFeedKey((k) => k + 1), FEED_AFTER_CHANGE_MS);
  }, [router]);

  return (
    <div className="space-y-6" data-testid="history-page">
      <div>
        <Link href={`/buildings/${buildingId}`} className="text-sm text-slate-500 hover:text-slate-900">
          ← Back to the building
        </Link>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">
          History <span className="text-slate-400">·</span> <span data-testid="building-name">{buildingName}</span>
        </h1>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-[3fr_2fr]">
        <VersionList buildingId={buildingId} versions={versions} canEdit={canEdit} onChanged={onChanged} refreshing={refreshing} />
        <ActivityFeed buildingId={buildingId} refreshKey={feedKey} />
      </div>
    </div>
  );
}
