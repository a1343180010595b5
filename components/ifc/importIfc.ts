/**
 * The browser side of an IFC import (issue #16.5): read the file in a worker (phases `reading`
 * and `geometry`), upload its geometry assets (`writing`), then write the storeys and elements
 * into the open document as ONE local transaction: live for everyone through the collaboration
 * server, and one step of the importer's undo. Cancel stops the worker or the upload; nothing is
 * written to the document before the last step, and that step is all-or-nothing (BuildingTx).
 */
import * as Y from 'yjs';
import type { Editor } from '@/components/editor/Editor';
import { ORIGIN, transact } from '@/lib/doc';
import { DEFAULT_MAX_MESSAGE_BYTES } from '@/lib/protocol';
import { IfcImportError, importVersionLabel, type IfcImport, type ImportProgress } from '@/lib/ifc/types';
import type { Storey } from '@/lib/model';
import { WEB_IFC_WASM_PATH } from './webIfcVersion';
import type { WorkerImport, WorkerReply } from './workerProtocol';

/** The largest file the browser reads (the server's own limit applies to the REST import). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/**
 * The largest import written as one undoable change from the browser: the change travels to the
 * collaboration server as one message, which must stay under its limit (lib/protocol) with room to
 * spare. A larger import goes through the server's REST import instead (no undo there).
 */
export const MAX_UNDOABLE_IMPORT_BYTES = Math.floor(DEFAULT_MAX_MESSAGE_BYTES * 0.75);
/** Assets are uploaded in requests of about this many bytes. */
const UPLOAD_BATCH_BYTES = 4 * 1024 * 1024;

/** A running import: its result, and a way to stop it. */
export interface ImportRun<T> {
  readonly done: Promise<T>;
  cancel(): void;
}

const cancelled = () => new IfcImportError('cancelled', 'The import was cancelled; nothing was written.');

/** Reads an IFC file in a module worker; progress in phases `reading` and `geometry`. */
export function readIfcInWorker(file: Blob, onProgress: (p: ImportProgress) => void): ImportRun<IfcImport> {
  let worker: Worker | undefined;
  let stop: ((error: Error) => void) | undefined;
  let stopped = false;
  const done = (async () => {
    if (file.size > MAX_IMPORT_BYTES) throw new IfcImportError('too_large', `The file is ${mb(file.size)}; the most the browser imports is ${mb(MAX_IMPORT_BYTES)}.`);
    onProgress({ phase: 'reading', done: 0, total: 0 });
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (stopped) throw cancelled();
    return new Promise<IfcImport>((resolve, reject) => {
      stop = reject;
      worker = new Worker(new URL('./ifc.worker.ts', import.meta.url), { type: 'module', name: 'ifc-import' });
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.type === 'progress') onProgress(reply.progress);
        else if (reply.type === 'done') resolve(fromWorker(reply.result));
        else reject(new IfcImportError(reply.code, reply.message));
        if (reply.type !== 'progress') worker?.terminate();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new IfcImportError('broken', `The IFC reader stopped: ${event.message || 'it could not start'}. Nothing was written.`));
        worker?.terminate();
      };
      worker.postMessage({ bytes, wasmPath: WEB_IFC_WASM_PATH }, [bytes.buffer]);
    });
  })();
  return {
    done,
    cancel() {
      stopped = true;
      worker?.terminate();
      stop?.(cancelled());
    },
  };
}

function fromWorker(result: WorkerImport): IfcImport {
  return { ...result, assets: new Map(result.assets) };
}

/**
 * Uploads the assets the import's elements use to `POST /api/v1/buildings/{id}/assets`, in
 * batches (framing: per asset a little-endian u32 length, then its bytes). The server hashes what
 * it stores, so a wrong hash cannot be planted. Progress in phase `writing`, by bytes.
 */
export async function uploadAssets(buildingId: string, assets: ReadonlyMap<string, Uint8Array>, onProgress: (p: ImportProgress) => void, signal: AbortSignal): Promise<void> {
  const all = [...assets.values()];
  const total = all.reduce((n, b) => n + b.byteLength, 0);
  let sent = 0;
  onProgress({ phase: 'writing', done: 0, total });
  for (let i = 0; i < all.length; ) {
    const batch: Uint8Array[] = [];
    let size = 0;
    while (i < all.length && (batch.length === 0 || size + all[i]!.byteLength <= UPLOAD_BATCH_BYTES)) {
      batch.push(all[i]!);
      size += all[i]!.byteLength + 4;
      i++;
    }
    const body = new Uint8Array(size);
    const view = new DataView(body.buffer);
    let at = 0;
    for (const bytes of batch) {
      view.setUint32(at, bytes.byteLength, true);
      body.set(bytes, at + 4);
      at += 4 + bytes.byteLength;
    }
    let response: Response;
    try {
      response = await fetch(`/api/v1/buildings/${encodeURIComponent(buildingId)}/assets`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body, signal });
    } catch (error) {
      if (signal.aborted) throw cancelled();
      throw new IfcImportError('upload', `The geometry could not be uploaded (${(error as Error).message}). Nothing was written to the building.`);
    }
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { message?: string } | null;
      throw new IfcImportError('upload', `The geometry could not be uploaded: ${answer?.message ?? `the server answered HTTP ${response.status}`}. Nothing was written to the building.`);
    }
    sent += size - 4 * batch.length;
    onProgress({ phase: 'writing', done: sent, total });
  }
}

/**
 * Writes an import into the editor's document as new storeys above the existing ones, in one
 * local transaction (one undo step). Returns false, with the editor's message, when the model
 * refuses it (nothing is written then).
 */
export function applyImport(editor: Editor, imported: IfcImport): boolean {
  const existing = editor.readModel.storeys;
  const base = existing.length === 0 ? 0 : Math.max(...existing.map((s) => s.order)) + 1;
  return editor.edit((tx) => {
    for (const storey of imported.storeys) tx.addStorey({ ...storey, order: base + storey.order } satisfies Storey);
    for (const element of imported.elements) tx.addElement(element);
  });
}

/** Bytes of the Yjs update that adds `imported` to a building (written into a scratch document). */
export function importUpdateBytes(imported: IfcImport): number {
  const scratch = new Y.Doc();
  try {
    transact(scratch, ORIGIN.import, (tx) => {
      for (const storey of imported.storeys) tx.addStorey(storey);
      for (const element of imported.elements) tx.addElement(element);
    });
    return Y.encodeStateAsUpdate(scratch).byteLength;
  } finally {
    scratch.destroy();
  }
}

/**
 * Imports `file` through `POST /api/v1/buildings/{id}/import/ifc`: the server reads it and writes
 * it as one server-side change that everyone, this editor included, receives live. Upload progress
 * in phase `writing`.
 */
export function importViaServer(buildingId: string, file: Blob, onProgress: (p: ImportProgress) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/buildings/${encodeURIComponent(buildingId)}/import/ifc`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress({ phase: 'writing', done: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `the server answered HTTP ${xhr.status}`;
      let code = 'server';
      try {
        const answer = JSON.parse(xhr.responseText) as { message?: string; code?: string };
        message = answer.message ?? message;
        code = answer.code ?? code;
      } catch {
        // not JSON: keep the status
      }
      reject(new IfcImportError(code, `The server could not import the file: ${message}`));
    };
    xhr.onerror = () => reject(new IfcImportError('upload', 'The file could not be sent to the server. Nothing was written to the building.'));
    xhr.onabort = () => reject(cancelled());
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/**
 * Reads, uploads and applies: the whole import of a file into an open building, as one undoable
 * change; an import too large for one change goes through the server instead (said in a warning).
 */
export function importIntoEditor(editor: Editor, buildingId: string, file: Blob, onProgress: (p: ImportProgress) => void): ImportRun<IfcImport> {
  const abort = new AbortController();
  const read = readIfcInWorker(file, onProgress);
  const done = (async () => {
    const imported = await read.done;
    if (abort.signal.aborted) throw cancelled();
    if (importUpdateBytes(imported) > MAX_UNDOABLE_IMPORT_BYTES) {
      await importViaServer(buildingId, file, onProgress, abort.signal);
      return withServerNote(imported);
    }
    await uploadAssets(buildingId, imported.assets, onProgress, abort.signal);
    if (abort.signal.aborted) throw cancelled();
    await saveVersionBefore(buildingId, imported, abort.signal);
    if (abort.signal.aborted) throw cancelled();
    if (!applyImport(editor, imported)) throw new IfcImportError('refused', `The model refused the import: ${editor.getState().message?.text ?? 'it is not valid'}. Nothing was written.`);
    return imported;
  })();
  return {
    done,
    cancel() {
      abort.abort();
      read.cancel();
    },
  };
}

/**
 * Saves the building as a version just before an import writes into it (the history page can
 * restore it to take the import out, besides Ctrl+Z). When it cannot be saved nothing is imported.
 */
async function saveVersionBefore(buildingId: string, imported: IfcImport, signal: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/buildings/${encodeURIComponent(buildingId)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: importVersionLabel(imported), auto: true }),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw cancelled();
    throw new IfcImportError('version', `The building's state before the import could not be saved as a version (${(error as Error).message}). Nothing was written.`);
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new IfcImportError('version', `The building's state before the import could not be saved as a version: ${answer?.message ?? `the server answered HTTP ${response.status}`}. Nothing was written.`);
  }
}

/** The import with a note that it went through the server (so Ctrl+Z does not take it back). */
export function withServerNote(imported: IfcImport): IfcImport {
  const note = { code: 'server_import', message: 'This model is too large for one undoable change, so the server imported it: Ctrl+Z does not take it back; restoring the version “Before importing …” does.' };
  return { ...imported, warnings: [note, ...imported.warnings] };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
