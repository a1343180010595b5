/**
 * Schema versions and the append-only migration registry.
 *
 * Schema history:
 * - v0: walls had `start`/`end` instead of `a`/`b`; equipment had `systemType` instead of
 *   `system` and no `status`; meta had no `units`.
 * - v1 (current): the layout in ARCHITECTURE.md section 2.
 *
 * A snapshot step upgrades a RAW snapshot from `from` to `to` by running every record migration
 * (per element kind, storey, connection, meta) registered for that `from`, then stamping
 * `meta.schemaVersion`. Steps are never edited or removed once released; new ones are appended.
 */
import { connectionMigrations } from './connection';
import { ELEMENT_MIGRATIONS, isElementKind, validateElement, type Element } from './elements';
import { parseBuildingSnapshot, type BuildingSnapshot } from './building';
import { metaMigrations } from './meta';
import { isRecord } from './patch';
import type { RawRecord, RecordMigration } from './recordMigration';
import { err, modelError, ok, type ModelError, type Result } from './result';
import { CURRENT_SCHEMA_VERSION } from './schemaVersion';
import { storeyMigrations } from './storey';

export { CURRENT_SCHEMA_VERSION };

/** One named step over a whole raw snapshot. */
export interface SnapshotMigration {
  /** Unique and stable: `v<from>-to-v<to>-<what>`. */
  readonly id: string;
  readonly from: number;
  readonly to: number;
  readonly description: string;
  /** Pure: returns a new raw snapshot, never mutates its input. */
  up(raw: RawRecord): RawRecord;
}

function runRecordMigrations(record: unknown, migrations: readonly RecordMigration[], from: number): unknown {
  if (!isRecord(record)) return record;
  return migrations.filter((m) => m.from === from).reduce((r, m) => m.up(r), record);
}

function elementMigrationsFor(record: unknown): readonly RecordMigration[] {
  return isRecord(record) && isElementKind(record.kind) ? ELEMENT_MIGRATIONS[record.kind] : [];
}

function mapRecords(collection: unknown, fn: (record: unknown) => unknown): unknown {
  if (!isRecord(collection)) return collection;
  return Object.fromEntries(Object.entries(collection).map(([id, r]) => [id, fn(r)]));
}

/** The generic step body: every record migration registered for `from`, then the version stamp. */
function recordStep(from: number, to: number) {
  return (raw: RawRecord): RawRecord => {
    const meta = runRecordMigrations(raw.meta, metaMigrations, from);
    return {
      ...raw,
      meta: isRecord(meta) ? { ...meta, schemaVersion: to } : meta,
      storeys: mapRecords(raw.storeys, (r) => runRecordMigrations(r, storeyMigrations, from)),
      elements: mapRecords(raw.elements, (r) => runRecordMigrations(r, elementMigrationsFor(r), from)),
      connections: mapRecords(raw.connections, (r) => runRecordMigrations(r, connectionMigrations, from)),
    };
  };
}

/** The registry, in order. Append only. */
export const SNAPSHOT_MIGRATIONS: readonly SnapshotMigration[] = [
  {
    id: 'v0-to-v1-wall-a-b-equipment-system-status-meta-units',
    from: 0,
    to: 1,
    description: 'walls: start/end → a/b; equipment: systemType → system, status defaults to "ok"; meta: units = "m"',
    up: recordStep(0, 1),
  },
];

/** Reads `meta.schemaVersion` from a raw snapshot; a missing meta or version means 0. */
export function readSchemaVersion(raw: unknown): number {
  if (!isRecord(raw) || !isRecord(raw.meta)) return 0;
  const v = raw.meta.schemaVersion;
  return v === undefined ? 0 : typeof v === 'number' ? v : Number.NaN;
}

function checkVersion(fromVersion: number): ModelError | undefined {
  if (!Number.isInteger(fromVersion) || fromVersion < 0) {
    return modelError('unsupported_version', 'schemaVersion', [{ path: '', message: `must be a non-negative integer, got ${String(fromVersion)}` }]);
  }
  if (fromVersion > CURRENT_SCHEMA_VERSION) {
    return modelError('unsupported_version', 'schemaVersion', [
      { path: '', message: `${fromVersion} is newer than this build supports (${CURRENT_SCHEMA_VERSION}); update the app` },
    ]);
  }
  return undefined;
}

/** The ordered steps from `fromVersion` to current, or an error if the chain has a gap. */
function planSteps(fromVersion: number): Result<SnapshotMigration[], ModelError> {
  const steps: SnapshotMigration[] = [];
  for (let v = fromVersion; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = SNAPSHOT_MIGRATIONS.find((m) => m.from === v);
    if (step === undefined) return err(modelError('migration_failed', 'migrations', [{ path: '', message: `no migration from version ${v}` }]));
    steps.push(step);
    v = step.to - 1;
  }
  return ok(steps);
}

/**
 * Upgrades a raw snapshot written at `fromVersion` to the current schema, then validates every
 * record's shape (references are checked separately by `validateBuilding`). Does not mutate
 * `raw`. `applied` lists the step ids that ran (empty when already current).
 */
export function migrateSnapshot(
  raw: unknown,
  fromVersion: number,
): Result<{ snapshot: BuildingSnapshot; applied: string[] }, ModelError> {
  const versionError = checkVersion(fromVersion);
  if (versionError) return err(versionError);
  if (!isRecord(raw)) return err(modelError('invalid_building', 'building', [{ path: '', message: 'must be an object' }]));
  const steps = planSteps(fromVersion);
  if (!steps.ok) return steps;
  let current: RawRecord = structuredClone(raw);
  const applied: string[] = [];
  for (const step of steps.value) {
    try {
      current = step.up(current);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      return err(modelError('migration_failed', step.id, [{ path: '', message }]));
    }
    applied.push(step.id);
  }
  const parsed = parseBuildingSnapshot(current);
  return parsed.ok ? ok({ snapshot: parsed.value, applied }) : parsed;
}

/**
 * Upgrades one raw element record written at `fromVersion` and validates it. `applied` lists
 * the record migration ids that ran.
 */
export function migrateElementRecord(
  raw: unknown,
  fromVersion: number,
): Result<{ element: Element; applied: string[] }, ModelError> {
  const versionError = checkVersion(fromVersion);
  if (versionError) return err(versionError);
  const migrations = elementMigrationsFor(raw);
  let current: unknown = isRecord(raw) ? structuredClone(raw) : raw;
  const applied: string[] = [];
  for (let v = fromVersion; v < CURRENT_SCHEMA_VERSION; v++) {
    for (const m of migrations.filter((m) => m.from === v)) {
      current = m.up(current as RawRecord);
      applied.push(m.id);
    }
  }
  const element = validateElement(current);
  return element.ok ? ok({ element: element.value, applied }) : element;
}
