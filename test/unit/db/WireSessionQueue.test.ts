import type { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { WireSessionQueue } from '@/lib/db/WireSessionQueue';

/**
 * A stand-in backend: Parse ('P') answers ParseComplete, Sync ('S') and Query ('Q') answer
 * ReadyForQuery with the transaction status; a Query whose text starts with BEGIN opens a
 * transaction and COMMIT/ROLLBACK close it. It records the order in which messages ran.
 */
function fakeBackend() {
  const ran: string[] = [];
  let inTransaction = false;
  const ready = () => new Uint8Array([0x5a, 0, 0, 0, 5, (inTransaction ? 'T' : 'I').charCodeAt(0)]);
  const db = {
    runExclusive: <T>(fn: () => Promise<T>) => fn(),
    isInTransaction: () => inTransaction,
    exec: async (sql: string) => {
      ran.push(`exec ${sql}`);
      if (sql === 'ROLLBACK') inTransaction = false;
    },
    execProtocolRaw: async (message: Uint8Array) => {
      ran.push(`reset ${String.fromCharCode(message[0]!)}`);
      return ready();
    },
    execProtocolRawStream: async (message: Uint8Array, { onRawData }: { onRawData: (d: Uint8Array) => void }) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const type = String.fromCharCode(message[0]!);
      const text = Buffer.from(message.subarray(5)).toString();
      ran.push(`${type}${text ? ` ${text}` : ''}`);
      if (type === 'Q' && text.startsWith('BEGIN')) inTransaction = true;
      if (type === 'Q' && /^(COMMIT|ROLLBACK)/.test(text)) inTransaction = false;
      onRawData(type === 'P' ? new Uint8Array([0x31, 0, 0, 0, 4]) : ready());
    },
  };
  return { db: db as unknown as PGlite, ran };
}

const msg = (type: string, text = '') => new Uint8Array([type.charCodeAt(0), 0, 0, 0, 4 + text.length, ...Buffer.from(text)]);
const noop = () => {};

describe('WireSessionQueue', () => {
  it('never interleaves another connection into an extended-protocol exchange', async () => {
    const { db, ran } = fakeBackend();
    const queue = new WireSessionQueue(db, (e) => { throw e; });
    const a = (async () => {
      await queue.enqueue(1, msg('P', 'a1'), noop);
      await new Promise((resolve) => setTimeout(resolve, 5)); // connection 1 is slow to send the rest
      await queue.enqueue(1, msg('S', 'a'), noop);
    })();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const b = queue.enqueue(2, msg('Q', 'b'), noop);
    await Promise.all([a, b]);
    expect(ran).toEqual(['P a1', 'S a', 'Q b']);
  });

  it('keeps a transaction exclusive until it commits', async () => {
    const { db, ran } = fakeBackend();
    const queue = new WireSessionQueue(db, (e) => { throw e; });
    const a = (async () => {
      await queue.enqueue(1, msg('Q', 'BEGIN'), noop);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await queue.enqueue(1, msg('Q', 'INSERT'), noop);
      await queue.enqueue(1, msg('Q', 'COMMIT'), noop);
    })();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await Promise.all([a, queue.enqueue(2, msg('Q', 'SELECT'), noop)]);
    expect(ran).toEqual(['Q BEGIN', 'Q INSERT', 'Q COMMIT', 'Q SELECT']);
  });

  it('resets the session when its owner disconnects mid-transaction, then serves the others', async () => {
    const { db, ran } = fakeBackend();
    const queue = new WireSessionQueue(db, (e) => { throw e; });
    await queue.enqueue(1, msg('Q', 'BEGIN'), noop);
    const waiting = queue.enqueue(2, msg('Q', 'SELECT'), noop);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await waiting;
    expect(ran).toEqual(['Q BEGIN', 'reset S', 'exec ROLLBACK', 'Q SELECT']);
  });

  it('lets a connection that closes while idle detach at once', async () => {
    const { db } = fakeBackend();
    const queue = new WireSessionQueue(db, (e) => { throw e; });
    await queue.enqueue(1, msg('Q', 'SELECT'), noop);
    await expect(queue.clearTransactionIfNeeded(1)).resolves.toBeUndefined();
    await queue.whenIdle();
  });

  it('rejects the queued messages of a closed connection', async () => {
    const { db } = fakeBackend();
    const queue = new WireSessionQueue(db, (e) => { throw e; });
    const first = queue.enqueue(1, msg('Q', 'BEGIN'), noop);
    const other = queue.enqueue(2, msg('Q', 'SELECT'), noop);
    const rejected = expect(other).rejects.toThrow(/connection #2 closed/);
    queue.clearQueueForHandler(2);
    await Promise.all([first, rejected]);
  });
});
