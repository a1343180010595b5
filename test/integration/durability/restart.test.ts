/**
 * Issue #3, durability across server restarts: the collaboration server runs as a real process
 * (collab-server/index.ts); it is stopped gracefully (SIGTERM) or killed (SIGKILL) while stock
 * y-websocket clients edit, then started again on the same port. What it wrote is read directly
 * from the database. ARCHITECTURE.md section 4, SPEC 12 and 16.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually } from '../collab/harness';
import { docOf, snapshot } from '../collab/model';
import { destroyClients } from './clients';
import { describeDurability } from './database';
import { startServerProcess } from './serverProcess';
import { allSynced, converged, editsGrow, expectEveryEdit, openSession, unexpectedCloses, WAIT_MS, type Session } from './session';

/** Each editor edits every EDIT_MS (5 editors: ~250 edits/s on the server at most). */
const EDIT_MS = 20;

/** Restarts on `port`, lets the editors reconnect and edit on, stops them, and checks every copy holds every edit. */
async function resumeAndVerify(session: Session, start: (port: number) => ReturnType<typeof startServerProcess>, port: number, load: (doc: string) => Promise<Y.Doc>) {
  const server = await start(port);
  // The providers reconnect by themselves (1001 and 1006 are not 44xx) and re-send what the server lacks.
  await allSynced(session.all);
  await editsGrow(session.editors, 10);
  for (const editor of session.editors) editor.stopEditing();
  const stateVector = await converged(session.all);
  for (const client of session.all) expectEveryEdit(client.doc, session.editors, `client ${client.doc.clientID}`);

  expect(await server.stop()).toEqual({ code: 0, signal: null });
  const stored = await load(session.docName);
  expect(Y.encodeStateVector(stored)).toEqual(stateVector);
  expectEveryEdit(stored, session.editors, 'database');
  expect(snapshot(stored)).toEqual(snapshot(session.observer.doc));
  expect(unexpectedCloses(session.all)).toEqual([]);
  expect(session.editors.flatMap((e) => e.failures)).toEqual([]);
  destroyClients();
}

describeDurability('collab server process: restarts', describe, (db) => {
  const start = (port = 0) => startServerProcess({ database: db().server, port });

  it('restarting the server gracefully mid-session keeps every edit', async () => {
    const server = await start();
    const [docName] = await db().modelDocs();
    const session = await openSession(server.url, docName!, 4, 1);
    const { editors, observer } = session;
    for (const editor of editors) editor.startEditing(EDIT_MS);
    await editsGrow(editors, 20);
    // A checkpoint: the server has merged (and broadcast) at least 10 edits of every editor.
    await eventually(() => editors.forEach((e) => expect(e.editsIn(observer.stateVector())).toBeGreaterThanOrEqual(10)), WAIT_MS);

    const pending = (await server.metrics()).get('collab_persistence_pending_updates');
    const made = editors.map((e) => e.edits.length);
    expect(await server.stop()).toEqual({ code: 0, signal: null });

    // The observer never edits: its copy at the server's 1001 is exactly what the server had
    // merged when it closed the connections (broadcasts precede the close frame on each socket).
    expect(observer.closeCodes[0]).toBe(1001);
    const accepted = docOf(observer.stateAtClose[0]!);
    const stored = await db().load(session.docName);
    const storedVector = Y.encodeStateVector(stored);
    console.log(
      `[graceful stop] updates pending at the server just before SIGTERM: ${pending}; edits per editor made when SIGTERM was sent / stored: ` +
        editors.map((e, i) => `${made[i]} / ${e.editsIn(storedVector)}`).join(', '),
    );
    expect(storedVector).toEqual(Y.encodeStateVector(accepted));
    expect(snapshot(stored)).toEqual(snapshot(accepted));
    for (const editor of editors) {
      const count = editor.editsIn(storedVector);
      expect(count).toBeGreaterThanOrEqual(10);
      expect(editor.problemsIn(snapshot(stored), count)).toEqual([]);
    }
    // Edits still in flight at the SIGTERM (sent but not merged) are re-sent after the restart.
    await resumeAndVerify(session, start, server.port, (doc) => db().load(doc));
  });

  it('SIGKILL while 5 clients edit loses nothing', async () => {
    const server = await start();
    const [docName] = await db().modelDocs();
    const session = await openSession(server.url, docName!, 5, 2);
    const { editors, observer } = session;
    for (const editor of editors) editor.startEditing(EDIT_MS);
    await editsGrow(editors, 30);

    const made = editors.map((e) => e.edits.length);
    expect(await server.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    const storedDoc = await db().load(session.docName);
    const stored = Y.encodeStateVector(storedDoc);
    // What the crash left in the database is consistent: each editor's edits up to its last stored one, with their values.
    for (const editor of editors) expect(editor.problemsIn(snapshot(storedDoc), editor.editsIn(stored))).toEqual([]);
    await eventually(() => expect(observer.stateAtClose.length).toBeGreaterThan(0), WAIT_MS);
    const seen = Y.encodeStateVector(docOf(observer.stateAtClose[0]!));
    const madeTotal = made.reduce((a, b) => a + b, 0);
    const storedTotal = editors.reduce((n, e) => n + e.editsIn(stored), 0);
    const seenTotal = editors.reduce((n, e) => n + e.editsIn(seen), 0);
    console.log(
      `[SIGKILL] edits made ${madeTotal}, broadcast to the observer ${seenTotal}, in the database ${storedTotal}: ` +
        `${madeTotal - storedTotal} edits not stored at the kill (${Math.max(0, seenTotal - storedTotal)} of them merged by the server, ` +
        `the rest not yet received by it), to be re-sent by the clients`,
    );

    await editsGrow(editors, 5); // editing on while the server is down
    await resumeAndVerify(session, start, server.port, (doc) => db().load(doc));
  });
});
