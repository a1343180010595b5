import type { PresenceToast } from './usePresence';

/** Join/leave notices in the corner of the plan. */
export function PresenceToasts({ toasts }: { toasts: readonly PresenceToast[] }) {
  return (
    <div className="pointer-events-none absolute bottom-3 right-3 flex flex-col items-end gap-2" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} data-testid="presence-toast" className="rounded-md bg-slate-900/90 px-3 py-1.5 text-sm text-white shadow">
          {t.text}
        </div>
      ))}
    </div>
  );
}
