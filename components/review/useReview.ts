'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { LocalOrigin, readThread, readThreads } from '@/lib/doc';
import { canWriteDoc, type BuildingRole } from '@/lib/auth/roles';
import type { Thread } from '@/lib/model';
import type { ConnectionStatus } from '@/components/building/BuildingConnection';
import type { Editor } from '@/components/editor/Editor';
import { ReviewUi } from './ReviewUi';
import { showViewpoint } from './showViewpoint';
import { usePeople } from './usePeople';
import { useReviewDoc, useThreads } from './useReviewDoc';
import { useReviewUi } from './useReviewUi';
import type { Author, People } from './reviewWrites';

/** Everything the review UI works with: the live review document, its threads, who I am and may do, the UI state. */
export interface ReviewSession {
  readonly buildingId: string;
  readonly editor: Editor;
  readonly ui: ReviewUi;
  readonly doc: Y.Doc;
  /** Valid threads, newest first; live. */
  readonly threads: readonly Thread[];
  /** Members to @mention and assign (empty until the panel first opens, and for share-link guests). */
  readonly people: People;
  readonly me: Author;
  /** The live role may write the review document (owners, editors, commenters), and the server has not refused this client's changes. */
  readonly canWrite: boolean;
  /** Members (not share-link guests): snapshots and BCF import need an account's role. */
  readonly member: boolean;
  readonly status: ConnectionStatus;
  readonly origin: LocalOrigin;
  /** Shows a thread in the panel and restores its viewpoint. */
  open(threadId: string): void;
}

interface Options {
  buildingId: string;
  user: { id: string; name: string; color: string };
  role: BuildingRole;
  editor: Editor;
  /** A share-link guest (not a member). */
  guest: boolean;
  /** Receives the dev test API (`window.__arxos.review`), when dev tools are on. */
  onTestApi?: (api: Record<string, unknown>) => void;
}

/**
 * The building's review, live: the review document opened beside the model (read-only for
 * viewers: `canWrite` is false and the panel hides its write controls), the threads, the members
 * for @mentions, and the review UI's state.
 */
export function useReview({ buildingId, user, role, editor, guest, onTestApi }: Options): ReviewSession {
  const [ui] = useState(() => new ReviewUi());
  const { doc, provider, status, access } = useReviewDoc(buildingId, user, role);
  const threads = useThreads(doc);
  const panelOpen = useReviewUi(ui, (s) => s.panelOpen);
  // Read again each time the panel opens: people invited since are there.
  const people = usePeople(buildingId, !guest && panelOpen);
  const canWrite = access.state === 'granted' && canWriteDoc(access.role, 'review') && status.state !== 'rejected';
  const origin = useMemo(() => new LocalOrigin(user.id), [user.id]);
  const open = useCallback(
    (threadId: string) => {
      ui.showThread(threadId);
      const thread = readThread(doc, threadId);
      if (thread) showViewpoint(editor, thread);
    },
    [ui, doc, editor],
  );
  useEffect(() => {
    onTestApi?.({ doc, provider, threads: () => readThreads(doc).threads, status: () => status, canWrite: () => canWrite, ui: () => ui.getState() });
  }, [onTestApi, doc, provider, status, canWrite, ui]);
  const me = useMemo(() => ({ id: user.id, name: user.name }), [user.id, user.name]);
  return useMemo(
    () => ({ buildingId, editor, ui, doc, threads, people, me, canWrite, member: !guest, status, origin, open }),
    [buildingId, editor, ui, doc, threads, people, me, canWrite, guest, status, origin, open],
  );
}
