'use client';

import { useEffect, type PointerEvent } from 'react';
import type { Thread } from '@/lib/model';
import { planToScreen, screenToPlan } from '@/components/plan/camera';
import type { PlanOverlayView } from '@/components/plan/PlanEditor';
import { anchorPointOf } from './anchors';
import type { ReviewSession } from './useReview';
import { useReviewUi } from './useReviewUi';

/** The threads pinned where they are shown: every open one, and the one open in the panel. */
export function pinnedThreads(threads: readonly Thread[], shownId: string | null): Thread[] {
  return threads.filter((t) => t.status === 'open' || t.id === shownId);
}

/**
 * Review pins over the plan, at each open thread's anchor on the storey shown (the element's
 * centre, or the point), as buttons: a click opens the thread. While a new thread waits for its
 * point, a layer over the plan takes the click instead (Esc cancels).
 */
export function PlanPins({ review, view }: { review: ReviewSession; view: PlanOverlayView }) {
  const { ui, editor } = review;
  const shownId = useReviewUi(ui, (s) => s.threadId);
  const picking = useReviewUi(ui, (s) => s.picking);
  const { camera, size, storeyId } = view;
  useEffect(() => {
    if (!picking) return;
    const onKeyDown = (e: KeyboardEvent) => e.key === 'Escape' && ui.pick(null);
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [picking, ui]);
  const pick = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = screenToPlan(camera, size, e.clientX - rect.left, e.clientY - rect.top);
    ui.pick({ storeyId, x, y });
  };
  return (
    <>
      <div className="pointer-events-none absolute inset-0 overflow-hidden" data-testid="review-pins">
        {pinnedThreads(review.threads, shownId).map((t) => {
          const at = anchorPointOf(t, editor.readModel.elements, editor.storeys);
          if (!at || at.storeyId !== storeyId) return null;
          const [sx, sy] = planToScreen(camera, size, [at.x, at.y]);
          if (sx < -20 || sy < -20 || sx > size.width + 20 || sy > size.height + 20) return null;
          const count = Object.keys(t.comments).length;
          return (
            <button
              key={t.id}
              type="button"
              aria-label={`Thread: ${t.title}`}
              title={t.title}
              data-testid="review-pin"
              data-thread-id={t.id}
              data-status={t.status}
              onPointerDown={(e) => e.stopPropagation()}
              onClick={() => review.open(t.id)}
              style={{ left: sx, top: sy }}
              className={`pointer-events-auto absolute flex h-7 min-w-7 -translate-x-1/2 -translate-y-1/2 items-center justify-center rounded-full rounded-bl-none border-2 border-white px-1.5 text-xs font-semibold text-white shadow ${t.id === shownId ? 'bg-brand-700 ring-2 ring-brand-300' : t.status === 'open' ? 'bg-amber-500 hover:bg-amber-600' : 'bg-emerald-600'}`}
            >
              {count > 0 ? count : ''}
            </button>
          );
        })}
      </div>
      {picking && <div data-testid="review-pick" title="Click where the thread belongs" onPointerDown={pick} className="absolute inset-0 cursor-crosshair bg-brand-500/5" />}
    </>
  );
}
