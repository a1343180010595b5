/**
 * PersistenceQueue and compaction scheduling over the in-memory store, recording what the queue
 * asks it to write (the queue's own logic; the Prisma store is covered by test/integration).
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMetrics } from '@/collab-server/metrics';
import { DEFAULT_PERSISTENCE } from '@/collab-server/options';
import { PersistenceQueue } from '@/collab-server/PersistenceQueue';
import { MAX_UPDATES_PER_APPEND, type AppendBatch, type CompactResult } from '@/lib/db/documentStore';
import { InMemoryDocumentStore } from '@/lib/db/InMemoryDocumentStore';

/** The in-memory store, recording every appendMany (documents and counts) and every compact call. */
class RecordingStore extends InMemoryDocumentStore {
  readonly writes: { docName: string; count: number }[][] = [];
  readonly compactions: string[] = [];

  override async appendMany(batches: readonly AppendBatch[]): Promise<number[][]> {
    this.writes.push(batches.map((b) => ({ docName: b.docName, count: b.updates.length })));
    return super.appendMany(batches);
  }

  override async compact(docName: string): Promise<CompactResult> {
    this.compactions.push(docName);
    return super.compact(docName);
  }
}

function recordingStore() {
  const store = new RecordingStore();
  return { store, writes: store.writes, compactions: store.compactions };
}

/** A small valid Yjs update (the store merges what it compacts). */
const update = (() => {
  const doc = new Y.Doc();
  doc.getMap('m').set('k', 1);
  return Y.encodeStateAsUpdate(doc);
})();

describe('PersistenceQueue', () => {
  it('resolves whenWritten once everything queued before it is written, through failed writes and their retries (SPEC 23)', async () => {
    const store = new (class extends InMemoryDocumentStore {
      failures = 2;
      override async appendMany(batches: readonly AppendBatch[]): Promise<number[][]> {
        if (this.failures-- > 0) throw new Error('injected failure');
        return super.appendMany(batches);
      }
    })();
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, flushIntervalMs: 5, retryBaseMs: 5 }, pino({ level: 'silent' }), metrics);
    await queue.whenWritten('a'); // nothing queued: at once
    queue.enqueue('a', update);
    queue.enqueue('a', update);
    const firstTwo = queue.whenWritten('a');
    queue.enqueue('a', update);
    const all = queue.whenWritten('a');
    await firstTwo;
    expect((await store.load('a')).seq).toBeGreaterThanOrEqual(2);
    await all;
    expect((await store.load('a')).seq).toBe(3);
    expect(store.failures).toBeLessThan(0);
    await queue.close();
  });

  it('writeNow writes a document at once, not at the end of the batch window, and not while it backs off after a failure', async () => {
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const { store, writes } = recordingStore();
    // A batch window of a minute: only writeNow can write within this test.
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, flushIntervalMs: 60_000 }, pino({ level: 'silent' }), metrics);
    queue.enqueue('a', update);
    queue.enqueue('b', update);
    queue.writeNow('a');
    await queue.whenWritten('a');
    expect(writes).toEqual([[{ docName: 'a', count: 1 }]]);
    expect(queue.pendingCount('b')).toBe(1);
    await queue.close();

    const failing = new (class extends RecordingStore {
      override async appendMany(batches: readonly AppendBatch[]): Promise<number[][]> {
        this.writes.push(batches.map((b) => ({ docName: b.docName, count: b.updates.length })));
        throw new Error('injected failure');
      }
    })();
    const backingOff = new PersistenceQueue(failing, { ...DEFAULT_PERSISTENCE, flushIntervalMs: 60_000, retryBaseMs: 60_000, retryMaxMs: 60_000 }, pino({ level: 'silent' }), metrics);
    backingOff.enqueue('a', update);
    backingOff.writeNow('a');
    await expect.poll(() => failing.writes.length).toBe(1);
    await expect.poll(() => backingOff.healthy).toBe(false);
    backingOff.enqueue('a', update);
    backingOff.writeNow('a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failing.writes).toHaveLength(1);
    await backingOff.close(Date.now());
  });

  it('writes every due document in one appendMany per flush', async () => {
    const { store, writes } = recordingStore();
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, flushIntervalMs: 5 }, pino({ level: 'silent' }), metrics);
    for (const doc of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) queue.enqueue(doc, update);
    await expect.poll(() => queue.totalPending()).toBe(0);
    expect(writes).toEqual([[{ docName: 'a', count: 3 }, { docName: 'b', count: 3 }, { docName: 'c', count: 3 }]]);
    await queue.close();
  });

  it('writes a document that did not fit into a capped write with the next one, without new updates', async () => {
    const { store, writes } = recordingStore();
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, flushIntervalMs: 5, maxBatch: 1_000_000 }, pino({ level: 'silent' }), metrics);
    for (let i = 0; i < MAX_UPDATES_PER_APPEND; i++) queue.enqueue('full', update);
    for (let i = 0; i < 10; i++) queue.enqueue('late', update);
    await expect.poll(() => queue.totalPending()).toBe(0);
    expect(writes).toEqual([[{ docName: 'full', count: MAX_UPDATES_PER_APPEND }], [{ docName: 'late', count: 10 }]]);
    await queue.close();
  });

  it('splits what is queued into writes of at most maxAppendBytes (one update always goes), in order, losing nothing', async () => {
    const { store, writes } = recordingStore();
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const cap = 3 * update.byteLength + 1; // three updates fit, four do not
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, flushIntervalMs: 5, maxBatch: 1_000_000 }, pino({ level: 'silent' }), metrics, cap);
    for (let i = 0; i < 5; i++) queue.enqueue('a', update);
    for (let i = 0; i < 2; i++) queue.enqueue('b', update);
    queue.enqueue('c', new Uint8Array(2 * cap)); // larger than the cap on its own
    await expect.poll(() => queue.totalPending()).toBe(0);
    expect(writes).toEqual([
      [{ docName: 'a', count: 3 }],
      [{ docName: 'a', count: 2 }, { docName: 'b', count: 1 }],
      [{ docName: 'b', count: 1 }],
      [{ docName: 'c', count: 1 }],
    ]);
    await queue.close();
  });

  it('compacts a busy document at most once per compactMinIntervalMs unless its log reaches compactMaxUpdates (SPEC 14)', async () => {
    /** Compactions after each of 5 rounds of 3 written updates. */
    const rounds = async (compactMinIntervalMs: number) => {
      const { store, compactions } = recordingStore();
      const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
      const policy = { flushIntervalMs: 5, compactAfterUpdates: 3, compactSnapshotRatio: 0, compactMaxUpdates: 12, compactMinIntervalMs };
      const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, ...policy }, pino({ level: 'silent' }), metrics);
      const counts: number[] = [];
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 3; i++) queue.enqueue('doc', update);
        await expect.poll(() => queue.totalPending()).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 5)); // a compaction the write started has run
        counts.push(compactions.length);
      }
      await queue.close();
      return counts;
    };
    // Without the interval: every 3 updates. With it: the first, then only when the log holds 12.
    expect(await rounds(0)).toEqual([1, 2, 3, 4, 5]);
    expect(await rounds(60_000)).toEqual([1, 1, 1, 1, 2]);
  });

  it('runs at most maxConcurrentCompactions at once; documents due meanwhile wait their turn (SPEC 14)', async () => {
    const { store, writes } = recordingStore();
    let running = 0;
    let mostAtOnce = 0;
    const compacted: string[] = [];
    const release: (() => void)[] = [];
    store.compact = async (docName: string) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      compacted.push(docName);
      return { compacted: true, seq: 0, mergedUpdates: 0 };
    };
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const policy = { flushIntervalMs: 5, compactAfterUpdates: 3, compactSnapshotRatio: 0, compactMinIntervalMs: 0, maxConcurrentCompactions: 1 };
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, ...policy }, pino({ level: 'silent' }), metrics);
    for (const doc of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) queue.enqueue(doc, update);
    await expect.poll(() => queue.totalPending()).toBe(0);
    expect(writes).toHaveLength(1); // one write for all three: all three due at once
    await expect.poll(() => release.length).toBe(1);
    expect(queue.compactionsWaiting).toBe(2);
    for (let done = 1; done <= 3; done++) {
      release.shift()!();
      await expect.poll(() => compacted.length).toBe(done);
      if (done < 3) await expect.poll(() => release.length).toBe(1);
    }
    expect(compacted).toEqual(['a', 'b', 'c']);
    expect(mostAtOnce).toBe(1);
    expect(queue.compactionsWaiting).toBe(0);
    await queue.close();
  });

  it('compacts again after a running compaction when writes meanwhile passed the threshold, without new writes (SPEC 14)', async () => {
    const { store } = recordingStore();
    const release: (() => void)[] = [];
    let calls = 0;
    store.compact = async () => {
      calls++;
      await new Promise<void>((resolve) => release.push(resolve));
      return { compacted: true, seq: 0, mergedUpdates: 0 };
    };
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const policy = { flushIntervalMs: 5, compactAfterUpdates: 3, compactMaxUpdates: 3, compactSnapshotRatio: 0 };
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, ...policy }, pino({ level: 'silent' }), metrics);
    for (let i = 0; i < 3; i++) queue.enqueue('doc', update);
    await expect.poll(() => calls).toBe(1);
    // Past the threshold again while the first compaction runs: no second one yet.
    for (let i = 0; i < 3; i++) queue.enqueue('doc', update);
    await expect.poll(() => queue.totalPending()).toBe(0);
    expect(calls).toBe(1);
    release.shift()!();
    await expect.poll(() => calls).toBe(2);
    release.shift()!();
    await queue.close();
  });

  it('quiesce waits for the running compaction and drops a waiting one (a rebase folds the log itself; SPEC 20)', async () => {
    const { store } = recordingStore();
    const release: (() => void)[] = [];
    const compacted: string[] = [];
    store.compact = async (docName: string) => {
      await new Promise<void>((resolve) => release.push(resolve));
      compacted.push(docName);
      return { compacted: true, seq: 0, mergedUpdates: 0 };
    };
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const policy = { flushIntervalMs: 5, compactAfterUpdates: 3, compactSnapshotRatio: 0, compactMinIntervalMs: 0, maxConcurrentCompactions: 1 };
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, ...policy }, pino({ level: 'silent' }), metrics);
    for (const doc of ['a', 'b']) for (let i = 0; i < 3; i++) queue.enqueue(doc, update);
    await expect.poll(() => release.length).toBe(1); // a runs, b waits
    expect(queue.compactionsWaiting).toBe(1);
    let quiet = false;
    const quiescing = queue.quiesce('b').then(() => (quiet = true));
    await expect.poll(() => queue.compactionsWaiting).toBe(0);
    const runningA = queue.quiesce('a');
    let aQuiet = false;
    void runningA.then(() => (aQuiet = true));
    await quiescing;
    expect(quiet).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aQuiet).toBe(false); // still compacting
    release.shift()!();
    await runningA;
    // b's compaction never started: the rebase that asked for quiet replaces it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(compacted).toEqual(['a']);
    expect(release).toHaveLength(0);
    await queue.close();
  });

  it('retries a write the store does not answer within writeTimeoutMs, and reports failing, then lagging, then ok (SPEC 13)', async () => {
    const { store, writes } = recordingStore();
    const answer = store.appendMany.bind(store);
    let silent = true;
    store.appendMany = (batches) => (silent ? new Promise(() => {}) : answer(batches));
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const options = { ...DEFAULT_PERSISTENCE, flushIntervalMs: 5, writeTimeoutMs: 30, retryBaseMs: 10, retryMaxMs: 20, maxLagMs: 50 };
    const queue = new PersistenceQueue(store, options, pino({ level: 'silent' }), metrics);
    expect(queue.status()).toEqual({ ok: true });
    queue.enqueue('doc', update);
    await expect.poll(() => queue.status()).toMatchObject({ ok: false, reason: 'failing' });
    expect(await metrics.registry.getSingleMetricAsString('collab_persistence_writes_total')).toMatch(/result="timeout"\} [1-9]/);
    silent = false;
    await expect.poll(() => queue.totalPending()).toBe(0);
    expect(writes.at(-1)).toEqual([{ docName: 'doc', count: 1 }]);
    expect(queue.status()).toEqual({ ok: true });
    // Writes that succeed but leave an update waiting longer than maxLagMs: lagging.
    store.appendMany = () => new Promise(() => {});
    const slow = new PersistenceQueue(store, { ...options, writeTimeoutMs: 10_000 }, pino({ level: 'silent' }), metrics);
    slow.enqueue('doc', update);
    await expect.poll(() => slow.status(), { timeout: 2_000 }).toMatchObject({ ok: false, reason: 'lagging' });
    await queue.close();
    await slow.close(Date.now() + 10);
  });

  // A close that waited for the compaction would never end: the test's own timeout fails it.
  it('closes by its deadline even while a compaction never answers', { timeout: 5_000 }, async () => {
    const { store } = recordingStore();
    store.compact = () => new Promise(() => {});
    const metrics = createMetrics({ pendingUpdates: () => 0, lagSeconds: () => 0, persistenceHealthy: () => true, maxLagSeconds: 10 }, false);
    const queue = new PersistenceQueue(store, { ...DEFAULT_PERSISTENCE, flushIntervalMs: 5, compactAfterUpdates: 1, compactSnapshotRatio: 0, compactMinIntervalMs: 0 }, pino({ level: 'silent' }), metrics);
    queue.enqueue('doc', update);
    await expect.poll(() => queue.totalPending()).toBe(0);
    await queue.close(Date.now() + 50);
  });
});
