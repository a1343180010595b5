/**
 * Single-operation writers. Each validates with lib/model before writing, writes in one
 * transaction tagged with `origin` (default {@link ORIGIN.local}), and returns a
 * `Result<…, DocError>`; on failure the doc is untouched. For several operations that must
 * succeed or fail together use {@link transact}. Semantics of each operation: {@link BuildingTx}.
 */
import type * as Y from 'yjs';
import type { Connection, Element, ElementPatch, Meta, PlanPoint, PlanVector, Result, Storey, Wall } from '../model';
import type { Deleted, DeleteStoreyOptions } from './BuildingTx';
import type { DocError } from './docError';
import { ORIGIN, type BuildingOrigin } from './origins';
import { runOne } from './transact';

/** Adds an element (see {@link BuildingTx.addElement}). */
export function addElement(doc: Y.Doc, element: unknown, origin: BuildingOrigin = ORIGIN.local): Result<Element, DocError> {
  return runOne(doc, origin, (tx) => tx.addElement(element));
}

/** Patches an element, writing only changed fields (see {@link BuildingTx.updateElement}). */
export function updateElement(doc: Y.Doc, id: string, patch: ElementPatch, origin: BuildingOrigin = ORIGIN.local): Result<Element, DocError> {
  return runOne(doc, origin, (tx) => tx.updateElement(id, patch));
}

/** Deletes an element with its hosted openings and connections (see {@link BuildingTx.deleteElement}). */
export function deleteElement(doc: Y.Doc, id: string, origin: BuildingOrigin = ORIGIN.local): Result<Deleted, DocError> {
  return runOne(doc, origin, (tx) => tx.deleteElement(id));
}

/** Translates elements on the plan (see {@link BuildingTx.moveElements}); walls joined to moved walls, and rooms with a corner on their ends, follow. */
export function moveElements(doc: Y.Doc, ids: readonly string[], delta: PlanVector, origin: BuildingOrigin = ORIGIN.local): Result<Element[], DocError> {
  return runOne(doc, origin, (tx) => tx.moveElements(ids, delta));
}

/** Adds a storey. */
export function addStorey(doc: Y.Doc, storey: unknown, origin: BuildingOrigin = ORIGIN.local): Result<Storey, DocError> {
  return runOne(doc, origin, (tx) => tx.addStorey(storey));
}

/** Patches a storey. */
export function updateStorey(doc: Y.Doc, id: string, patch: Partial<Omit<Storey, 'id'>>, origin: BuildingOrigin = ORIGIN.local): Result<Storey, DocError> {
  return runOne(doc, origin, (tx) => tx.updateStorey(id, patch));
}

/** Deletes a storey; refused while it has elements unless `cascade` (see {@link BuildingTx.deleteStorey}). */
export function deleteStorey(doc: Y.Doc, id: string, options: DeleteStoreyOptions = {}, origin: BuildingOrigin = ORIGIN.local): Result<Deleted, DocError> {
  return runOne(doc, origin, (tx) => tx.deleteStorey(id, options));
}

/** Adds a connection between two existing elements. */
export function addConnection(doc: Y.Doc, connection: unknown, origin: BuildingOrigin = ORIGIN.local): Result<Connection, DocError> {
  return runOne(doc, origin, (tx) => tx.addConnection(connection));
}

/** Deletes a connection. */
export function deleteConnection(doc: Y.Doc, id: string, origin: BuildingOrigin = ORIGIN.local): Result<Deleted, DocError> {
  return runOne(doc, origin, (tx) => tx.deleteConnection(id));
}

/** Patches meta (name, address, north, createdAt). */
export function setMeta(doc: Y.Doc, patch: Partial<Omit<Meta, 'schemaVersion' | 'units'>>, origin: BuildingOrigin = ORIGIN.local): Result<Meta, DocError> {
  return runOne(doc, origin, (tx) => tx.setMeta(patch));
}

/**
 * Moves one end of a wall; walls joined at that end and rooms with a corner there follow, in one
 * transaction (see {@link BuildingTx.moveWallEnd}).
 */
export function moveWallEnd(doc: Y.Doc, wallId: string, end: 'a' | 'b', point: PlanPoint, origin: BuildingOrigin = ORIGIN.local): Result<Wall, DocError> {
  return runOne(doc, origin, (tx) => tx.moveWallEnd(wallId, end, point));
}

/**
 * Patches an element like {@link updateElement}; when the patch moves a wall's ends, the walls
 * joined there and rooms with a corner there follow (see {@link BuildingTx.updateElementJoined}).
 */
export function updateElementJoined(doc: Y.Doc, id: string, patch: ElementPatch, origin: BuildingOrigin = ORIGIN.local): Result<Element, DocError> {
  return runOne(doc, origin, (tx) => tx.updateElementJoined(id, patch));
}
