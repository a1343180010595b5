/**
 * Runs a zod schema and turns its issues into a {@link ModelError} with human messages
 * ("is required", "must be greater than 0", "is not a known field") instead of zod's defaults.
 */
import type { z } from 'zod';
import { err, modelError, ok, type ModelError, type ModelErrorCode, type ModelIssue, type Result } from './result';

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  tuple: 'an array',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number') return String(input);
  if (typeof input === 'string') return input.length > 40 ? 'a string' : JSON.stringify(input);
  return typeof input;
}

/** zod per-parse error map producing short, human messages. Checks with explicit messages win. */
const humanErrors = (iss: z.core.$ZodRawIssue): string | undefined => {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'is required';
      if (iss.expected === 'number' && typeof iss.input === 'number') return 'must be a finite number';
      if (iss.expected === 'int') return 'must be an integer';
      return `must be ${EXPECTED[iss.expected] ?? iss.expected}, got ${describeInput(iss.input)}`;
    }
    case 'too_small': {
      const min = String(iss.minimum);
      if (iss.origin === 'array' || iss.origin === 'set') return `must have at least ${min} items`;
      if (iss.origin === 'string') return iss.minimum === 1 ? 'must not be empty' : `must be at least ${min} characters`;
      return iss.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = String(iss.maximum);
      if (iss.origin === 'array' || iss.origin === 'set') return `must have at most ${max} items`;
      if (iss.origin === 'string') return `must be at most ${max} characters`;
      return iss.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_value':
      return iss.values.length === 1
        ? `must be ${JSON.stringify(iss.values[0])}`
        : `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      if (iss.format === 'datetime') return 'must be an ISO 8601 date-time, e.g. 2024-01-31T12:00:00Z';
      if (iss.format === 'regex') return 'has an invalid format';
      return `must be a valid ${iss.format}`;
    case 'invalid_key':
      return 'has an invalid key';
    default:
      return undefined;
  }
};

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Flattens zod issues into {@link ModelIssue}s (one issue per unknown key). */
export function toModelIssues(issues: readonly z.core.$ZodIssue[]): ModelIssue[] {
  const out: ModelIssue[] = [];
  for (const iss of issues) {
    const path = formatPath(iss.path);
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) out.push({ path: path === '' ? key : `${path}.${key}`, message: 'is not a known field' });
    } else if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      // Report the branch that got furthest (the one with fewest issues).
      const best = [...iss.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      out.push(...toModelIssues(best.map((i) => ({ ...i, path: [...iss.path, ...i.path] }))));
    } else {
      out.push({ path, message: iss.message });
    }
  }
  return out;
}

/**
 * Parses `input` with `schema`; on failure returns a {@link ModelError} whose message prefixes
 * every issue with `label` (e.g. `wall.thickness: must be greater than 0`).
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  code: ModelErrorCode,
  label: string,
): Result<z.output<S>, ModelError> {
  // Parsing with a per-call error map costs zod 3-4x a plain parse (the collab server validates
  // every field write): parse plainly, and again with the human messages only to report a failure.
  const plain = schema.safeParse(input);
  if (plain.success) return ok(plain.data);
  const parsed = schema.safeParse(input, { error: humanErrors, reportInput: false });
  if (parsed.success) return ok(parsed.data);
  return err(modelError(code, label, toModelIssues(parsed.error.issues)));
}
