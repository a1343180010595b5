/**
 * The wire form of {@link DocEdit}s: what a writer outside the collaboration server (the web app)
 * sends to have edits written onto a live document (collab-server/SPEC.md rule 23). Checks the
 * shape only, with bounds against hostile input: what the edits mean for the model is checked by
 * the server's gate (lib/model validators), exactly as for a client's update.
 */
import { z } from 'zod';
import type { DocEdit, DocValue } from './docEdits';

/** Deepest nesting of a path (root, record id, field, prop key, ...). */
export const MAX_EDIT_PATH_LENGTH = 8;
/** Longest key of a path. */
export const MAX_EDIT_KEY_LENGTH = 256;
/**
 * Deepest nesting of a {@link DocValue} ({map}/{array} inside each other). Model records nest two
 * levels (a record map holding `props`); the bound keeps recursive checks far from the stack's end.
 */
export const MAX_DOC_VALUE_DEPTH = 16;

const key = z.string().min(1).max(MAX_EDIT_KEY_LENGTH);

/** JSON values (what `{json}` may hold): no functions, no undefined inside, finite numbers. */
function jsonValue(depth: number): z.ZodType<unknown> {
  if (depth > MAX_DOC_VALUE_DEPTH) return z.never({ message: `nested deeper than ${MAX_DOC_VALUE_DEPTH} levels` });
  return z.lazy(() =>
    z.union([z.null(), z.boolean(), z.number().finite(), z.string(), z.array(jsonValue(depth + 1)), z.record(z.string(), jsonValue(depth + 1))]),
  );
}

function docValue(depth: number): z.ZodType<DocValue> {
  if (depth > MAX_DOC_VALUE_DEPTH) return z.never({ message: `nested deeper than ${MAX_DOC_VALUE_DEPTH} levels` });
  return z.lazy(() =>
    z.union([
      z.strictObject({ map: z.record(key, docValue(depth + 1)) }),
      z.strictObject({ array: z.array(docValue(depth + 1)) }),
      z.strictObject({ text: z.string() }),
      z.strictObject({ json: jsonValue(depth + 1) }),
    ]),
  ) as z.ZodType<DocValue>;
}

/** One {@link DocEdit}: `set` a value or `delete` a key at a path of at least a root and a key. */
export const docEditSchema: z.ZodType<DocEdit> = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('set'), path: z.array(key).min(2).max(MAX_EDIT_PATH_LENGTH), value: docValue(0) }),
  z.strictObject({ op: z.literal('delete'), path: z.array(key).min(2).max(MAX_EDIT_PATH_LENGTH) }),
]) as z.ZodType<DocEdit>;
