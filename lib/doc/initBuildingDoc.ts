/** Creating a building doc, and loading a whole snapshot into an empty one. */
import type * as Y from 'yjs';
import {
  createMeta,
  migrateSnapshot,
  ok,
  err,
  readSchemaVersion,
  validateBuilding,
  type Meta,
  type MetaInit,
  type RawRecord,
  type Result,
} from '../model';
import { docError, invalid, type DocError } from './docError';
import { getMaps, MAP_NAMES, writeFields, writeNewRecord } from './layout';
import { ORIGIN, type BuildingOrigin } from './origins';

/** True when none of the four top-level maps holds anything. */
export function isDocEmpty(doc: Y.Doc): boolean {
  const maps = getMaps(doc);
  return MAP_NAMES.every((name) => maps[name].size === 0);
}

/**
 * Writes the meta of a new building (current schema version; `createdAt` defaults to now).
 * Refused with `conflict` if the doc already has meta. Default origin: `load` (creation is not
 * a user edit, so it cannot be undone).
 */
export function initBuildingDoc(doc: Y.Doc, meta: MetaInit, origin: BuildingOrigin = ORIGIN.load): Result<Meta, DocError> {
  const maps = getMaps(doc);
  if (maps.meta.size > 0) return err(docError('conflict', 'building doc is already initialised (meta is not empty)'));
  const created = createMeta(meta);
  if (!created.ok) return err(invalid(created.error));
  doc.transact(() => writeFields(maps.meta, created.value as RawRecord, false), origin);
  return ok(created.value);
}

/**
 * Loads a raw snapshot (any supported schema version; missing version = 0) into an EMPTY doc:
 * migrates it, validates the whole building including references, then writes everything in
 * one transaction. Refused with `conflict` if the doc is not empty, `invalid` if the data is.
 * Default origin: `import`.
 */
export function loadSnapshot(doc: Y.Doc, raw: unknown, origin: BuildingOrigin = ORIGIN.import): Result<{ applied: string[] }, DocError> {
  if (!isDocEmpty(doc)) return err(docError('conflict', 'loadSnapshot needs an empty doc'));
  const migrated = migrateSnapshot(raw, readSchemaVersion(raw));
  if (!migrated.ok) return err(invalid(migrated.error));
  const valid = validateBuilding(migrated.value.snapshot);
  if (!valid.ok) return err(invalid(valid.error));
  const snapshot = valid.value;
  const maps = getMaps(doc);
  doc.transact(() => {
    writeFields(maps.meta, snapshot.meta as RawRecord, false);
    for (const collection of ['storeys', 'elements', 'connections'] as const) {
      for (const [id, record] of Object.entries(snapshot[collection])) writeNewRecord(maps[collection], id, record as RawRecord);
    }
  }, origin);
  return ok({ applied: migrated.value.applied });
}
