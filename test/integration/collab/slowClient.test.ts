/**
 * Issue #12.4, a client that stops reading (SPEC 10): the server must not queue every broadcast
 * for it (each queued frame is memory, per slow client, until the drop limit). Once more than
 * `broadcastHighWaterBytes` wait for it, broadcasts to it are held back, and when it reads again
 * it gets what it missed as one update from the live document. Here the drop limit is 8 MiB and
 * far more than that is broadcast while the client reads nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { updateElement } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { describeCollab, eventually, metricValue } from './harness';
import { must, seedBuilding, snapshot } from './model';

const MiB = 1024 * 1024;
const DROP_LIMIT = 8 * MiB;

/** The `ws` socket under a stock provider (Node), to stop and resume reading from it. */
function socketOf(provider: { ws: unknown }): { pause(): void; resume(): void } {
  return (provider.ws as { _socket: { pause(): void; resume(): void } })._socket;
}

describeCollab('collab server: a client that stops reading', describe, { limits: { maxSendBufferBytes: DROP_LIMIT } }, (ctx) => {
  it('holds broadcasts back for a client that stops reading instead of queueing them, and sends what it missed in one update once it reads again (SPEC 10)', async () => {
    const name = docNames.model(ctx().building());
    const writers = [await ctx().client(name), await ctx().client(name)];
    await writers[0]!.synced();
    seedBuilding(writers[0]!.doc, ['w0', 'w1']);
    const reader = await ctx().client(name, 'viewer');
    await reader.synced();
    await Promise.all(writers.map((w) => w.synced()));
    // Each writer edits its own wall below, so each must hold both walls first: the reader's sync
    // reply can reach it before the broadcast that carries the walls to the second writer.
    for (const peer of [reader, ...writers]) await eventually(() => expect(Object.keys(snapshot(peer.doc).elements)).toHaveLength(2));

    socketOf(reader.provider).pause(); // reads nothing from now on
    const sentBefore = await metricValue(ctx().server.metrics, 'collab_bytes_out_total');
    let largestQueue = 0;
    let edits = 0;
    // ~80 KB per edit (nine 9,000-character properties), until three times the drop limit went out.
    while ((await metricValue(ctx().server.metrics, 'collab_bytes_out_total')) - sentBefore < 3 * DROP_LIMIT) {
      writers.forEach((writer, i) => {
        must(updateElement(writer.doc, `w${i}`, { props: Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`p${k}`, `${edits}:`.padEnd(9_000, 'y')])) }));
      });
      edits++;
      largestQueue = Math.max(largestQueue, await metricValue(ctx().server.metrics, 'collab_send_buffered_bytes'));
      await sleep(20);
    }
    expect(await metricValue(ctx().server.metrics, 'collab_clients_behind')).toBe(1);
    // What waits for the reader stays near the high-water mark (1 MiB), not the drop limit.
    expect(largestQueue).toBeLessThan(DROP_LIMIT / 2);
    expect(await metricValue(ctx().server.metrics, 'collab_rejected_messages_total', '{reason="slow_client"}')).toBe(0);

    socketOf(reader.provider).resume();
    await eventually(() => expect(snapshot(reader.doc)).toEqual(snapshot(writers[0]!.doc)), 20_000);
    expect(reader.closeCodes).toEqual([]);
    await eventually(async () => expect(await metricValue(ctx().server.metrics, 'collab_clients_behind')).toBe(0));
    console.log(`[slow client] ${edits * 2} edits broadcast while the reader read nothing; largest send queue ${(largestQueue / MiB).toFixed(1)} MiB`);
  });
});
