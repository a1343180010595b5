/**
 * The IFC reader in a module worker: web-ifc parses and meshes off the page's thread, so the
 * editor stays responsive during a large import (issue #16.5). One file per worker; the page
 * cancels by terminating the worker (web-ifc's parse is one synchronous call that a flag could not
 * interrupt).
 */
import { readIfc } from '@/lib/ifc/read';
import { IfcImportError, type IfcImport, type ImportProgress } from '@/lib/ifc/types';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
};

scope.onmessage = (event) => {
  const { bytes, wasmPath } = event.data;
  let last = 0;
  const onProgress = (progress: ImportProgress) => {
    // At most ~30 reports a second, and always the last of a phase.
    const now = performance.now();
    if (now - last < 33 && progress.done !== progress.total) return;
    last = now;
    scope.postMessage({ type: 'progress', progress });
  };
  readIfc(bytes, { wasmPath, onProgress }).then(
    (result: IfcImport) => {
      const assets = [...result.assets];
      const { assets: _assets, ...rest } = result;
      scope.postMessage({ type: 'done', result: { ...rest, assets } }, assets.map(([, b]) => b.buffer as ArrayBuffer));
    },
    (error: unknown) => {
      if (error instanceof IfcImportError) scope.postMessage({ type: 'error', code: error.code, message: error.message });
      else scope.postMessage({ type: 'error', code: 'broken', message: `The file could not be read: ${error instanceof Error ? error.message : String(error)}` });
    },
  );
};
