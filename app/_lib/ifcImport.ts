/**
 * IFC in and out over REST (issue #16 point 6): the service behind
 * `POST /api/v1/buildings/{id}/import/ifc` and `GET /api/v1/buildings/{id}/export/ifc`.
 *
 * Import, nothing half-written:
 * 1. read the file (lib/ifc `readIfc`); an unreadable file is an {@link IfcImportError} and nothing
 *    is written at all;
 * 2. turn its storeys and elements into document edits (lib/doc `importEdits`: validated in a
 *    scratch document, storeys above the building's existing ones); refused -> no element written
 *    (its assets, stored meanwhile by step 3, stay: unreferenced and harmless);
 * 3. store its geometry assets (content-addressed: storing one twice changes nothing), while
 *    step 2 runs;
 * 4. write the edits as ONE server edit through the collaboration server (app/_lib/serverEdits.ts):
 *    an open editor sees the import arrive live; refused or unreachable -> no element written
 *    (the assets of step 3 stay: unreferenced, harmless, and found again by a retry).
 */
import * as Y from 'yjs';
import { getAssetStore, getDocumentStore } from '@/lib/db/client';
import { importEdits, importOrderBase, listStoreys, migrateDoc, ORIGIN } from '@/lib/doc';
import { readIfc } from '@/lib/ifc/read';
import { IfcImportError, importVersionLabel, type IfcImport, type ImportWarning } from '@/lib/ifc/types';
import { writeIfc } from '@/lib/ifc/write';
import type { BuildingSnapshot } from '@/lib/model';
import { docNames } from '@/lib/protocol';
import type { SavedVersion } from '@/lib/auth/serverEdit';
import { applyServerEdits } from './serverEdits';

/** What an import answers. */
export interface IfcImportSummary {
  /** Elements by kind, and `storeys` (lib/ifc `IfcImport.counts`). */
  counts: IfcImport['counts'];
  warnings: readonly ImportWarning[];
  /** The version saved just before the import (restoring it takes the import out). */
  versionBefore?: SavedVersion;
  /** Storeys and elements added to the building. */
  storeys: number;
  elements: number;
  schema: IfcImport['schema'];
  project: IfcImport['project'];
}

/** Why an import wrote nothing, besides an {@link IfcImportError} and a refused server edit. */
export class ImportRefused extends Error {
  override readonly name = 'ImportRefused';
}

/**
 * One import at a time per process: a read holds the file, web-ifc's model of it and the records
 * at once (several times the file's size), and web-ifc is one wasm heap shared by all reads.
 */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => {});
  return run;
}

/**
 * Imports IFC `bytes` into building `buildingId` as new storeys (above any it has) and elements,
 * as one change through the collaboration server. Throws {@link IfcImportError} (unreadable file),
 * {@link ImportRefused} (the model refuses the records) or `ServerEditError` (the collaboration
 * server refused or was unreachable); in each case no element was written.
 */
export async function importIfc(
  buildingId: string,
  bytes: Uint8Array,
  context: { user: string; maxBytes: number; signal?: AbortSignal },
): Promise<IfcImportSummary> {
  return oneAtATime(async () => {
    const imported = await readIfc(bytes, { maxBytes: context.maxBytes, signal: context.signal });
    const docName = docNames.model(buildingId);
    // The assets are stored while the records are checked (the database works on the INSERT
    // meanwhile); the edits are written only once both are done.
    const storing = getAssetStore().putAssets([...imported.assets].map(([hash, assetBytes]) => ({ hash, bytes: assetBytes })));
    let edits: ReturnType<typeof importEdits>;
    try {
      edits = importEdits(imported, { orderBase: importOrderBase(await existingStoreyOrders(docName)) });
    } catch (error) {
      await storing.catch(() => {});
      throw error;
    }
    if (!edits.ok) {
      await storing.catch(() => {});
      throw new ImportRefused(`the model refuses the file's records, so nothing was written: ${edits.error.message}`);
    }
    await storing;
    const applied = await applyServerEdits(docName, edits.value, {
      user: context.user,
      reason: 'import ifc',
      // The state just before the import, kept: restoring it takes the import back out.
      saveVersion: { label: importVersionLabel(imported), auto: true },
    });
    return {
      versionBefore: applied.version,
      counts: imported.counts,
      warnings: imported.warnings,
      storeys: imported.storeys.length,
      elements: imported.elements.length,
      schema: imported.schema,
      project: imported.project,
    };
  });
}

/**
 * The orders of the building's storeys as stored (what the collaboration server persisted, at most
 * its batch window, 100 ms, behind the live document: an import racing a storey added in that
 * window may share its order, which only sorts the two side by side).
 */
async function existingStoreyOrders(docName: string): Promise<number[]> {
  const { state } = await getDocumentStore().load(docName);
  if (!state) return [];
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state, ORIGIN.load);
    migrateDoc(doc);
    return listStoreys(doc).map((s) => s.order);
  } finally {
    doc.destroy();
  }
}

/**
 * `snapshot` as IFC4 bytes (lib/ifc `writeIfc`), with the stored geometry of its elements (loaded
 * first: the writer takes them synchronously). Elements whose asset is missing get a box.
 */
export async function exportIfc(buildingId: string, snapshot: BuildingSnapshot): Promise<Uint8Array> {
  const hashes = Object.values(snapshot.elements).flatMap((e) => (e.asset ? [e.asset] : []));
  const assets = await getAssetStore().getAssets(hashes);
  return writeIfc(snapshot, { buildingId, assets: (hash) => assets.get(hash)?.bytes });
}

/** A file name for `name` in a Content-Disposition header: ASCII-safe, and the full name for clients that read `filename*`. */
export function ifcAttachment(name: string): string {
  return attachment(name, '.ifc');
}

/** A Content-Disposition for a download named after `name` with `extension`, safe in both header forms. */
export function attachment(name: string, extension: string): string {
  const safe = name.replace(/[^A-Za-z0-9 _.-]+/g, '_').replace(/^[ .]+|[ .]+$/g, '').slice(0, 120) || 'building';
  const full = name.replace(/[\u0000-\u001f\u007f/\\]+/g, '_').trim().slice(0, 120) || 'building';
  return `attachment; filename="${safe}${extension}"; filename*=UTF-8''${encodeURIComponent(`${full}${extension}`)}`;
}

export { IfcImportError };
