/** Messages between the page and components/ifc/ifc.worker.ts. */
import type { IfcImport, ImportProgress } from '@/lib/ifc/types';

/** The page asks the worker to read one file. */
export interface WorkerRequest {
  readonly bytes: Uint8Array;
  readonly wasmPath: string;
}

/** An import as it crosses to the page: the assets as a list (a Map's buffers are transferred). */
export type WorkerImport = Omit<IfcImport, 'assets'> & { readonly assets: readonly (readonly [string, Uint8Array])[] };

/** The worker's answers: progress reports, then exactly one `done` or `error`. */
export type WorkerReply =
  | { readonly type: 'progress'; readonly progress: ImportProgress }
  | { readonly type: 'done'; readonly result: WorkerImport }
  | { readonly type: 'error'; readonly code: string; readonly message: string };
