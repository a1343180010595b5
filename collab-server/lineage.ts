/**
 * Lineages of a document (SPEC.md rules 20-21, docs/DECISIONS.md 22): when to rebase an idle
 * document, how, which lineage a connecting client holds, and how the edits of a client still on
 * an ended lineage are carried over to the current one.
 */
import * as random from 'lib0/random';
import * as Y from 'yjs';
import type { EndedLineage, LineageInfo } from '@/lib/db/documentStore';
import { copyWithoutHistory, countStructs, diffDocs, getMaps, MAP_NAMES, migrateDoc, ORIGIN, type DocEdit } from '@/lib/doc';

/** When an idle document is rebased. */
export interface RebasePolicy {
  /** At least this many deleted structs (tombstones) in the document. */
  rebaseAfterDeleted: number;
  /** And at least this share of its live structs. */
  rebaseDeletedRatio: number;
}

/** Whether `doc` carries enough history to be worth a rebase, with the counts that decided it. */
export function rebaseDue(doc: Y.Doc, policy: RebasePolicy): { due: boolean; items: number; deleted: number } {
  const { items, deleted } = countStructs(doc);
  const live = items - deleted;
  return { due: deleted >= policy.rebaseAfterDeleted && deleted >= policy.rebaseDeletedRatio * live, items, deleted };
}

/** What a rebase stores: the ending lineage's state, and the same content without history. */
export interface RebasedState {
  finalState: Uint8Array;
  newState: Uint8Array;
  /** Yjs client id that wrote `newState`. */
  baseClient: number;
}

/**
 * The model document `doc` re-created without its history by a new Yjs client id (one no
 * client of `doc` has used, so that the new lineage's clients can tell it apart).
 */
export function rebaseState(doc: Y.Doc): RebasedState {
  let baseClient: number;
  // Drawn the way Yjs draws a document's own client id: a uniform uint32.
  do baseClient = random.uint32();
  while (doc.store.clients.has(baseClient));
  return {
    finalState: Y.encodeStateAsUpdate(doc),
    newState: copyWithoutHistory(doc, MAP_NAMES, baseClient, ORIGIN.migration),
    baseClient,
  };
}

/** Which lineage a client's state vector (its sync step 1) belongs to. */
export type ClientLineage = { kind: 'fresh' } | { kind: 'current' } | { kind: 'ended'; lineage: EndedLineage };

/**
 * A client with an empty state vector has nothing yet; one that holds the current lineage's
 * base client has synced with the current lineage. Any other client holds an ended lineage: the
 * newest whose base client it holds, else lineage 0 (which has no base client of its own).
 */
export function classifyClient(stateVector: Map<number, number>, info: LineageInfo): ClientLineage {
  if (stateVector.size === 0) return { kind: 'fresh' };
  if (info.current === 0 || info.ended.length === 0) return { kind: 'current' };
  if (info.baseClient !== null && stateVector.has(info.baseClient)) return { kind: 'current' };
  for (let i = info.ended.length - 1; i >= 0; i--) {
    const ended = info.ended[i]!;
    if (ended.baseClient !== null && stateVector.has(ended.baseClient)) return { kind: 'ended', lineage: ended };
  }
  return { kind: 'ended', lineage: info.ended[0]! };
}

/** A client's update that Yjs cannot apply: bad input (4400), not a server failure. */
export class MalformedClientUpdate extends Error {}

/**
 * The edits a client on an ended lineage made, as field-level edits that apply to any lineage:
 * its updates merged into the lineage's final state, both migrated to the current schema, and
 * compared field by field. Throws on an update Yjs cannot decode; structs that depend on
 * something neither the final state nor the client's updates hold are left out (reported).
 */
export function editsOfEndedLineageClient(finalState: Uint8Array, updates: readonly Uint8Array[]): { edits: DocEdit[]; incomplete: boolean } {
  const before = new Y.Doc({ gc: true });
  const after = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(before, finalState, ORIGIN.load);
    Y.applyUpdate(after, finalState, ORIGIN.load);
    for (const update of updates) {
      try {
        Y.applyUpdate(after, update, ORIGIN.remote);
      } catch (error) {
        throw new MalformedClientUpdate(`malformed update: ${(error as Error).message}`);
      }
    }
    const incomplete = after.store.pendingStructs !== null || after.store.pendingDs !== null;
    // Migrated alike: the migration of `before` is replayed onto `after` as the same update, so a
    // map the migration re-creates is the same map in both (else it would look replaced and be
    // written whole); what only `after` needs (its own records) is migrated after that.
    if (getMaps(before).meta.size > 0) {
      let migration: Uint8Array | undefined;
      const capture = (update: Uint8Array) => (migration = update);
      before.on('update', capture);
      try {
        must(migrateDoc(before));
      } finally {
        before.off('update', capture);
      }
      if (migration) Y.applyUpdate(after, migration, ORIGIN.migration);
      must(migrateDoc(after));
    }
    return { edits: diffDocs(before, after, MAP_NAMES), incomplete };
  } finally {
    before.destroy();
    after.destroy();
  }
}

function must(migrated: ReturnType<typeof migrateDoc>): void {
  if (!migrated.ok) throw new Error(`migrating the ended lineage failed: ${migrated.error.message}`);
}
