/**
 * An import read on /buildings (before the building existed), handed to the editor page that
 * opens next, which writes it into the live document as soon as it is connected. Kept in memory
 * only: a client-side navigation carries it; a reload drops it and leaves the new building empty
 * (its assets stay stored, unreferenced, and are reused if the file is imported again).
 */
import type { IfcImport } from '@/lib/ifc/types';

const pending = new Map<string, { file: string; imported: IfcImport }>();

export function setPendingImport(buildingId: string, file: string, imported: IfcImport): void {
  pending.set(buildingId, { file, imported });
}

/** The import waiting for a building, if any (left in place). */
export function peekPendingImport(buildingId: string): { file: string; imported: IfcImport } | undefined {
  return pending.get(buildingId);
}

/** Takes (and forgets) the import waiting for a building, if any. */
export function takePendingImport(buildingId: string): { file: string; imported: IfcImport } | undefined {
  const found = pending.get(buildingId);
  pending.delete(buildingId);
  return found;
}
