/**
 * Expected failures are values, not exceptions: every validator and migration returns a
 * {@link Result}. Broken invariants (programming errors) still throw.
 */

/** Success with a value, or failure with an error. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps an error as a failed {@link Result}. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/** Machine-readable category of a {@link ModelError}. */
export type ModelErrorCode =
  | 'invalid_element'
  | 'invalid_storey'
  | 'invalid_connection'
  | 'invalid_meta'
  | 'invalid_path'
  | 'invalid_building'
  | 'invalid_patch'
  | 'unsupported_version'
  | 'migration_failed';

/** One problem found by a validator. */
export interface ModelIssue {
  /** Dotted field path relative to the validated record, e.g. `thickness` or `polygon[2]`; '' for the record itself. */
  readonly path: string;
  /** Human-readable, e.g. `must be greater than 0`. */
  readonly message: string;
}

/** A validation or migration failure, with every problem found (not just the first). */
export interface ModelError {
  readonly code: ModelErrorCode;
  /** Human summary, e.g. `wall.thickness: must be greater than 0; wall.b: must differ from a`. */
  readonly message: string;
  readonly issues: readonly ModelIssue[];
}

/** Builds a {@link ModelError} whose message lists every issue prefixed with `label`. */
export function modelError(code: ModelErrorCode, label: string, issues: readonly ModelIssue[]): ModelError {
  const message =
    issues.length === 0
      ? `${label}: invalid`
      : issues.map((i) => `${joinPath(label, i.path)}: ${i.message}`).join('; ');
  return { code, message, issues };
}

/** Joins a record label and a field path: `joinPath('wall', 'a[0]')` → `wall.a[0]`. */
export function joinPath(prefix: string, path: string): string {
  if (path === '') return prefix;
  if (prefix === '') return path;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}
