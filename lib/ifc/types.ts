/**
 * What lib/ifc reads out of an IFC file and what it needs to write one: plain model records
 * (lib/model's Storey and Element, validated by the caller's BuildingTx) plus the geometry assets
 * they refer to by hash, and warnings in words. Shared by the Node import (REST, tests) and the
 * browser worker (the editor's upload).
 */
import type { Element, ElementKind, Storey } from '../model';

/** The IFC schemas web-ifc 0.0.78 reads; ArxOS writes IFC4. */
export type IfcSchemaName = 'IFC2X3' | 'IFC4' | 'IFC4X3';

/** One thing the importer could not take over as it was, e.g. "window #2511: no host relation; hosted by the nearest wall". */
export interface ImportWarning {
  /** Stable machine code, e.g. `no_host`, `no_axis`, `web_ifc`, `truncated`. */
  readonly code: string;
  /** The sentence shown to the user. */
  readonly message: string;
  /** The STEP line (`#123`) the warning is about, if any. */
  readonly line?: number;
}

/** Phases of an import, for the progress bar. */
export type ImportPhase = 'reading' | 'geometry' | 'writing';

/** Progress report: `done` of `total` in the phase (total 0 = unknown). */
export interface ImportProgress {
  readonly phase: ImportPhase;
  readonly done: number;
  readonly total: number;
}

/** The result of reading an IFC file. */
export interface IfcImport {
  readonly schema: IfcSchemaName;
  /** Project / site / building names found in the file (the building's name is the best title). */
  readonly project: { readonly name: string; readonly site: string; readonly building: string };
  /** Storeys sorted bottom to top (order 0, 1, ...; negative for basements is not used). */
  readonly storeys: readonly Storey[];
  /** Elements; every id is fresh, every one has `ifc.globalId`. Hosts come before what they host. */
  readonly elements: readonly Element[];
  /** Encoded geometry assets by sha256 (lib/ifc/meshAsset.ts); elements' `asset` names one of these. */
  readonly assets: ReadonlyMap<string, Uint8Array>;
  readonly warnings: readonly ImportWarning[];
  /** Elements by kind, and `storeys`. */
  readonly counts: Readonly<Partial<Record<ElementKind | 'storeys', number>>>;
}

/** An import that could not be made at all: nothing may be written. */
export class IfcImportError extends Error {
  override readonly name = 'IfcImportError';
  constructor(
    /** Stable code: `not_ifc`, `unsupported_schema`, `empty_model`, `truncated`, `too_large`, `cancelled`, `broken`, `reader_unavailable` (the wasm could not be loaded). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The label of the version saved just before `imported` is written into a building. */
export function importVersionLabel(imported: Pick<IfcImport, 'project'>): string {
  const what = imported.project.building || imported.project.name;
  return `Before importing ${what ? `“${what.slice(0, 150)}”` : 'an IFC file'}`;
}
