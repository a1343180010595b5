'use client';

import { useMemo } from 'react';
import type { ScenePin } from '@/components/scene/ScenePins';
import { anchorPointOf } from './anchors';
import { pinnedThreads } from './PlanPins';
import type { ReviewSession } from './useReview';
import { useReviewUi } from './useReviewUi';

/** How far above its anchor a thread's marker floats in 3D (m): over a room's floor, not in it. */
const MARKER_LIFT = 0.8;

/** The 3D view's markers of the threads the plan pins (open ones and the one shown); a click opens the thread. */
export function useScenePins(review: ReviewSession, modelVersion: unknown): readonly ScenePin[] {
  const shownId = useReviewUi(review.ui, (s) => s.threadId);
  const { threads, editor, open } = review;
  return useMemo(() => {
    void modelVersion;
    return pinnedThreads(threads, shownId).flatMap((t): ScenePin[] => {
      const at = anchorPointOf(t, editor.readModel.elements, editor.storeys);
      if (!at) return [];
      return [{ id: t.id, label: `Thread: ${t.title}`, text: Object.keys(t.comments).length > 0 ? String(Object.keys(t.comments).length) : '', storeyId: at.storeyId, at: [at.x, at.y, at.z + MARKER_LIFT], active: t.id === shownId, onOpen: () => open(t.id) }];
    });
  }, [threads, shownId, editor, open, modelVersion]);
}
