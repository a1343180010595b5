/**
 * Issue #12.4 with the real grant check (lib/auth authorizeCollabClaims against the database, as
 * the server process runs it): a connection whose token expired goes on while its user keeps a
 * role on the building, and is closed with 4401 once the user is removed, without anyone calling
 * the revocation endpoint (SPEC 1).
 */
import { describe, expect, it } from 'vitest';
import { updateElement } from '@/lib/doc';
import { CloseCode } from '@/lib/protocol';
import { eventually } from '../collab/harness';
import { must, seedBuilding, snapshot } from '../collab/model';
import { connectClient, EDITOR_USER_IDS } from './clients';
import { describeDurability } from './database';
import { startServerProcess } from './serverProcess';
import { WAIT_MS } from './session';

describeDurability('collab server process: expired tokens', describe, (db) => {
  it('re-checks the grant in the database when a token expires, and closes the connection (4401) once the user lost access (SPEC 1)', async () => {
    const server = await startServerProcess({ database: db().server });
    const [docName] = await db().modelDocs();
    const [, leaving] = EDITOR_USER_IDS;
    const stays = await connectClient(server.url, docName!);
    const client = await connectClient(server.url, docName!, { user: leaving, ttlSeconds: 2 });
    await Promise.all([stays.synced(), client.synced()]);
    seedBuilding(client.doc, ['w1']);
    await eventually(() => expect(snapshot(stays.doc).elements.w1).toBeDefined(), WAIT_MS);

    // Past its expiry (2 s) and a re-check: still a member, still editing.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    must(updateElement(client.doc, 'w1', { name: 'after the token expired' }));
    await eventually(() => expect(snapshot(stays.doc).elements.w1).toMatchObject({ name: 'after the token expired' }), WAIT_MS);
    expect(client.closeCodes).toEqual([]);

    await db().query('DELETE FROM "memberships" WHERE "user_id" = $1', [leaving]);
    await eventually(() => expect(client.closeCodes).toContain(CloseCode.Unauthorized), WAIT_MS);
    // Back as a member, for the suite's other tests.
    await db().query(`INSERT INTO "memberships" ("user_id", "org_id", "role") SELECT $1, "org_id", 'admin' FROM "memberships" LIMIT 1`, [leaving]);
    expect(stays.closeCodes).toEqual([]);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });
});
