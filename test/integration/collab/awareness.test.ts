import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { docNames } from '@/lib/protocol';
import { encodeAwareness } from '@/collab-server/frames';
import { describeCollab, eventually, metricValue, type RawClient } from './harness';

/** An awareness frame setting `state` for `clientId` (as a client would encode it). */
function awarenessFrame(clientId: number, state: Record<string, unknown> | null, clock = 1): Uint8Array {
  const presence = new awarenessProtocol.Awareness(new Y.Doc());
  presence.clientID = clientId;
  presence.states.clear();
  presence.meta.clear();
  const states = new Map<number, Record<string, unknown>>();
  if (state) states.set(clientId, state);
  presence.meta.set(clientId, { clock, lastUpdated: Date.now() });
  const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(presence, [clientId], states));
  presence.destroy();
  return frame;
}

async function rawAs(ctx: Parameters<Parameters<typeof describeCollab>[3]>[0], name: string, sub: string): Promise<RawClient> {
  return ctx().raw(name, 'editor', { token: { sub } });
}

describeCollab('collab server: awareness identity', describe, {}, (ctx) => {
  it('stamps every presence with the identity of the token, whatever the client claims (SPEC 17)', async () => {
    const name = docNames.model(ctx().building());
    const watcher = await ctx().client(name, 'viewer');
    await watcher.synced();
    const mallory = await rawAs(ctx, name, 'user-mallory');
    mallory.ws.send(awarenessFrame(4242, { user: { id: 'user-alice', name: 'Alice', color: '#f00' }, cursor: { x: 1 } }));
    await eventually(() => expect(watcher.provider.awareness.getStates().get(4242)).toBeDefined());
    const seen = watcher.provider.awareness.getStates().get(4242) as { user: Record<string, unknown>; cursor: unknown };
    expect(seen.user).toEqual({ id: 'user-mallory', name: 'editor', color: '#f00' });
    expect(seen.cursor).toEqual({ x: 1 });
  });

  it("ignores another user's client ids (echoes and spoofing alike) and lets the same user take its id over (SPEC 17)", async () => {
    const name = docNames.model(ctx().building());
    const watcher = await ctx().client(name, 'viewer');
    await watcher.synced();
    const alice = await rawAs(ctx, name, 'user-alice');
    alice.ws.send(awarenessFrame(7, { user: { color: '#0f0' }, cursor: { x: 1 } }));
    await eventually(() => expect(watcher.provider.awareness.getStates().get(7)).toBeDefined());

    const mallory = await rawAs(ctx, name, 'user-mallory');
    mallory.ws.send(awarenessFrame(7, null, 5)); // try to remove Alice's cursor…
    mallory.ws.send(awarenessFrame(7, { user: { color: '#000' }, cursor: { x: 666 } }, 6)); // …or move it
    mallory.ws.send(awarenessFrame(99, { user: { color: '#000' } })); // its own id: fine
    await eventually(() => expect(watcher.provider.awareness.getStates().get(99)).toBeDefined());
    expect(watcher.provider.awareness.getStates().get(7)).toMatchObject({ cursor: { x: 1 }, user: { id: 'user-alice' } });
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);

    const aliceAgain = await rawAs(ctx, name, 'user-alice');
    aliceAgain.ws.send(awarenessFrame(7, { user: { color: '#0f0' }, cursor: { x: 2 } }, 7));
    await eventually(() => expect(watcher.provider.awareness.getStates().get(7)).toMatchObject({ cursor: { x: 2 } }));
    expect(aliceAgain.ws.readyState).toBe(aliceAgain.ws.OPEN);
  });

  it("keeps a reconnecting user's awareness client id: another user's claim meanwhile is dropped, and the owner's cursor comes back (SPEC 17)", async () => {
    const name = docNames.model(ctx().building());
    const watcher = await ctx().client(name, 'viewer');
    await watcher.synced();
    const victim = await ctx().client(name, 'editor', { user: { sub: 'user-victim', name: 'Victim' } });
    await victim.synced();
    const id = victim.doc.clientID;
    const seen = () => watcher.provider.awareness.getStates().get(id);
    victim.provider.awareness.setLocalStateField('cursor', { x: 1 });
    await eventually(() => expect(seen()).toMatchObject({ cursor: { x: 1 }, user: { id: 'user-victim' } }));

    // The victim's connection drops (it will reconnect); the server removes its presence.
    victim.provider.disconnect();
    await eventually(() => expect(seen()).toBeUndefined());
    const squatter = await rawAs(ctx, name, 'user-squatter');
    squatter.ws.send(awarenessFrame(id, { user: { color: '#000' }, cursor: { x: 666 } }, 100));
    squatter.ws.send(awarenessFrame(31337, { user: { color: '#000' } })); // its own id: the marker that the frame above was processed
    await eventually(() => expect(watcher.provider.awareness.getStates().get(31337)).toBeDefined());
    expect(seen()).toBeUndefined();

    victim.provider.connect();
    await victim.synced();
    victim.provider.awareness.setLocalStateField('cursor', { x: 2 });
    await eventually(() => expect(seen()).toMatchObject({ cursor: { x: 2 }, user: { id: 'user-victim' } }));
    expect(squatter.ws.readyState).toBe(squatter.ws.OPEN);
    expect(await metricValue(ctx().server.metrics, 'collab_awareness_dropped_total')).toBeGreaterThan(0);
  });

  it('keeps an awareness client id bound after its owner removed its state (the stock provider does on every disconnect) (SPEC 17)', async () => {
    const name = docNames.model(ctx().building());
    const watcher = await ctx().client(name, 'viewer');
    await watcher.synced();
    const alice = await rawAs(ctx, name, 'user-alice');
    alice.ws.send(awarenessFrame(8, { user: { color: '#0f0' } }));
    await eventually(() => expect(watcher.provider.awareness.getStates().get(8)).toBeDefined());
    alice.ws.send(awarenessFrame(8, null, 2)); // what provider.disconnect() sends before closing
    await eventually(() => expect(watcher.provider.awareness.getStates().get(8)).toBeUndefined());
    const bob = await rawAs(ctx, name, 'user-bob');
    bob.ws.send(awarenessFrame(8, { user: { color: '#00f' } }, 3));
    bob.ws.send(awarenessFrame(9, { user: { color: '#00f' } }));
    await eventually(() => expect(watcher.provider.awareness.getStates().get(9)).toBeDefined());
    expect(watcher.provider.awareness.getStates().get(8)).toBeUndefined();
    alice.ws.send(awarenessFrame(8, { user: { color: '#0f0' } }, 4)); // alice back: hers again
    await eventually(() => expect(watcher.provider.awareness.getStates().get(8)).toMatchObject({ user: { id: 'user-alice' } }));
  });

  it('closes a connection sending a malformed awareness update with 4400 (SPEC 8, 17)', async () => {
    const name = docNames.model(ctx().building());
    const raw = await rawAs(ctx, name, 'user-x');
    raw.ws.send(encodeAwareness(new Uint8Array([1, 7, 1, 5, 0x7b])));
    expect((await raw.closed).code).toBe(4400);
  });
});
