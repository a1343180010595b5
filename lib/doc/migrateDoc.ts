/**
 * Schema migration of a live doc: run on load, before any client syncs (SPEC: a doc is migrated
 * on load). Reads the raw doc, runs lib/model's migrations, and writes back only the fields that
 * changed, in one transaction with the `migration` origin.
 */
import type * as Y from 'yjs';
import { CURRENT_SCHEMA_VERSION, deepEqual, err, isRecord, migrateSnapshot, ok, type RawRecord, type Result } from '../model';
import { docError, invalid, type DocError } from './docError';
import { getMaps, readRawMap, toPlain, writeFields, writeRecordFields } from './layout';
import { ORIGIN } from './origins';
import { schemaVersionOf } from './updates';

/** What {@link migrateDoc} did. */
export interface DocMigration {
  readonly from: number;
  readonly to: number;
  /** Ids of the migration steps that ran; empty when the doc was already current. */
  readonly applied: string[];
}

/**
 * Migrates `doc` to {@link CURRENT_SCHEMA_VERSION}. A missing `meta.schemaVersion` means 0.
 * Idempotent: a current doc is not written at all. Refused (`invalid`) when the doc is empty,
 * its version is unknown/newer, or a record is still invalid after migration; then nothing is
 * written.
 */
export function migrateDoc(doc: Y.Doc): Result<DocMigration, DocError> {
  const maps = getMaps(doc);
  // A current doc is left alone without reading it whole (this runs on every room load).
  if (maps.meta.size > 0 && schemaVersionOf(doc) === CURRENT_SCHEMA_VERSION) {
    return ok({ from: CURRENT_SCHEMA_VERSION, to: CURRENT_SCHEMA_VERSION, applied: [] });
  }
  const raw = {
    meta: toPlain(maps.meta) as RawRecord,
    storeys: readRawMap(maps.storeys),
    elements: readRawMap(maps.elements),
    connections: readRawMap(maps.connections),
  };
  if (maps.meta.size === 0) return err(docError('invalid', 'doc has no meta: not a building doc (use initBuildingDoc or loadSnapshot)', 'meta'));
  const version = raw.meta.schemaVersion === undefined ? 0 : raw.meta.schemaVersion;
  if (typeof version !== 'number') return err(docError('invalid', 'meta.schemaVersion: must be a number', 'meta.schemaVersion'));
  if (version === CURRENT_SCHEMA_VERSION) return ok({ from: version, to: version, applied: [] });
  const migrated = migrateSnapshot(raw, version);
  if (!migrated.ok) return err(invalid(migrated.error));
  const { snapshot, applied } = migrated.value;
  doc.transact(() => {
    writeFields(maps.meta, snapshot.meta as RawRecord, false);
    for (const collection of ['storeys', 'elements', 'connections'] as const) {
      const map = maps[collection];
      const next = snapshot[collection] as Record<string, RawRecord>;
      for (const id of [...map.keys()]) if (!Object.hasOwn(next, id)) map.delete(id);
      for (const [id, record] of Object.entries(next)) {
        const before = raw[collection][id];
        if (!isRecord(before) || !deepEqual(before, record)) writeRecordFields(map, id, record);
      }
    }
  }, ORIGIN.migration);
  return ok({ from: version, to: CURRENT_SCHEMA_VERSION, applied });
}
