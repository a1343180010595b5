/** Undo/redo scoped to the local user's own edits. */
import * as Y from 'yjs';
import { getMaps } from './layout';
import { LocalOrigin } from './origins';

/** Options of {@link createUndoManager}. */
export interface UndoOptions {
  /**
   * Edits closer together than this (ms) merge into one undo step. Default 500, Yjs's default;
   * 0 makes every transaction its own step (handy in tests).
   */
  readonly captureTimeout?: number;
}

/**
 * A Y.UndoManager over the four model maps that tracks only transactions whose origin is a
 * {@link LocalOrigin} (matched by constructor, so any `new LocalOrigin(userId)` counts).
 * Remote, load, migration and import edits are never undone, and untagged transactions are not
 * tracked either. Note: undo replays inverse CRDT operations without model validation; a
 * concurrent remote edit can make the undone state violate a cross-record rule (e.g. re-adding a
 * wall a peer has since hosted a door on is fine, but undoing a wall add deletes the wall while
 * the peer's door stays) — `readBuildingReport`/`validateBuilding` surface such cases.
 */
export function createUndoManager(doc: Y.Doc, options: UndoOptions = {}): Y.UndoManager {
  const maps = getMaps(doc);
  return new Y.UndoManager([maps.meta, maps.storeys, maps.elements, maps.connections], {
    trackedOrigins: new Set<unknown>([LocalOrigin]),
    captureTimeout: options.captureTimeout ?? 500,
  });
}
