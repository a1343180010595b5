/**
 * An import (storeys and elements read from a file, e.g. lib/ifc `readIfc`) as {@link DocEdit}s:
 * the change that adds it to a building as new records, for a writer that does not hold the
 * document (the REST import sends them through the collaboration server, SPEC.md rule 23).
 */
import * as Y from 'yjs';
import { err, ok, type Element, type Result, type Storey } from '../model';
import type { DocError } from './docError';
import { diffDocs, type DocEdit } from './docEdits';
import { getMaps } from './layout';
import { ORIGIN } from './origins';
import { transact } from './transact';

/** What an import adds: storeys bottom to top (order 0, 1, ...), elements with hosts before what they host. */
export interface ImportedRecords {
  readonly storeys: readonly Storey[];
  readonly elements: readonly Element[];
}

/**
 * The order the first imported storey gets in a building whose storeys have `existingOrders`: 0 in
 * an empty building, else one above the highest, so an import into a building that has storeys
 * goes on top of them (its own storeys keep their order among themselves).
 */
export function importOrderBase(existingOrders: readonly number[]): number {
  return existingOrders.length === 0 ? 0 : Math.max(...existingOrders) + 1;
}

/**
 * The edits that add `imported` to a building as new records, its storeys' orders raised by
 * `orderBase` ({@link importOrderBase}). The records are written into a scratch document with
 * lib/doc's validated writers first (one {@link transact} batch: every record must pass its
 * validator and every reference, storey or host wall, must resolve within the import), so an
 * import that lib/doc would refuse is refused here, as a {@link DocError}, before anything is sent.
 * The edits set whole records under fresh ids; the receiver's gate validates them again against
 * the live document.
 */
export function importEdits(imported: ImportedRecords, options: { orderBase?: number } = {}): Result<DocEdit[], DocError> {
  const base = options.orderBase ?? 0;
  const scratch = new Y.Doc();
  const empty = new Y.Doc();
  try {
    getMaps(empty);
    const written = transact(scratch, ORIGIN.import, (tx) => {
      for (const storey of imported.storeys) tx.addStorey({ ...storey, order: storey.order + base });
      for (const element of imported.elements) tx.addElement(element);
    });
    if (!written.ok) return err(written.error);
    return ok(diffDocs(empty, scratch, ['storeys', 'elements']));
  } finally {
    scratch.destroy();
    empty.destroy();
  }
}
