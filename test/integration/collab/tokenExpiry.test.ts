/**
 * Issue #12.4: a connection outlives its token (tokens live 5 minutes; a session, hours). When the
 * token expires the server checks the grant again, as on upgrade (SPEC 1): the connection goes
 * on while the grant holds, and is closed (4401) once it does not; an unanswerable check closes
 * it with 4503 after a token lifetime. Tokens here live 1 second.
 */
import { describe, expect, it } from 'vitest';
import { updateElement } from '@/lib/doc';
import { CloseCode, docNames } from '@/lib/protocol';
import type { CollabClaims } from '@/lib/auth/collabToken';
import { caughtUp, describeCollab, eventually } from './harness';
import { must, seedBuilding, snapshot } from './model';

/** The grant check of these tests: users in `granted` keep access; `down` makes the check fail. */
const grants = { granted: new Set<string>(), down: false, checks: [] as string[] };
const authorizeClaims = async (claims: CollabClaims) => {
  grants.checks.push(claims.sub);
  if (grants.down) throw new Error('database unreachable');
  return grants.granted.has(claims.sub) ? ({ ok: true } as const) : ({ ok: false, error: { code: 'no_access', message: `${claims.sub} has no role` } } as const);
};
const ALICE = { sub: 'user-alice', name: 'Alice' };

describeCollab('collab server: expired tokens', describe, { authorizeClaims, authorizeTimeoutMs: 500 }, (ctx) => {
  it('re-checks the grant when a token expires: the connection goes on while it holds, and is closed with 4401 once it does not (SPEC 1)', async () => {
    grants.granted = new Set([ALICE.sub, 'user-viewer']);
    grants.down = false;
    const name = docNames.model(ctx().building());
    const alice = await ctx().client(name, 'editor', { user: ALICE, ttlSeconds: 1 });
    await alice.synced();
    seedBuilding(alice.doc, ['w1']);
    const checksAtStart = grants.checks.length;
    await eventually(() => expect(grants.checks.length).toBeGreaterThan(checksAtStart + 1), 10_000); // re-checked after expiry, twice
    must(updateElement(alice.doc, 'w1', { name: 'after expiry' }));
    await caughtUp(ctx().server, name, alice.doc);
    expect(alice.closeCodes).toEqual([]);

    grants.granted.delete(ALICE.sub); // removed from the building, no revocation call
    await eventually(() => expect(alice.closeCodes).toContain(CloseCode.Unauthorized), 10_000);
    const observer = await ctx().client(name, 'viewer');
    await observer.synced();
    expect(snapshot(observer.doc).elements.w1).toMatchObject({ name: 'after expiry' });
  });

  it('closes with 4503 a connection whose grant could not be confirmed for a token lifetime (SPEC 1)', async () => {
    grants.granted = new Set([ALICE.sub]);
    grants.down = false;
    const name = docNames.model(ctx().building());
    const alice = await ctx().client(name, 'editor', { user: ALICE, ttlSeconds: 1 });
    await alice.synced();
    grants.down = true;
    const downAt = grants.checks.length;
    await eventually(() => expect(alice.closeCodes).toContain(CloseCode.Unavailable), 15_000);
    expect(grants.checks.length).toBeGreaterThan(downAt + 1); // retried before giving up
  });
});

describeCollab('collab server: expired tokens without a grant check', describe, {}, (ctx) => {
  it('closes a connection with 4401 when its token expires: the token alone decides (SPEC 1)', async () => {
    const name = docNames.model(ctx().building());
    const raw = await ctx().raw(name, 'editor');
    const client = await ctx().client(name, 'editor', { ttlSeconds: 1 });
    await client.synced();
    await eventually(() => expect(client.closeCodes).toContain(CloseCode.Unauthorized), 10_000);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN); // a 5-minute token is still good
  });
});
