/**
 * `npm run bench:ifc` (issue #16): ArxOS's whole IFC import (web-ifc read, records, geometry
 * assets encoded and stored in a real database, the document written) beside web-ifc alone
 * (OpenModel + StreamAllMeshes + CloseModel) on the same files in the same run; target: ours
 * <= 1.5x web-ifc alone, and ours split by stage (read / doc / store). Also the encoded
 * document's size, the assets' total bytes, and the export (writeIfc) time.
 *
 *   npm run bench:ifc                 # PGlite (embedded, in memory)
 *   npm run bench:ifc -- --postgres   # Postgres at DATABASE_URL (a fresh database, dropped after)
 *   npm run bench:ifc -- --runs=9
 *
 * Also the floor: what this stack costs before any reading of ours (web-ifc's open and the meshes
 * of the products the import needs, with their vertex arrays; the same records written bare into
 * Yjs in the document's layout, no validation, while the same assets are stored). No reader can be faster
 * than its floor while it keeps these parts.
 *
 * And the whole import through the server (`via server`): what a client of
 * `POST /api/v1/buildings/{id}/import/ifc` waits for, route parsing aside.
 *
 * Each measurement alternates the sides (a slow drift of a shared 2-core machine hits both),
 * after one warm-up of each (the first run pays the JIT and web-ifc's wasm start-up). Medians.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { IfcAPI } from 'web-ifc';
import * as Y from 'yjs';
import { createPrismaClient } from '@/lib/db/client';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { PrismaAssetStore } from '@/lib/db/PrismaAssetStore';
import { initBuildingDoc, ORIGIN, readBuilding, transact } from '@/lib/doc';
import { readIfc } from '@/lib/ifc/read';
import { writeIfc } from '@/lib/ifc/write';
import { postgresKind } from '@/test/integration/db/testDatabases';
import pino from 'pino';
import { startCollabServer } from '@/collab-server/server';
import { createAccount } from '@/lib/auth/accounts';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';

const FILES = ['AC20-FZK-Haus.ifc', 'duplex.ifc', 'IfcOpenHouse_IFC4.ifc'];
const DIR = path.resolve(import.meta.dirname, '../../../../shared/ifc');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5);
const usePostgres = args.includes('--postgres');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main() {
  const db = usePostgres
    ? await postgresKind(process.env.DATABASE_URL ?? (() => { throw new Error('--postgres needs DATABASE_URL'); })()).create()
    : await (async () => {
        const server = await startEmbeddedPostgres({ dataDir: 'memory://' });
        return { url: server.url, teardown: () => server.stop() };
      })();
  await migrate(db.url);
  // The whole import as a client of the REST API waits for it (app/_lib/ifcImport.ts): read, the
  // records checked, the assets stored, the edits written through a real collaboration server on
  // the same database, validated there, applied to the live document and persisted.
  const secret = 'bench-ifc-secret-'.padEnd(48, 'x');
  const collabPrisma = createPrismaClient(db.url, { poolMax: 2 });
  const collab = await startCollabServer({ port: 0, store: new PrismaDocumentStore(collabPrisma), authSecret: secret, logger: pino({ level: 'silent' }) });
  Object.assign(process.env, { DATABASE_URL: db.url, AUTH_SECRET: secret, COLLAB_INTERNAL_URL: `http://127.0.0.1:${collab.port}` });
  const { importIfc } = await import('@/app/_lib/ifcImport');
  const { getPrisma } = await import('@/lib/db/client');
  const account = await createAccount(getPrisma(), { email: 'bench@example.com', name: 'Bench', password: 'password-of-bench' });
  if (!account.ok) throw new Error(account.error);
  let buildings = 0;
  const throughServer = async (bytes: Uint8Array) => {
    await prisma.$executeRawUnsafe('TRUNCATE assets');
    const t = performance.now();
    await importIfc(`bench-${++buildings}`, bytes, { user: account.value.id, maxBytes: bytes.byteLength });
    return performance.now() - t;
  };
  const prisma = createPrismaClient(db.url, { poolMax: 4 });
  const store = new PrismaAssetStore(prisma);
  const api = new IfcAPI();
  await api.Init();

  const webIfcAlone = (bytes: Uint8Array) => {
    const t = performance.now();
    const id = api.OpenModel(bytes, { COORDINATE_TO_ORIGIN: false });
    let meshes = 0;
    api.StreamAllMeshes(id, () => void meshes++);
    api.CloseModel(id);
    return { ms: performance.now() - t, meshes };
  };
  /**
   * One turn of the event loop, so that a query just started goes out before synchronous work
   * (the app awaits a document load at that point, app/_lib/ifcImport.ts).
   */
  const sent = () => new Promise((resolve) => setImmediate(resolve));
  /** The products readIfc meshes for `bytes` (web-ifc's StreamMeshes wrapped for one read). */
  const meshedProducts = async (bytes: Uint8Array) => {
    const streamed: number[] = [];
    const original = IfcAPI.prototype.StreamMeshes;
    IfcAPI.prototype.StreamMeshes = function (this: IfcAPI, ...args: Parameters<IfcAPI['StreamMeshes']>) {
      streamed.push(...args[1]);
      return original.apply(this, args);
    };
    try {
      await readIfc(bytes);
    } finally {
      IfcAPI.prototype.StreamMeshes = original;
    }
    return streamed;
  };
  const floor = async (bytes: Uint8Array, products: number[], imported: Awaited<ReturnType<typeof readIfc>>) => {
    await prisma.$executeRawUnsafe('TRUNCATE assets');
    const t = performance.now();
    const id = api.OpenModel(bytes, { COORDINATE_TO_ORIGIN: false });
    const seen = new Set<number>();
    api.StreamMeshes(id, products, (mesh) => {
      for (let i = 0; i < mesh.geometries.size(); i++) {
        const placed = mesh.geometries.get(i);
        if (seen.has(placed.geometryExpressID)) continue;
        seen.add(placed.geometryExpressID);
        const geometry = api.GetGeometry(id, placed.geometryExpressID);
        api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize());
        api.GetIndexArray(geometry.GetIndexData(), geometry.GetIndexDataSize());
        geometry.delete();
      }
    }, true);
    api.CloseModel(id);
    const storing = store.putAssets([...imported.assets].map(([hash, b]) => ({ hash, bytes: b })));
    await sent();
    const doc = new Y.Doc();
    doc.transact(() => {
      const set = (map: Y.Map<unknown>, record: object) => {
        for (const [key, value] of Object.entries(record)) {
          if (key !== 'props') map.set(key, value);
          else {
            const props = new Y.Map<unknown>();
            map.set('props', props);
            for (const [name, prop] of Object.entries(value as object)) props.set(name, prop);
          }
        }
      };
      for (const s of imported.storeys) set(doc.getMap('storeys').set(s.id, new Y.Map()), s);
      for (const e of imported.elements) set(doc.getMap('elements').set(e.id, new Y.Map()), e);
    });
    Y.encodeStateAsUpdate(doc);
    await storing;
    return performance.now() - t;
  };
  const ours = async (bytes: Uint8Array) => {
    await prisma.$executeRawUnsafe('TRUNCATE assets');
    const t = performance.now();
    const imported = await readIfc(bytes);
    const read = performance.now();
    // As app/_lib/ifcImport.ts does: the assets INSERT runs while the document is written.
    const storing = store.putAssets([...imported.assets].map(([hash, b]) => ({ hash, bytes: b })));
    await sent();
    const doc = new Y.Doc();
    initBuildingDoc(doc, { name: imported.project.building || 'Imported', address: '' }, ORIGIN.import);
    const written = transact(doc, ORIGIN.import, (tx) => {
      for (const s of imported.storeys) tx.addStorey(s);
      for (const e of imported.elements) tx.addElement(e);
    });
    if (!written.ok) throw new Error(written.error.message);
    const docBytes = Y.encodeStateAsUpdate(doc).byteLength;
    const docDone = performance.now();
    await storing;
    const end = performance.now();
    const assetBytes = [...imported.assets.values()].reduce((n, b) => n + b.byteLength, 0);
    // The split: readIfc (parse, semantics, meshes, records, assets encoded and hashed); the
    // document (validated transaction and its encoded update); the asset store (one INSERT, sent
    // before the document is written: what is left of it after the document).
    const stages = { read: read - t, doc: docDone - read, store: end - docDone };
    return { ms: end - t, stages, docBytes, assetBytes, assets: imported.assets.size, elements: imported.elements.length, doc, imported };
  };

  const rows: Record<string, unknown>[] = [];
  for (const file of FILES) {
    const bytes = new Uint8Array(readFileSync(path.join(DIR, file)));
    log(`${file}: warm-up`);
    webIfcAlone(bytes);
    const warm = await ours(bytes);
    const products = await meshedProducts(bytes);
    await floor(bytes, products, warm.imported);
    const a: number[] = [];
    const f: number[] = [];
    const served: number[] = [];
    const b: number[] = [];
    const e: number[] = [];
    const split: { read: number[]; doc: number[]; store: number[] } = { read: [], doc: [], store: [] };
    let last = warm;
    let meshes = 0;
    let exportBytes = 0;
    for (let r = 0; r < runs; r++) {
      const alone = webIfcAlone(bytes);
      a.push(alone.ms);
      meshes = alone.meshes;
      f.push(await floor(bytes, products, warm.imported));
      last = await ours(bytes);
      b.push(last.ms);
      for (const stage of ['read', 'doc', 'store'] as const) split[stage].push(last.stages[stage]);
    }
    // Through the server in a loop of its own too: the collaboration server's rooms and writes
    // (and their garbage) would otherwise run into the next alternating pair.
    await throughServer(bytes);
    for (let r = 0; r < runs; r++) served.push(await throughServer(bytes));
    // The export in a loop of its own: its garbage (a 2 MB STEP file, web-ifc's line objects) is
    // then not collected in the middle of the next import run.
    const snapshot = readBuilding(last.doc);
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      const out = await writeIfc(snapshot, { assets: (h) => last.imported.assets.get(h) });
      e.push(performance.now() - t);
      exportBytes = out.byteLength;
    }
    const row = {
      file,
      sizeMB: bytes.byteLength / 2 ** 20,
      webIfcMs: median(a),
      oursMs: median(b),
      ratio: median(b) / median(a),
      servedMs: median(served),
      servedRatio: median(served) / median(a),
      floorMs: median(f),
      floorRatio: median(f) / median(a),
      meshedProducts: products.length,
      readMs: median(split.read),
      docMs: median(split.doc),
      storeMs: median(split.store),
      meshes,
      elements: last.elements,
      docKB: last.docBytes / 1024,
      assets: last.assets,
      assetKB: last.assetBytes / 1024,
      exportMs: median(e),
      exportKB: exportBytes / 1024,
      runsWebIfcMs: a,
      runsOursMs: b,
      runsExportMs: e,
      runsFloorMs: f,
      runsServedMs: served,
      runsReadMs: split.read,
      runsDocMs: split.doc,
      runsStoreMs: split.store,
    };
    rows.push(row);
    log(`${file}: web-ifc ${row.webIfcMs.toFixed(0)} ms, floor ${row.floorMs.toFixed(0)} ms (${row.floorRatio.toFixed(2)}x), ours ${row.oursMs.toFixed(0)} ms (${row.ratio.toFixed(2)}x; read ${row.readMs.toFixed(0)}, doc ${row.docMs.toFixed(0)}, store ${row.storeMs.toFixed(0)}), through the server ${row.servedMs.toFixed(0)} ms (${row.servedRatio.toFixed(2)}x), export ${row.exportMs.toFixed(0)} ms`);
  }
  await prisma.$disconnect();
  await collab.close();
  await collabPrisma.$disconnect();
  await getPrisma().$disconnect();
  await db.teardown();

  const pad = (s: string, n: number) => s.padStart(n);
  console.log(`\nIFC import benchmark (${os.cpus().length} cores, ${usePostgres ? 'Postgres' : 'PGlite'}, median of ${runs} alternating runs after a warm-up)\n`);
  console.log(`${'file'.padEnd(24)}${pad('MB', 6)}${pad('web-ifc alone', 15)}${pad('floor', 8)}${pad('ratio', 7)}${pad('ArxOS import', 14)}${pad('ratio', 7)}${pad('read', 6)}${pad('doc', 5)}${pad('store', 7)}${pad('via server', 12)}${pad('ratio', 7)}${pad('elements', 10)}${pad('doc KB', 9)}${pad('assets', 8)}${pad('asset KB', 10)}${pad('export ms', 11)}${pad('export KB', 11)}`);
  for (const r of rows as { file: string; sizeMB: number; webIfcMs: number; oursMs: number; ratio: number; floorMs: number; floorRatio: number; servedMs: number; servedRatio: number; readMs: number; docMs: number; storeMs: number; elements: number; docKB: number; assets: number; assetKB: number; exportMs: number; exportKB: number }[]) {
    console.log(
      `${r.file.padEnd(24)}${pad(r.sizeMB.toFixed(2), 6)}${pad(`${r.webIfcMs.toFixed(0)} ms`, 15)}${pad(`${r.floorMs.toFixed(0)} ms`, 8)}${pad(`${r.floorRatio.toFixed(2)}x`, 7)}${pad(`${r.oursMs.toFixed(0)} ms`, 14)}${pad(`${r.ratio.toFixed(2)}x`, 7)}${pad(r.readMs.toFixed(0), 6)}${pad(r.docMs.toFixed(0), 5)}${pad(r.storeMs.toFixed(0), 7)}${pad(`${r.servedMs.toFixed(0)} ms`, 12)}${pad(`${r.servedRatio.toFixed(2)}x`, 7)}${pad(String(r.elements), 10)}${pad(r.docKB.toFixed(0), 9)}${pad(String(r.assets), 8)}${pad(r.assetKB.toFixed(0), 10)}${pad(r.exportMs.toFixed(0), 11)}${pad(r.exportKB.toFixed(0), 11)}`,
    );
  }
  console.log('\nfloor = what this stack costs before any reading of ours: web-ifc\'s open and the meshes of the products the import needs (vertex arrays fetched), the same records written bare into Yjs in the document\'s layout (no validation) and encoded while the same assets are stored.');
  console.log('via server = the whole import as a REST client waits for it (app/_lib/ifcImport.ts: read, records checked, assets stored, edits written through a real collaboration server on the same database and persisted), into a new building each run.');
  console.log('read = readIfc (parse, semantics, the meshes it needs, records, assets encoded and hashed); doc = the validated transaction and its encoded update; store = what is left of the assets INSERT after the document (it is sent before the document is written). Medians each, so they need not add up to the total.');
  console.log('Target: ArxOS import <= 1.5x web-ifc alone.');
  const out = path.resolve(import.meta.dirname, '../results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `ifc-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version }, database: usePostgres ? 'postgres' : 'pglite', runs, rows }, null, 2));
  console.log(`\nwritten ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
