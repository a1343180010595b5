/**
 * Small helpers over encoded Yjs updates and states that the server, the store and the app share.
 * One home for each (REVIEW.md change 4).
 */
import * as Y from 'yjs';
import { getMaps } from './layout';

/** `updates` merged in consecutive runs of at most `run` (merging is superlinear in a run's length). */
export function mergeInRuns(updates: readonly Uint8Array[], run: number): Uint8Array[] {
  const runs: Uint8Array[] = [];
  for (let i = 0; i < updates.length; i += run) {
    const slice = updates.slice(i, i + run);
    runs.push(slice.length === 1 ? slice[0]! : Y.mergeUpdates(slice));
  }
  return runs;
}

/** True for the encoded empty update (no structs, empty delete set): what Yjs sends when nothing changed. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** `meta.schemaVersion` of a model document, or 0 when it has none (e.g. the review document). */
export function schemaVersionOf(doc: Y.Doc): number {
  const version = getMaps(doc).meta.get('schemaVersion');
  return typeof version === 'number' && Number.isInteger(version) ? version : 0;
}

/** {@link schemaVersionOf} an encoded document state. */
export function schemaVersionOfState(state: Uint8Array): number {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return schemaVersionOf(doc);
  } finally {
    doc.destroy();
  }
}
