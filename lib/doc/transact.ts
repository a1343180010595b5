/** All-or-nothing batches of validated writes. */
import type * as Y from 'yjs';
import { err, ok, type Result } from '../model';
import { BuildingTx } from './BuildingTx';
import type { DocError } from './docError';
import { ORIGIN, type BuildingOrigin } from './origins';

/**
 * Runs `fn` against a staged {@link BuildingTx}, then, only if every operation in it succeeded,
 * writes all of it in ONE Yjs transaction tagged with `origin`. If any operation fails, nothing
 * is written and the first error is returned; if `fn` throws, nothing is written and the error
 * propagates. `fn` must be synchronous and must write through `tx` only.
 *
 * @example
 * transact(doc, ORIGIN.local, (tx) => {
 *   tx.addElement(wall);
 *   tx.addElement(door); // validated against the staged wall
 * });
 */
export function transact<T>(doc: Y.Doc, origin: BuildingOrigin, fn: (tx: BuildingTx) => T): Result<T, DocError> {
  const tx = new BuildingTx(doc);
  const value = fn(tx);
  if (value instanceof Promise) throw new TypeError('transact: fn must be synchronous');
  if (tx.error) return err(tx.error);
  tx.commit(origin);
  return ok(value);
}

/** Runs one staged operation as its own batch and flattens the result. */
export function runOne<T>(doc: Y.Doc, origin: BuildingOrigin = ORIGIN.local, op: (tx: BuildingTx) => Result<T, DocError>): Result<T, DocError> {
  const result = transact(doc, origin, op);
  return result.ok ? result.value : result;
}
