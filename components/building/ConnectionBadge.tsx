import type { ConnectionStatus } from './BuildingConnection';

const LOOK: Record<ConnectionStatus['state'], { label: string; dot: string }> = {
  connecting: { label: 'Connecting…', dot: 'bg-slate-400' },
  syncing: { label: 'Syncing…', dot: 'bg-amber-400' },
  live: { label: 'Live', dot: 'bg-emerald-500' },
  reconnecting: { label: 'Offline — reconnecting…', dot: 'bg-amber-500' },
  failed: { label: 'Disconnected', dot: 'bg-rose-500' },
  rejected: { label: 'Changes refused', dot: 'bg-rose-500' },
};

/** The live connection's state in words, with a coloured dot. */
export function ConnectionBadge({ status, peers }: { status: ConnectionStatus; peers: number }) {
  const look = LOOK[status.state];
  return (
    <div className="flex items-center gap-3 text-sm" role="status" aria-live="polite">
      <span className="inline-flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1" data-testid="connection-status" data-state={status.state}>
        <span className={`h-2 w-2 rounded-full ${look.dot}`} aria-hidden="true" />
        {look.label}
      </span>
      {status.state === 'live' && (
        <span className="text-slate-500" data-testid="peer-count">
          {peers === 1 ? 'only you here' : `${peers} people here`}
        </span>
      )}
      {status.state === 'failed' && <span className="text-rose-700">{status.message}</span>}
    </div>
  );
}
