/**
 * The tallied histogram serves exactly what prom-client's own Histogram serves for the same
 * observations (bucket edges included), and the tallied traffic counters reach /metrics.
 */
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { countIn, createMetrics, TallyHistogram } from '@/collab-server/metrics';

const BUCKETS = [0.001, 0.01, 0.1, 1];

describe('collab metrics', () => {
  it('TallyHistogram prints what a prom-client Histogram prints for the same observations', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const tally = new TallyHistogram({ name: 'h_seconds', help: 'help text', labelName: 'via', buckets: BUCKETS }, ours);
    const reference = new Histogram({ name: 'h_seconds', help: 'help text', labelNames: ['via'], buckets: BUCKETS, registers: [theirs] });
    const observations: [string, number][] = [
      ['fields', 0.0005], ['fields', 0.001], ['fields', 0.0011], ['scratch', 0.5], ['scratch', 1], ['scratch', 7], ['other', 0],
    ];
    for (const [via, value] of observations) {
      tally.observe(via, value);
      reference.observe({ via }, value);
    }
    const lines = async (registry: Registry) => (await registry.metrics()).split('\n').filter(Boolean).sort();
    expect(await lines(ours)).toEqual(await lines(theirs));
    tally.reset();
    expect(await ours.metrics()).not.toContain('h_seconds_count');
  });

  it('adds the traffic tallied since the last scrape to the counters', async () => {
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    countIn(metrics.traffic, 'sync-update');
    countIn(metrics.traffic, 'sync-update');
    metrics.traffic.messagesOut += 3;
    metrics.traffic.bytesOut += 300;
    metrics.traffic.bytesIn += 20;
    const first = await metrics.registry.metrics();
    expect(first).toContain('collab_messages_in_total{type="sync-update"} 2');
    expect(first).toContain('collab_messages_out_total 3');
    expect(first).toContain('collab_bytes_out_total 300');
    expect(first).toContain('collab_bytes_in_total 20');
    countIn(metrics.traffic, 'sync-update');
    metrics.traffic.messagesOut += 1;
    const second = await metrics.registry.metrics();
    expect(second).toContain('collab_messages_in_total{type="sync-update"} 3');
    expect(second).toContain('collab_messages_out_total 4');
    expect(second).toContain('collab_bytes_out_total 300');
  });
});
