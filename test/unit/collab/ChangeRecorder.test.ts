/** ChangeRecorder (SPEC.md rule 24): batched writes of change rows, kept across a failing store, written at shutdown. */
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { ChangeRecorder } from '@/collab-server/ChangeRecorder';
import { InMemoryDocumentStore } from '@/lib/db/InMemoryDocumentStore';
import type { DocChangeRow } from '@/lib/db/documentStore';

const logger = pino({ level: 'silent' });
const row = (recordId: string): DocChangeRow => ({ docName: 'd', collection: 'elements', recordId, action: 'update', fields: ['name'], userId: 'ada', at: new Date(0) });

/** A store whose appendChanges fails while `failing` is true, counting calls. */
function flakyStore() {
  const inner = new InMemoryDocumentStore();
  const state = { failing: false, calls: 0 };
  return {
    state,
    inner,
    appendChanges: async (rows: readonly DocChangeRow[]) => {
      state.calls++;
      if (state.failing) throw new Error('database down');
      await inner.appendChanges(rows);
    },
  };
}

describe('ChangeRecorder', () => {
  it('writes what it buffered in one write after flushMs, and at once past maxBatch', async () => {
    vi.useFakeTimers();
    try {
      const store = flakyStore();
      const recorder = new ChangeRecorder(store, logger, { flushMs: 100, maxBatch: 3, maxBuffered: 100 });
      recorder.record([row('a'), row('b')]);
      expect(store.state.calls).toBe(0);
      await vi.advanceTimersByTimeAsync(100);
      expect(store.state.calls).toBe(1);
      expect((await store.inner.listChanges('d')).map((c) => c.recordId)).toEqual(['b', 'a']);
      recorder.record([row('c'), row('d'), row('e')]);
      await vi.advanceTimersByTimeAsync(0);
      expect(store.state.calls).toBe(2);
      expect(recorder.pending).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps rows while the store fails and writes them once it is back, in order', async () => {
    const store = flakyStore();
    const recorder = new ChangeRecorder(store, logger, { flushMs: 5, maxBatch: 100, maxBuffered: 100 });
    store.state.failing = true;
    recorder.record([row('a')]);
    await recorder.flush();
    expect(recorder.pending).toBe(1);
    recorder.record([row('b')]);
    store.state.failing = false;
    await recorder.flush();
    expect(recorder.pending).toBe(0);
    expect((await store.inner.listChanges('d')).map((c) => c.recordId)).toEqual(['b', 'a']);
  });

  it('drops the oldest rows past maxBuffered, counted, rather than growing without bound', async () => {
    const store = flakyStore();
    store.state.failing = true;
    const recorder = new ChangeRecorder(store, logger, { flushMs: 10_000, maxBatch: 100, maxBuffered: 3 });
    recorder.record([row('a'), row('b'), row('c'), row('d'), row('e')]);
    expect(recorder.dropped).toBe(2);
    store.state.failing = false;
    expect(await recorder.close(Date.now() + 1_000)).toBe(0);
    expect((await store.inner.listChanges('d')).map((c) => c.recordId)).toEqual(['e', 'd', 'c']);
  });

  it('at shutdown writes what is left, and reports what it could not write by the deadline', async () => {
    const store = flakyStore();
    const recorder = new ChangeRecorder(store, logger, { flushMs: 10_000, maxBatch: 100, maxBuffered: 100 });
    recorder.record([row('a')]);
    expect(await recorder.close(Date.now() + 1_000)).toBe(0);
    expect(await store.inner.listChanges('d')).toHaveLength(1);
    store.state.failing = true;
    recorder.record([row('b')]);
    expect(await recorder.close(Date.now() + 200)).toBe(1);
  });
});
