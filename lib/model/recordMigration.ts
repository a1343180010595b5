/** The shape of one named, append-only migration step over a raw (unvalidated) record. */

/** A raw record as read from storage: any JSON object. */
export type RawRecord = Record<string, unknown>;

/**
 * One step that upgrades a raw record written at schema version `from` to `to` (= from + 1).
 * `up` must be pure, must not mutate its input, and must be idempotent-safe on records that
 * already have the new shape (so a half-migrated record is repaired, not broken).
 */
export interface RecordMigration {
  /** Unique, stable, never reused: `<record>-v<from>-to-v<to>-<what>`. */
  readonly id: string;
  readonly from: number;
  readonly to: number;
  up(record: RawRecord): RawRecord;
}
