/** Shallow record patching shared by elements, storeys, connections and meta. */
import type { RawRecord } from './recordMigration';
import { err, modelError, ok, type ModelError, type Result } from './result';

/** True for a plain JSON-like object (not null, not an array). */
export function isRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `patch` over `existing` (shallow). Keys listed in `immutable` must be absent from the
 * patch or equal to the existing value. A key whose patch value is `undefined` is removed.
 * The result is NOT validated: run the record's validator on it.
 */
export function mergePatch(
  existing: Readonly<RawRecord>,
  patch: unknown,
  label: string,
  immutable: readonly string[],
): Result<RawRecord, ModelError> {
  if (!isRecord(patch)) return err(modelError('invalid_patch', label, [{ path: '', message: 'patch must be an object' }]));
  const issues = immutable
    .filter((key) => key in patch && patch[key] !== existing[key])
    .map((key) => ({ path: key, message: 'cannot be changed' }));
  if (issues.length > 0) return err(modelError('invalid_patch', label, issues));
  const merged: RawRecord = { ...existing };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return ok(merged);
}
