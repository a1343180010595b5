'use client';

import { useSyncExternalStore } from 'react';
import type { ReviewUi, ReviewUiState } from './ReviewUi';

/** A slice of the review UI's state; re-renders when it changes (compared with `Object.is`). */
export function useReviewUi<T>(ui: ReviewUi, select: (state: ReviewUiState) => T): T {
  return useSyncExternalStore(
    ui.subscribe,
    () => select(ui.getState()),
    () => select(ui.getState()),
  );
}
