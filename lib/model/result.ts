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
  | 'invalid_thread'
  | 'invalid_comment'
  | 'invalid_path'
  | 'invalid_building'
  | 'invalid_patch'
  | 'unsupported_version'
  | 'migration_failed';

/** One problem found by a validator. */
export interface ModelIssue {
  /**
   * Dotted field path relative to the validated record, e.g. `thickness` or `polygon[2]`; '' for
   * the record itself. Its first segment is the field the problem is on ({@link issueField}):
   * the field a form shows the message under.
   */
  readonly path: string;
  /**
   * In words, naming no ids and no paths: either what the field must be (`must be greater than
   * 0`, lower case, read after the field's name) or a whole sentence (`A 3.00 m door does not
   * fit this 2.50 m wall`). See {@link issueInWords}.
   */
  readonly message: string;
}

/** A validation or migration failure, with every problem found (not just the first). */
export interface ModelError {
  readonly code: ModelErrorCode;
  /** Human summary, e.g. `wall.thickness: must be greater than 0; wall.b: must differ from a`. */
  readonly message: string;
  readonly issues: readonly ModelIssue[];
}

/** Builds a {@link ModelError} whose message (for logs) lists every issue prefixed with `label`. */
export function modelError(code: ModelErrorCode, label: string, issues: readonly ModelIssue[]): ModelError {
  const message =
    issues.length === 0
      ? `${label}: invalid`
      : issues.map((i) => `${joinPath(label, i.path)}: ${i.message}`).join('; ');
  return { code, message, issues };
}

/** The top-level field an issue is on: `a[0]` → `a`, `props.colour` → `props`, '' (the record) → ''. */
export function issueField(issue: Pick<ModelIssue, 'path'>): string {
  return /^[^.[]*/.exec(issue.path)![0];
}

/** How a field is named in a sentence when no label is given (`hostId` → `The host`). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  a: 'The start point',
  b: 'The end point',
  storeyId: 'The storey',
  hostId: 'The host',
  from: 'The start element',
  to: 'The end element',
};

function sentence(text: string): string {
  return text === '' ? text : text[0]!.toUpperCase() + text.slice(1);
}

/**
 * One issue in words for a person. A sentence stays as it is; a rule (`must be greater than 0`)
 * gets the field's `label` in front (`Width (m) must be greater than 0`), or, shown under its
 * field (`label` ''), stands alone capitalised (`Must be greater than 0`).
 */
export function issueInWords(issue: ModelIssue, label?: string): string {
  if (/^[A-Z]/.test(issue.message)) return issue.message;
  const field = issueField(issue);
  const name = label ?? FIELD_WORDS[field] ?? (field === '' ? 'It' : sentence(field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()));
  return name === '' ? sentence(issue.message) : `${name} ${issue.message}`;
}

/**
 * Every issue of an error in words, one sentence each (`Thickness must be greater than 0. The
 * end point must not be …`), for a message not shown under its field. `labels` names fields
 * (`{ width: 'Width' }`); other fields get a plain name.
 */
export function errorInWords(error: { readonly message: string; readonly issues?: readonly ModelIssue[] }, labels: Readonly<Record<string, string>> = {}): string {
  if (error.issues === undefined || error.issues.length === 0) return sentence(error.message);
  return error.issues
    .map((i) => {
      const text = issueInWords(i, labels[issueField(i)]);
      return /[.!?)]$/.test(text) ? text : `${text}.`;
    })
    .join(' ');
}

/** Joins a record label and a field path: `joinPath('wall', 'a[0]')` → `wall.a[0]`. */
export function joinPath(prefix: string, path: string): string {
  if (path === '') return prefix;
  if (prefix === '') return path;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}
