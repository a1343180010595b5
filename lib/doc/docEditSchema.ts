/**
 * The wire form of {@link DocEdit}s: what a writer outside the collaboration server (the web app)
 * sends to have edits written onto a live document (collab-server/SPEC.md rule 23). Checks the
 * shape only, with bounds against hostile input: what the edits mean for the model is checked by
 * the server's gate (lib/model validators), exactly as for a client's update.
 *
 * Checked by hand, not by a zod union: an IFC import sends tens of thousands of values, and a zod
 * union of the four value forms (each a strict object, tried in turn, with a recursive JSON union
 * inside) took 132 ms for duplex's 240 edits and 12,456 properties, against ~3 ms here. The zod
 * schema wraps the check, so that it composes with the rest of a request's schema and reports
 * where the first problem is, as zod would.
 */
import { z } from 'zod';
import type { DocEdit } from './docEdits';

/** Deepest nesting of a path (root, record id, field, prop key, ...). */
export const MAX_EDIT_PATH_LENGTH = 8;
/** Longest key of a path. */
export const MAX_EDIT_KEY_LENGTH = 256;
/**
 * Deepest nesting of a {@link DocValue} ({map}/{array} inside each other, and JSON inside them).
 * Model records nest two levels (a record map holding `props`); the bound keeps the check (and
 * whatever reads the value later) far from the stack's end.
 */
export const MAX_DOC_VALUE_DEPTH = 16;

/** Where a check failed (keys and indices from the edit's root) and why. */
export interface DocEditProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The keys of `value` that are not in `allowed`, named for a message. */
function extraKeys(value: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  for (const k in value) if (Object.hasOwn(value, k) && !allowed.includes(k)) return k;
  return undefined;
}

function checkKey(k: unknown, at: readonly (string | number)[]): DocEditProblem | undefined {
  if (typeof k !== 'string') return { path: at, message: 'a key must be a string' };
  if (k.length < 1 || k.length > MAX_EDIT_KEY_LENGTH) return { path: at, message: `a key must be 1 to ${MAX_EDIT_KEY_LENGTH} characters` };
  return undefined;
}

/** A JSON value (what `{json}` may hold): null, a boolean, a finite number, a string, or arrays and objects of them. */
function checkJson(value: unknown, depth: number, at: (string | number)[]): DocEditProblem | undefined {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: at, message: 'numbers must be finite' };
  if (depth > MAX_DOC_VALUE_DEPTH) return { path: at, message: `nested deeper than ${MAX_DOC_VALUE_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = checkJson(value[i], depth + 1, [...at, i]);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      const problem = checkJson(value[k], depth + 1, [...at, k]);
      if (problem) return problem;
    }
    return undefined;
  }
  return { path: at, message: `not a JSON value (${typeof value})` };
}

/** A DocValue (lib/doc/docEdits.ts): exactly one of `{map}`, `{array}`, `{text}`, `{json}`. */
function checkValue(value: unknown, depth: number, at: (string | number)[]): DocEditProblem | undefined {
  if (depth > MAX_DOC_VALUE_DEPTH) return { path: at, message: `nested deeper than ${MAX_DOC_VALUE_DEPTH} levels` };
  if (!isPlainObject(value)) return { path: at, message: 'a value must be an object: {map}, {array}, {text} or {json}' };
  const keys = Object.keys(value);
  if (keys.length !== 1) return { path: at, message: `a value has exactly one of map, array, text or json (it has ${keys.length === 0 ? 'none' : keys.join(', ')})` };
  const form = keys[0]!;
  const inner = value[form];
  switch (form) {
    case 'map': {
      if (!isPlainObject(inner)) return { path: [...at, 'map'], message: 'map must be an object' };
      for (const k in inner) {
        if (!Object.hasOwn(inner, k)) continue;
        const problem = checkKey(k, [...at, 'map', k]) ?? checkValue(inner[k], depth + 1, [...at, 'map', k]);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'array': {
      if (!Array.isArray(inner)) return { path: [...at, 'array'], message: 'array must be an array' };
      for (let i = 0; i < inner.length; i++) {
        const problem = checkValue(inner[i], depth + 1, [...at, 'array', i]);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'text':
      return typeof inner === 'string' ? undefined : { path: [...at, 'text'], message: 'text must be a string' };
    case 'json':
      return inner === undefined ? { path: [...at, 'json'], message: 'json must hold a value' } : checkJson(inner, depth + 1, [...at, 'json']);
    default:
      return { path: at, message: `a value has exactly one of map, array, text or json (not ${form})` };
  }
}

/** The first problem of `value` as a {@link DocEdit}, or undefined when it is one. */
export function checkDocEdit(value: unknown): DocEditProblem | undefined {
  if (!isPlainObject(value)) return { path: [], message: 'an edit must be an object' };
  const { op, path } = value;
  if (op !== 'set' && op !== 'delete') return { path: ['op'], message: 'op must be "set" or "delete"' };
  const extra = extraKeys(value, op === 'set' ? ['op', 'path', 'value'] : ['op', 'path']);
  if (extra !== undefined) return { path: [extra], message: `unknown key ${JSON.stringify(extra.slice(0, 40))} in a ${op} edit` };
  if (!Array.isArray(path)) return { path: ['path'], message: 'path must be an array of keys' };
  if (path.length < 2 || path.length > MAX_EDIT_PATH_LENGTH) return { path: ['path'], message: `path must have 2 to ${MAX_EDIT_PATH_LENGTH} keys (a root and a key at least)` };
  for (let i = 0; i < path.length; i++) {
    const problem = checkKey(path[i], ['path', i]);
    if (problem) return problem;
  }
  if (op === 'set') return checkValue(value.value, 0, ['value']);
  return undefined;
}

/** One {@link DocEdit}: `set` a value or `delete` a key at a path of at least a root and a key. */
export const docEditSchema: z.ZodType<DocEdit> = z.unknown().superRefine((value, ctx) => {
  const problem = checkDocEdit(value);
  if (problem) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
}) as unknown as z.ZodType<DocEdit>;

