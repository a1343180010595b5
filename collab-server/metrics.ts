/**
 * Prometheus metrics of one server instance, on their own registry (never the global one, so
 * several servers in one process, e.g. tests, do not collide). Served as text on /metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric, type MetricObjectWithValues, type MetricType, type MetricValueWithName } from 'prom-client';

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
  | 'unavailable'
  | 'not_owner'
  | 'implausible_clock'
  | 'token_expired'
  | 'forbidden';

/** See {@link CollabMetrics.traffic}. */
export interface Traffic {
  /** Frames received since the last scrape, by message type. */
  messagesIn: Map<string, number>;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

/** Counts one received frame of `type` in `traffic`. */
export function countIn(traffic: Traffic, type: string): void {
  traffic.messagesIn.set(type, (traffic.messagesIn.get(type) ?? 0) + 1);
}

/** The server's metrics. */
export interface CollabMetrics {
  registry: Registry;
  connections: Gauge;
  rooms: Gauge;
  /**
   * Per-frame traffic counts, plain numbers bumped on the hot path (a prom-client `inc` per frame
   * sent costs a label lookup and a hash per connection per broadcast) and added to their
   * counters (`collab_messages_in_total` by type, `collab_messages_out_total`,
   * `collab_bytes_in_total`, `collab_bytes_out_total`) when /metrics is scraped.
   */
  traffic: Traffic;
  /** Seconds to validate and apply one client update, by path (`observe(via, seconds)`). */
  updateApplySeconds: TallyHistogram;
  rejected: Counter<'reason'>;
  readOnlyDropped: Counter<'part'>;
  mergeInvalidRecords: Counter;
  roomLoads: Counter<'result'>;
  persistenceWrites: Counter<'result'>;
  persistedUpdates: Counter;
  compactions: Counter<'result'>;
  /** Sync step 1 answers, by whether the room's previous answer was reused (same state vector, document unchanged). */
  syncReplies: Counter<'reply'>;
  /** Writes of client-id bounds (SPEC.md rule 22), by result: `ok`, `error`, `timeout`. */
  clientClaimWrites: Counter<'result'>;
  /** Awareness entries dropped because another user owns their client id (SPEC.md rule 17). */
  awarenessDropped: Counter;
  /** Times a client fell behind: broadcasts held back until it caught up (SPEC.md rule 10). */
  backlogs: Counter;
  /** Rebases of idle documents (SPEC.md rule 20), by result: `ok`, `refused` (the store's log or lineage moved), `error`. */
  rebases: Counter<'result'>;
  /**
   * Clients that connected with a copy of an ended lineage (SPEC.md rule 21), by outcome:
   * `carried` (their edits were written onto the current lineage), `unchanged` (they had none),
   * `read_only`, `invalid`, `error`.
   */
  endedLineageClients: Counter<'result'>;
  /**
   * Requests of `POST /internal/edit` (SPEC.md rule 23), by result: `ok`, `invalid` (refused by
   * the gate), `bad_request`, `unauthorized`, `too_large`, `unavailable`, `not_persisted`.
   */
  serverEdits: Counter<'result'>;
}

/**
 * Creates the metrics on a new {@link Registry}. `pendingUpdates` and `lagSeconds` are read from
 * the persistence queue at scrape time.
 */
export function createMetrics(
  sources: {
    pendingUpdates(): number;
    lagSeconds(): number;
    persistenceHealthy(): boolean;
    maxLagSeconds: number;
    /** Bytes queued for the clients, and how many clients are behind (SPEC.md rule 10). */
    sendQueues?(): { bufferedBytes: number; behind: number };
  },
  processMetrics: boolean,
): CollabMetrics {
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
  new Gauge({
    name: 'collab_persistence_max_lag_seconds',
    help: 'Persistence lag beyond which the server reports itself not ready (/readyz 503)',
    registers,
    collect() {
      this.set(sources.maxLagSeconds);
    },
  });
  new Gauge({
    name: 'collab_persistence_healthy',
    help: '1 while writes succeed and the persistence lag is within its bound; 0 otherwise (/readyz answers 503)',
    registers,
    collect() {
      this.set(sources.persistenceHealthy() ? 1 : 0);
    },
  });
  if (sources.sendQueues) {
    const queues = sources.sendQueues;
    new Gauge({
      name: 'collab_send_buffered_bytes',
      help: 'Bytes queued for all clients and not yet taken by them',
      registers,
      collect() {
        this.set(queues().bufferedBytes);
      },
    });
    new Gauge({
      name: 'collab_clients_behind',
      help: 'Clients behind on their broadcasts (held back until they take their backlog)',
      registers,
      collect() {
        this.set(queues().behind);
      },
    });
  }
  const traffic: Traffic = { messagesIn: new Map(), bytesIn: 0, messagesOut: 0, bytesOut: 0 };
  new Counter({
    name: 'collab_messages_in_total',
    help: 'Frames received, by message type',
    labelNames: ['type'],
    registers,
    collect() {
      for (const [type, n] of traffic.messagesIn) this.inc({ type }, n);
      traffic.messagesIn.clear();
    },
  });
  const tallied = (name: string, help: string, take: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        const n = take();
        if (n > 0) this.inc(n);
      },
    });
  tallied('collab_messages_out_total', 'Frames sent', () => {
    const n = traffic.messagesOut;
    traffic.messagesOut = 0;
    return n;
  });
  tallied('collab_bytes_in_total', 'Bytes of frames received', () => {
    const n = traffic.bytesIn;
    traffic.bytesIn = 0;
    return n;
  });
  tallied('collab_bytes_out_total', 'Bytes of frames sent', () => {
    const n = traffic.bytesOut;
    traffic.bytesOut = 0;
    return n;
  });
  return {
    registry,
    traffic,
    connections: new Gauge({ name: 'collab_connections', help: 'Open WebSocket connections', registers }),
    rooms: new Gauge({ name: 'collab_rooms', help: 'Documents loaded in memory', registers }),
    updateApplySeconds: new TallyHistogram(
      {
        name: 'collab_update_apply_seconds',
        help: 'Time to validate and apply one client update, by path (fields: checked from its structs; scratch: on the scratch copy; other: noop, pending, malformed)',
        labelName: 'via',
        buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      },
      registry,
    ),
    clientClaimWrites: new Counter({ name: 'collab_client_claim_writes_total', help: 'Writes of client-id bounds (ownership of Yjs client ids), by result', labelNames: ['result'], registers }),
    backlogs: new Counter({ name: 'collab_client_backlogs_total', help: 'Times a client fell behind (broadcasts held back until it took its backlog, then sent what it missed in one update)', registers }),
    awarenessDropped: new Counter({ name: 'collab_awareness_dropped_total', help: 'Awareness entries dropped because another user owns their client id', registers }),
    rebases: new Counter({ name: 'collab_rebases_total', help: 'Rebases of idle documents (history dropped under a new lineage), by result', labelNames: ['result'], registers }),
    endedLineageClients: new Counter({
      name: 'collab_ended_lineage_clients_total',
      help: 'Clients that connected with a copy of a rebased (ended) lineage, by outcome',
      labelNames: ['result'],
      registers,
    }),
    serverEdits: new Counter({ name: 'collab_server_edits_total', help: 'Changes made on the server (POST /internal/edit), by result', labelNames: ['result'], registers }),
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
    syncReplies: new Counter({
      name: 'collab_sync_replies_total',
      help: 'Sync step 2 answers to clients, by reply (encoded, or reused: the same state vector as the previous answer, document unchanged since)',
      labelNames: ['reply'],
      registers,
    }),
  };
}

/**
 * A Prometheus histogram with one label, for a value observed on every client update: plain
 * arrays per label value, no per-observation label validation or hashing (prom-client's
 * Histogram does both on every `observe`). Served in the standard histogram format
 * (`_bucket{le}` cumulative, `_sum`, `_count`) through the registry's custom-metric interface.
 */
export class TallyHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly #labelName: string;
  readonly #buckets: readonly number[];
  readonly #series = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(options: { name: string; help: string; labelName: string; buckets: readonly number[] }, registry: Registry) {
    this.name = options.name;
    this.help = options.help;
    this.#labelName = options.labelName;
    this.#buckets = [...options.buckets].sort((a, b) => a - b);
    registry.registerMetric(this as unknown as Metric);
  }

  /** Counts one observation of `value` under label value `label`. */
  observe(label: string, value: number): void {
    let series = this.#series.get(label);
    if (!series) this.#series.set(label, (series = { counts: new Array<number>(this.#buckets.length + 1).fill(0), sum: 0, count: 0 }));
    let i = 0;
    while (i < this.#buckets.length && value > this.#buckets[i]!) i++;
    series.counts[i]!++;
    series.sum += value;
    series.count++;
  }

  /** The registry's view (prom-client `Metric.get`). */
  get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const values: MetricValueWithName<string>[] = [];
    for (const [label, series] of this.#series) {
      let cumulative = 0;
      this.#buckets.forEach((le, i) => {
        cumulative += series.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { le, [this.#labelName]: label }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', [this.#labelName]: label }, value: series.count });
      values.push({ metricName: `${this.name}_sum`, labels: { [this.#labelName]: label }, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: { [this.#labelName]: label }, value: series.count });
    }
    // `type` is typed as an enum, but the registry prints it as is: the runtime values are the names.
    const type = 'histogram' as unknown as MetricType;
    return Promise.resolve({ name: this.name, help: this.help, type, aggregator: this.aggregator, collect: () => undefined, values });
  }

  /** Forgets every observation (prom-client `Metric.reset`). */
  reset(): void {
    this.#series.clear();
  }
}
