/**
 * Issue #12.2, the other side of client-id ownership (SPEC 22): what the server accepted and
 * broadcast must stay re-deliverable by anyone. Two users edit; the database goes silent, so
 * what the server accepts from then on is broadcast but not written; the server is killed
 * (SIGKILL); one author never comes back. The other user's client still holds that author's
 * edits it received, re-sends them to the next server, and they are stored: an author who never
 * returns keeps the edits others held, and nobody is refused for carrying them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually } from '../collab/harness';
import { snapshot } from '../collab/model';
import { EDITOR_USER_IDS } from './clients';
import { describeDurability, useProxiedDatabase } from './database';
import { startServerProcess } from './serverProcess';
import { allSynced, converged, editsGrow, openSession, unexpectedCloses, WAIT_MS } from './session';

const EDIT_MS = 25;
const ENV = { DATABASE_TIMEOUT_MS: '1500', COLLAB_SHUTDOWN_TIMEOUT_MS: '3000' };

describeDurability('collab server process: re-delivery after a crash', describe, (db) => {
  const proxied = useProxiedDatabase(db);

  it("keeps another user's edits that the server broadcast and lost in a crash: a client that holds them re-sends them, and is not refused (SPEC 22)", async () => {
    const server = await startServerProcess({ database: proxied.server(), env: ENV });
    const [docName] = await db().modelDocs();
    const [alice, bob, carol] = EDITOR_USER_IDS;
    const session = await openSession(server.url, docName!, 2, 21, { editors: [alice, bob], observer: carol });
    const [gone, stays] = session.editors as [(typeof session.editors)[0], (typeof session.editors)[0]];
    const { observer } = session;
    for (const editor of session.editors) editor.startEditing(EDIT_MS);
    await editsGrow(session.editors, 10);

    // The database goes silent: the server goes on accepting and broadcasting, but writes nothing.
    proxied.proxy().stall();
    const seenBefore = gone.editsIn(observer.stateVector());
    await eventually(() => expect(gone.editsIn(observer.stateVector())).toBeGreaterThanOrEqual(seenBefore + 10), WAIT_MS);
    await server.kill();
    // Alice's client is gone for good; what the others received of hers is all that is left of it.
    gone.destroy();
    const heldByOthers = gone.editsIn(observer.stateVector());
    const storedAtCrash = gone.editsIn(Y.encodeStateVector(await db().load(docName!)));
    console.log(`[crash re-send] edits of the author who never returns: made ${gone.edits.length}, held by others ${heldByOthers}, in the database at the crash ${storedAtCrash}`);
    expect(storedAtCrash).toBeLessThan(heldByOthers); // the crash really lost some that others hold

    // The next server, on a working path; Bob's and Carol's clients reconnect by themselves.
    const next = await startServerProcess({ database: db().server, port: server.port, env: ENV });
    const rest = [stays, observer];
    await allSynced(rest);
    await editsGrow([stays], 5);
    stays.stopEditing();
    await converged(rest);
    await eventually(async () => {
      const stored = Y.encodeStateVector(await db().load(docName!));
      expect(gone.editsIn(stored)).toBeGreaterThanOrEqual(heldByOthers);
      expect(stays.editsIn(stored)).toBe(stays.edits.length);
    }, WAIT_MS);
    expect(gone.problemsIn(snapshot(await db().load(docName!)), heldByOthers)).toEqual([]);
    expect(unexpectedCloses(rest)).toEqual([]);
    expect((await next.metrics()).get('collab_rejected_messages_total{reason="not_owner"}') ?? 0).toBe(0);
    expect(await next.stop()).toEqual({ code: 0, signal: null });
  });
});
