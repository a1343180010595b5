/**
 * Prometheus metrics of one server instance, on their own registry (never the global one, so
 * several servers in one process, e.g. tests, do not collide). Served as text on /metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why a message or connection was refused (label `reason` of `collab_rejected_messages_total`). */
export type RejectReason =
  | 'bad_message'
  | 'too_large'
  | 'rate_limited'
  | 'invalid_update'
  | 'read_only'
  | 'preload_overflow'
  | 'pending_overflow'
  | 'connection_limit'
  | 'slow_client'
  | 'unauthorized'
  | 'forbidden';

/** The server's metrics. */
export interface CollabMetrics {
  registry: Registry;
  connections: Gauge;
  rooms: Gauge;
  messagesIn: Counter<'type'>;
  messagesOut: Counter;
  bytesIn: Counter;
  bytesOut: Counter;
  updateApplySeconds: Histogram<'via'>;
  rejected: Counter<'reason'>;
  readOnlyDropped: Counter<'part'>;
  mergeInvalidRecords: Counter;
  roomLoads: Counter<'result'>;
  persistenceWrites: Counter<'result'>;
  persistedUpdates: Counter;
  compactions: Counter<'result'>;
}

/**
 * Creates the metrics on a new {@link Registry}. `pendingUpdates` and `lagSeconds` are read from
 * the persistence queue at scrape time.
 */
export function createMetrics(sources: { pendingUpdates(): number; lagSeconds(): number }, processMetrics: boolean): CollabMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: 'collab_persistence_pending_updates',
    help: 'Accepted updates not yet written to the store',
    registers,
    collect() {
      this.set(sources.pendingUpdates());
    },
  });
  new Gauge({
    name: 'collab_persistence_lag_seconds',
    help: 'Age of the oldest accepted update not yet written to the store (0 when none)',
    registers,
    collect() {
      this.set(sources.lagSeconds());
    },
  });
  return {
    registry,
    connections: new Gauge({ name: 'collab_connections', help: 'Open WebSocket connections', registers }),
    rooms: new Gauge({ name: 'collab_rooms', help: 'Documents loaded in memory', registers }),
    messagesIn: new Counter({ name: 'collab_messages_in_total', help: 'Frames received, by message type', labelNames: ['type'], registers }),
    messagesOut: new Counter({ name: 'collab_messages_out_total', help: 'Frames sent', registers }),
    bytesIn: new Counter({ name: 'collab_bytes_in_total', help: 'Bytes of frames received', registers }),
    bytesOut: new Counter({ name: 'collab_bytes_out_total', help: 'Bytes of frames sent', registers }),
    updateApplySeconds: new Histogram({
      name: 'collab_update_apply_seconds',
      help: 'Time to validate and apply one client update, by path (fields: checked from its structs; scratch: on the scratch copy; other: noop, pending, malformed)',
      labelNames: ['via'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    rejected: new Counter({ name: 'collab_rejected_messages_total', help: 'Messages or connections refused, by reason', labelNames: ['reason'], registers }),
    readOnlyDropped: new Counter({
      name: 'collab_readonly_dropped_total',
      help: 'Sync step 2 / update messages dropped because the connection may not write the document',
      labelNames: ['part'],
      registers,
    }),
    mergeInvalidRecords: new Counter({
      name: 'collab_merge_invalid_records_total',
      help: 'Accepted updates whose merge left a record failing a cross-field rule (concurrent edits; SPEC.md rule 5)',
      registers,
    }),
    roomLoads: new Counter({ name: 'collab_room_loads_total', help: 'Room loads from the store, by result', labelNames: ['result'], registers }),
    persistenceWrites: new Counter({ name: 'collab_persistence_writes_total', help: 'Writes of queued updates (one appendMany call each), by result', labelNames: ['result'], registers }),
    persistedUpdates: new Counter({ name: 'collab_persisted_updates_total', help: 'Updates written to the store', registers }),
    compactions: new Counter({ name: 'collab_compactions_total', help: 'Compactions, by result', labelNames: ['result'], registers }),
  };
}
