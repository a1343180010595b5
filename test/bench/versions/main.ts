/**
 * `npm run bench:versions` (issue #17): versions and per-element history on a building of 20,000
 * elements (one in five a wall, the rest equipment, three user properties each, written through
 * lib/doc; building.ts), with the real collaboration server (its built process, as `npm start`
 * runs it: the collab bench's `arxos` target), real y-websocket clients and a real database:
 *
 *  1. save a version: `POST /internal/edit {saveVersion}` with the room loaded (a client
 *     connected): the server's answer, and the version's size (encoded state, and as the database
 *     stores it);
 *  2. diff two versions: app/_lib/versions.ts `diffVersions` itself (both versions loaded from the
 *     store, migrated, read, `diffSnapshots`, `fieldChanges`), v2 being v1 with 1 % of the elements
 *     changed and 0.25 % added and removed by an editor's client; and its steps timed apart;
 *  3. restore: `POST /internal/edit {restore}` with a y-websocket client connected: the server's
 *     answer (it saves the version before, writes the field edits, waits until they are stored)
 *     and request -> the client holding the restored content. Restoring v1 (v2 live) and v2 (v1
 *     live) take turns;
 *  4. the same building with 10,000 doc_changes rows for its elements and without, alternately:
 *     a cold load by the server (a fresh process per load, warmed up on a small other document;
 *     the collab bench's load client, connect -> all elements), `store.load()`, and `listChanges`.
 *
 * Medians of `--runs` (default 5; cold loads `--cold-runs`, default 4 per side) after a warm-up.
 * Prints a table and, beside it, the collaboration bench's latest figures; writes
 * test/bench/results/versions-<time>.json. Times are not asserted (a bench, not a test), but a
 * wrong result fails the run: a version whose content is not what was saved, a diff naming other
 * records than were edited, a client or store not holding exactly the restored version afterwards,
 * sides of the cold load with different states, listChanges returning the wrong rows.
 *
 *   npm run bench:versions                   # PGlite (the embedded socket server, own process, in memory)
 *   npm run bench:versions -- --postgres     # a fresh database on the Postgres server at DATABASE_URL, dropped after
 *   npm run bench:versions -- --runs=9 --cold-runs=6 --elements=20000
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { diffVersions } from '@/app/_lib/versions';
import { requestServerEdit, type ServerEditRequest } from '@/lib/auth/serverEdit';
import { createPrismaClient, getPrisma, type PrismaClient } from '@/lib/db/client';
import { EMBEDDED_URL_ENV } from '@/lib/db/config';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { getMaps, MAP_NAMES, migrateDoc, ORIGIN, readBuilding } from '@/lib/doc';
import { deepEqual, diffSnapshots, fieldChanges } from '@/lib/model';
import { docNames } from '@/lib/protocol';
import { freePort } from '@/test/helpers/ports';
import { buildCollabServer } from '@/scripts/buildCollabServer';
import { buildBuildingState } from '../collab/buildingDocs';
import { createBenchDatabase } from '../collab/database';
import { median } from '../collab/stats';
import { arxosTarget } from '../collab/targets/arxos';
import type { TargetContext } from '../collab/targets/types';
import { editToSecondVersion, generateBuilding, type SecondVersionEdits } from './building';
import { CHANGE_QUERIES, seedChanges, serverColdLoad, sideOrder, SIDES, storeLoad, timeListChanges, type ServerLoad, type Side } from './coldLoad';
import { collabFigures, formatRows, mb, writeJson, type Row } from './report';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(option('runs') ?? 5);
const COLD_RUNS = Number(option('cold-runs') ?? 4);
const ELEMENTS = Number(option('elements') ?? 20_000);
const USE_POSTGRES = args.includes('--postgres');
const HISTORY_ROWS = 10_000;
/** Diff runs whose steps are also timed apart (each costs as much as a diff). */
const STAGE_RUNS = Math.min(3, RUNS);
/** store.load runs per side (cheap: more of them). */
const STORE_RUNS = 2 * RUNS;
const EDITS = { changed: Math.round(ELEMENTS / 100), added: Math.round(ELEMENTS / 400), removed: Math.round(ELEMENTS / 400) };
const WARM_ELEMENTS = 200;
const USER = 'bench-user-0';

const BUILDINGS = { main: 'versions-main', withHistory: 'versions-cold-history', without: 'versions-cold-plain', warm: 'versions-warm' } as const;
const DOCS = Object.fromEntries(Object.entries(BUILDINGS).map(([k, id]) => [k, docNames.model(id)])) as Record<keyof typeof BUILDINGS, string>;
const sideDoc = (side: Side) => (side === 'with history' ? DOCS.withHistory : DOCS.without);

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const fail = (what: string): never => {
  throw new Error(`bench result wrong: ${what}`);
};

/** Resolves (with the time) once `check()` holds for `doc`, checked after each of its updates. */
function until(doc: Y.Doc, check: () => boolean, what: string, timeoutMs = 120_000): Promise<number> {
  if (check()) return Promise.resolve(performance.now());
  return new Promise((resolve, reject) => {
    const onUpdate = () => {
      if (!check()) return;
      const at = performance.now();
      clearTimeout(timer);
      doc.off('update', onUpdate);
      resolve(at);
    };
    const timer = setTimeout(() => {
      doc.off('update', onUpdate);
      reject(new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    doc.on('update', onUpdate);
  });
}

/** A document of `state`, applied as app/_lib/versions.ts applies a stored state. */
function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state, ORIGIN.load);
  return doc;
}

/** A building document's model content as plain JSON, map by map: what a restore must make equal. */
type Content = Record<(typeof MAP_NAMES)[number], Record<string, unknown>>;

function contentOf(doc: Y.Doc): Content {
  const maps = getMaps(doc);
  return Object.fromEntries(MAP_NAMES.map((name) => [name, maps[name].toJSON()])) as Content;
}

/** {@link contentOf} a state. */
function contentOfState(state: Uint8Array): Content {
  const doc = docOf(state);
  try {
    return contentOf(doc);
  } finally {
    doc.destroy();
  }
}

/** Whether `doc` holds the elements `ids` exactly as `target` has them (absent where it lacks them). */
function holdsRecords(doc: Y.Doc, target: Content, ids: readonly string[]): boolean {
  const elements = getMaps(doc).elements;
  return ids.every((id) => {
    const want = target.elements[id];
    const have = elements.get(id) as Y.Map<unknown> | undefined;
    return want === undefined ? have === undefined : have !== undefined && deepEqual(have.toJSON(), want);
  });
}

/** Fails unless `actual` is `expected`, naming the first records that differ. */
function expectSame(actual: Content, expected: Content, what: string): void {
  if (deepEqual(actual, expected)) return;
  const differing = MAP_NAMES.flatMap((name) =>
    [...new Set([...Object.keys(actual[name]), ...Object.keys(expected[name])])].filter((id) => !deepEqual(actual[name][id], expected[name][id])).map((id) => `${name}.${id}`),
  );
  fail(`${what} differs from what it must be in ${differing.length} records (${differing.slice(0, 5).join(', ')})`);
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg();
  if (USE_POSTGRES && !process.env.DATABASE_URL) throw new Error('--postgres needs DATABASE_URL (the server on which a fresh database is created)');
  log(`${ELEMENTS} elements, ${RUNS} runs (cold loads ${COLD_RUNS} per side) after a warm-up; database ${USE_POSTGRES ? 'Postgres' : 'PGlite'}`);
  if (buildCollabServer().built) log('built the collaboration server (dist/collab-server)');
  const db = await createBenchDatabase(USE_POSTGRES ? 'postgres' : 'pglite', process.env.DATABASE_URL ?? '', false);
  // diffVersions reads through the web app's store (lib/db/client getDocumentStore): the bench database.
  if (USE_POSTGRES) process.env.DATABASE_URL = db.url;
  else {
    delete process.env.DATABASE_URL;
    process.env[EMBEDDED_URL_ENV] = db.url;
  }
  const ctx: TargetContext = { dbUrl: db.url, secret: randomBytes(32).toString('hex') };
  const prisma = createPrismaClient(db.url, { poolMax: 4 });
  const store = new PrismaDocumentStore(prisma);
  try {
    log('generating the building');
    const building = generateBuilding(ELEMENTS, 'Versions bench building');
    const v1Content = contentOfState(building.state);
    log(`building: ${building.walls} walls, ${building.equipment} equipment, ${mb(building.state.byteLength)} encoded, generated in ${(building.ms / 1000).toFixed(1)} s; seeding`);
    await arxosTarget.seed(ctx, [
      { name: DOCS.main, state: building.state },
      { name: DOCS.withHistory, state: building.state },
      { name: DOCS.without, state: building.state },
      { name: DOCS.warm, state: buildBuildingState(WARM_ELEMENTS, 'Warm-up building') },
    ]);
    await seedChanges(store, DOCS.withHistory, HISTORY_ROWS, ELEMENTS);

    const live = await versionsOnServer(ctx, prisma, store, v1Content);
    const cold = await coldLoads(ctx, store);
    report({ building, live, cold, started, loadBefore });
  } finally {
    await prisma.$disconnect();
    await getPrisma().$disconnect();
    await db.drop();
  }
}

/** Points 1-3: saves, the diff, restores, on one server with the main building's room loaded. */
async function versionsOnServer(ctx: TargetContext, prisma: PrismaClient, store: PrismaDocumentStore, v1Content: Content) {
  const port = await freePort();
  const server = arxosTarget.start(port, ctx);
  const edit = async (body: ServerEditRequest) => {
    const t = performance.now();
    const result = await requestServerEdit(body, ctx.secret, { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 120_000 });
    const ms = performance.now() - t;
    if (!result.ok) throw new Error(`bench: ${body.reason} failed: ${result.error.message} (server log: ${server.logFile})`);
    return { ms, t, value: result.value };
  };
  const connections: { destroy(): void }[] = [];
  try {
    await server.ready;
    const observer = new Y.Doc();
    const connection = await arxosTarget.connect({ port, docName: DOCS.main, doc: observer, clientIndex: 0, ctx });
    connections.push(connection);
    await connection.ready;
    await until(observer, () => getMaps(observer).elements.size === ELEMENTS, 'the first client holding the building');

    // 1. Saves, the room loaded (v1: the building as generated).
    log('1. saving versions');
    const saves: number[] = [];
    let v1 = '';
    for (let r = 0; r <= RUNS; r++) {
      const saved = await edit({ doc: DOCS.main, edits: [], saveVersion: { label: `v1 (${r})` }, user: USER, reason: 'bench save' });
      if (saved.value.version === undefined || saved.value.applied !== 0) fail(`a save answered ${JSON.stringify(saved.value)}`);
      if (r === 0) v1 = saved.value.version!.id;
      else saves.push(saved.ms);
    }
    const stored = await versionBytes(v1);
    expectSame(contentOfState((await store.loadVersion(v1))!.state), v1Content, 'the saved v1');

    // v2: an editor's client changes 1 %, adds and removes some; then saved.
    log('2. editing to v2 and diffing');
    const editor = new Y.Doc();
    const editorConnection = await arxosTarget.connect({ port, docName: DOCS.main, doc: editor, clientIndex: 1, ctx });
    connections.push(editorConnection);
    await editorConnection.ready;
    const edits = editToSecondVersion(editor, ELEMENTS, EDITS);
    const v2Content = contentOf(editor);
    const touched = [...edits.changed, ...edits.added, ...edits.removed];
    await until(observer, () => holdsRecords(observer, v2Content, touched), 'the other client receiving the v2 edits');
    editorConnection.destroy();
    editor.destroy();
    const v2 = (await edit({ doc: DOCS.main, edits: [], saveVersion: { label: 'v2' }, user: USER, reason: 'bench save' })).value.version!.id;
    expectSame(contentOfState((await store.loadVersion(v2))!.state), v2Content, 'the saved v2');

    // 2. The diff, as the versions API makes it; in the first STAGE_RUNS runs also its steps apart.
    const diffs: number[] = [];
    const stages = { load: [] as number[], apply: [] as number[], migrate: [] as number[], read: [] as number[], diff: [] as number[] };
    for (let r = 0; r <= RUNS; r++) {
      const t = performance.now();
      const result = await diffVersions(BUILDINGS.main, v1, v2);
      const ms = performance.now() - t;
      checkDiff(result, edits);
      if (r === 0) continue;
      diffs.push(ms);
      if (r > STAGE_RUNS) continue;
      const t0 = performance.now();
      const from = await store.loadVersion(v1);
      const to = await store.loadVersion(v2);
      const t1 = performance.now();
      const docs = [docOf(from!.state), docOf(to!.state)];
      const t2 = performance.now();
      for (const doc of docs) if (!migrateDoc(doc).ok) fail('a version could not be migrated');
      const t3 = performance.now();
      const [a, b] = docs.map((doc) => readBuilding(doc));
      const t4 = performance.now();
      const diff = diffSnapshots(a!, b!);
      const changes = diff.elements.changed.map(({ id, fields }) => fieldChanges(a!.elements[id] as never, b!.elements[id] as never, fields));
      const t5 = performance.now();
      for (const doc of docs) doc.destroy();
      if (changes.length !== edits.changed.length) fail(`the diff's steps found ${changes.length} changed elements`);
      stages.load.push(t1 - t0);
      stages.apply.push(t2 - t1);
      stages.migrate.push(t3 - t2);
      stages.read.push(t4 - t3);
      stages.diff.push(t5 - t4);
    }

    // 3. Restores, a client connected: v1 while v2 is live, then v2 while v1 is live, in turns.
    log('3. restoring');
    const restores = { v1: { answer: [] as number[], client: [] as number[], applied: 0 }, v2: { answer: [] as number[], client: [] as number[], applied: 0 } };
    for (let r = 0; r <= RUNS; r++) {
      for (const [name, id, target] of [['v1', v1, v1Content], ['v2', v2, v2Content]] as const) {
        const arrived = until(observer, () => holdsRecords(observer, target, touched), `the client receiving the restore of ${name}`);
        const answered = await edit({ doc: DOCS.main, edits: [], restore: id, user: USER, reason: 'bench restore' });
        const clientAt = await arrived;
        if (answered.value.skipped.length > 0 || answered.value.version === undefined) fail(`the restore of ${name} answered ${JSON.stringify(answered.value).slice(0, 300)}`);
        expectSame(contentOf(observer), target, `the client after restoring ${name}`);
        if (r === 0 || r === RUNS) expectSame(contentOfState((await store.load(DOCS.main)).state!), target, `the stored document after restoring ${name}`);
        if (r === 0) continue;
        restores[name].answer.push(answered.ms);
        restores[name].client.push(clientAt - answered.t);
        restores[name].applied = answered.value.applied;
      }
    }
    return { saves, stored, diffs, stages, restores, edits: { changed: edits.changed.length, added: edits.added.length, removed: edits.removed.length } };
  } finally {
    for (const c of connections) c.destroy();
    await server.stop();
  }

  async function versionBytes(id: string) {
    const [row] = await prisma.$queryRaw<{ raw: number; stored: number }[]>`SELECT octet_length(bytes)::int AS raw, pg_column_size(bytes)::int AS stored FROM doc_versions WHERE id = ${id}`;
    if (!row) fail(`version ${id} is not in doc_versions`);
    return row!;
  }
}

/** Fails unless the diff names exactly the edited records, with before/after values that differ. */
function checkDiff(result: Awaited<ReturnType<typeof diffVersions>>, edits: SecondVersionEdits): void {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  const e = result.elements;
  if (!same(e.changed.map((c) => c.id), edits.changed)) fail(`the diff names ${e.changed.length} changed elements, ${edits.changed.length} were changed`);
  if (!same(e.added.map((c) => c.id), edits.added)) fail(`the diff names ${e.added.length} added elements, ${edits.added.length} were added`);
  if (!same(e.removed.map((c) => c.id), edits.removed)) fail(`the diff names ${e.removed.length} removed elements, ${edits.removed.length} were removed`);
  if (e.changed.some((c) => c.fields.length === 0 || c.fields.some((f) => deepEqual(f.before, f.after)))) fail('the diff has a changed element without a changed value');
  const others = [result.storeys, result.connections].some((c) => c.added.length + c.removed.length + c.changed.length > 0) || result.meta.length > 0;
  if (others) fail('the diff names changes outside the elements');
}

/** Point 4: the building with and without history, alternately. */
async function coldLoads(ctx: TargetContext, store: PrismaDocumentStore) {
  log(`4. loads with ${HISTORY_ROWS} history rows and without`);
  const storeLoads: { side: Side; ms: number }[] = [];
  const bytes = new Map<Side, number>();
  for (let r = 0; r <= STORE_RUNS; r++) {
    for (const side of sideOrder(r)) {
      const loaded = await storeLoad(store, sideDoc(side));
      if ((bytes.get(side) ?? loaded.bytes) !== loaded.bytes) fail(`store.load of ${side} gave ${loaded.bytes} bytes, before ${bytes.get(side)}`);
      bytes.set(side, loaded.bytes);
      if (r > 0) storeLoads.push({ side, ms: loaded.ms });
    }
  }
  if (bytes.get('with history') !== bytes.get('without')) fail(`the two sides' states differ (${bytes.get('with history')} and ${bytes.get('without')} bytes)`);
  const listChanges = CHANGE_QUERIES.map(() => [] as number[]);
  for (let r = 0; r <= RUNS; r++) {
    for (const [q, query] of CHANGE_QUERIES.entries()) {
      const ms = await timeListChanges(store, DOCS.withHistory, query);
      if (r > 0) listChanges[q]!.push(ms);
    }
  }
  // A fresh server process per load; one warm-up load first (the database has read both documents above).
  const serverLoads: ServerLoad[] = [];
  for (let r = 0; r <= COLD_RUNS; r++) {
    for (const side of r === 0 ? (['without'] as const) : sideOrder(r)) {
      const load = await serverColdLoad(ctx, { name: DOCS.warm, elements: WARM_ELEMENTS }, sideDoc(side), ELEMENTS);
      log(`  cold load ${side}${r === 0 ? ' (warm-up)' : ''}: ${load.loadedMs.toFixed(0)} ms to all elements (state received at ${load.receivedMs.toFixed(0)} ms)`);
      if (r > 0) serverLoads.push({ side, ...load });
    }
  }
  return { storeLoads, listChanges, serverLoads, stateBytes: bytes.get('without')! };
}

function report(input: {
  building: ReturnType<typeof generateBuilding>;
  live: Awaited<ReturnType<typeof versionsOnServer>>;
  cold: Awaited<ReturnType<typeof coldLoads>>;
  started: number;
  loadBefore: number[];
}): void {
  const { building, live, cold } = input;
  const { edits, restores } = live;
  const side = (s: Side, pick: (l: ServerLoad) => number) => cold.serverLoads.filter((l) => l.side === s).map(pick);
  const storeSide = (s: Side) => cold.storeLoads.filter((l) => l.side === s).map((l) => l.ms);
  const ratio = (a: readonly number[], b: readonly number[]) => `${(median(a) / median(b)).toFixed(2)}x`;
  const rows: Row[] = [
    { label: 'save a version (POST saveVersion, room loaded): answer', runs: live.saves },
    { label: '  the version stored', text: `${mb(live.stored.raw)} (in the database: ${mb(live.stored.stored)})` },
    { label: `diff v1 -> v2 (diffVersions: ${edits.changed} changed, ${edits.added} added, ${edits.removed} removed)`, runs: live.diffs },
    { label: `  its steps (${STAGE_RUNS} runs): load both versions from the store`, runs: live.stages.load },
    { label: '  Y.applyUpdate, both', runs: live.stages.apply },
    { label: '  migrateDoc, both', runs: live.stages.migrate },
    { label: '  readBuilding, both', runs: live.stages.read },
    { label: '  diffSnapshots + fieldChanges', runs: live.stages.diff },
    { label: `restore v1 (v2 live; ${restores.v1.applied} edits): server answer`, runs: restores.v1.answer },
    { label: '  request -> the client holds v1', runs: restores.v1.client },
    { label: `restore v2 (v1 live; ${restores.v2.applied} edits): server answer`, runs: restores.v2.answer },
    { label: '  request -> the client holds v2', runs: restores.v2.client },
    ...SIDES.flatMap((s): Row[] => [
      { label: `cold load by the server, ${s === 'with history' ? `${HISTORY_ROWS / 1000}k history rows` : 'no history rows'}: connect -> all elements`, runs: side(s, (l) => l.loadedMs) },
      { label: '  connect -> state received (the server\'s share)', runs: side(s, (l) => l.receivedMs) },
    ]),
    { label: '  with / without (medians, all elements)', text: ratio(side('with history', (l) => l.loadedMs), side('without', (l) => l.loadedMs)) },
    ...SIDES.map((s): Row => ({ label: `store.load() (${STORE_RUNS} runs), ${s === 'with history' ? `${HISTORY_ROWS / 1000}k history rows` : 'no history rows'}`, runs: storeSide(s) })),
    { label: '  with / without (medians)', text: ratio(storeSide('with history'), storeSide('without')) },
    ...CHANGE_QUERIES.map((q, i): Row => ({ label: `${q.name}, ${HISTORY_ROWS / 1000}k rows in the table`, runs: cold.listChanges[i]! })),
  ];
  const minutes = ((Date.now() - input.started) / 60_000).toFixed(1);
  const load = `load average ${input.loadBefore[0]!.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end`;
  console.log(
    `\nVersions benchmark (${os.cpus().length} cores, ${USE_POSTGRES ? 'Postgres' : 'PGlite'}, ${minutes} min, ${load})\n` +
      `Building: ${ELEMENTS} elements (${building.walls} walls, ${building.equipment} equipment, 3 properties each), ${mb(building.state.byteLength)} encoded; ` +
      `median of ${RUNS} runs after a warm-up (cold loads: ${COLD_RUNS} per side, a fresh server process each), the two sides taking turns.\n`,
  );
  console.log(formatRows(rows));
  console.log(
    '\nA restore\'s answer includes saving the version before it ("Before restoring …") and waiting until its edits are stored; the client may hold ' +
      'the restored state before the answer. History rows live in doc_changes, apart from the document\'s log: a load never reads them. ' +
      'The collab bench\'s cold-load building below is equipment only, without properties (test/bench/collab/buildingDocs.ts).\n',
  );
  const collab = collabFigures(ELEMENTS);
  console.log(`${collab.text}\n`);
  const file = writeJson({
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: os.totalmem() / 2 ** 30, node: process.version, loadBefore: input.loadBefore, loadAfter: os.loadavg() },
    database: USE_POSTGRES ? 'postgres' : 'pglite',
    config: { elements: ELEMENTS, runs: RUNS, coldRuns: COLD_RUNS, stageRuns: STAGE_RUNS, storeRuns: STORE_RUNS, historyRows: HISTORY_ROWS, edits: EDITS },
    building: { walls: building.walls, equipment: building.equipment, stateBytes: building.state.byteLength, generateMs: building.ms },
    save: { runsMs: live.saves, medianMs: median(live.saves), versionBytes: live.stored.raw, storedBytes: live.stored.stored },
    diff: { runsMs: live.diffs, medianMs: median(live.diffs), stagesMs: live.stages, edits },
    restore: restores,
    coldLoad: { serverLoads: cold.serverLoads, storeLoads: cold.storeLoads, stateBytes: cold.stateBytes },
    listChanges: CHANGE_QUERIES.map((q, i) => ({ query: q.name, runsMs: cold.listChanges[i], medianMs: median(cold.listChanges[i]!) })),
    collabFiles: collab.files,
  });
  console.log(`results: ${file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
