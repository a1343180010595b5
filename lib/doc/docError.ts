/** Typed failures of document writes. */
import type { ModelError, ModelIssue } from '../model';

/** Why a write was refused. Nothing was written when a write returns one. */
export interface DocError {
  /** `invalid`: the data fails validation; `not_found`: the addressed record does not exist;
   *  `conflict`: the write clashes with existing state (duplicate id, non-empty storey…). */
  readonly code: 'invalid' | 'not_found' | 'conflict';
  readonly message: string;
  readonly issues: readonly ModelIssue[];
}

/** Wraps a model validation error. */
export function invalid(error: ModelError): DocError {
  return { code: 'invalid', message: error.message, issues: error.issues };
}

/** Builds a {@link DocError} with a single issue at `path`. */
export function docError(code: DocError['code'], message: string, path = ''): DocError {
  return { code, message, issues: [{ path, message }] };
}
