/**
 * The gate between client updates and a room's live document (SPEC.md rules 4-6): every update
 * is first applied to a scratch copy (the mirror, kept in lockstep with the live doc), the
 * records it touched are validated there, and only then is it applied to the live doc.
 * The mirror is built lazily, on the first update that needs it: a cold load serves its first
 * sync without paying for a second copy of the document (it costs as much as the load itself).
 */
import * as Y from 'yjs';
import type { ModelIssue } from '@/lib/model';
import { collectionTypes, readFieldWrites, type CollectionTypes, type FieldWrite } from './fieldWrites';
import { collectTouched } from './touchedRecords';
import type { ChangeCheck, ChangeValidator } from './validateChange';

/** The gate's fast path: which top-level maps hold records, and how to check field writes to them. */
export interface FastPath {
  collections: readonly string[];
  /** Null defers to the scratch copy. */
  validate(writes: readonly FieldWrite[]): ChangeCheck | null;
}

/** Backlogged updates after which a stale mirror is dropped instead of caught up. */
const MAX_MIRROR_BACKLOG = 1_000;

/** What {@link UpdateGate.apply} did with an update. */
export type GateResult =
  /** Merged into the live doc (its `update` event fired with `origin`). */
  | { kind: 'applied'; mergeInvalid: string[]; via: 'fields' | 'scratch' }
  /** Nothing new in it: not applied, nothing to broadcast or persist. */
  | { kind: 'noop' }
  /** Depends on structs the doc does not have yet: not applied; hold it and retry later. */
  | { kind: 'pending' }
  /** Fails validation: not applied. */
  | { kind: 'invalid'; issues: ModelIssue[]; via: 'fields' | 'scratch' }
  /** Not a decodable Yjs update: not applied. */
  | { kind: 'malformed'; error: unknown };

/** Scratch-copy validation in front of one live document. */
export class UpdateGate {
  #mirror: Y.Doc | null = null;
  /** Updates merged through the fast path since the mirror was last in step (applied when it is next needed). */
  #backlog: Uint8Array[] = [];
  readonly #collections: CollectionTypes;

  /**
   * @param live the room's document (already loaded and migrated)
   * @param roots the top-level types of this kind of document, defined up front on the mirror
   * @param validate the document kind's validator (validateChange.ts)
   * @param fastPath field writes to existing records validated without the mirror (fieldWrites.ts)
   */
  constructor(
    readonly live: Y.Doc,
    private readonly roots: readonly string[],
    private readonly validate: ChangeValidator,
    private readonly fastPath?: FastPath,
  ) {
    this.#collections = collectionTypes(live, fastPath?.collections ?? []);
  }

  /**
   * Validates `update` on the mirror and, if valid, applies it to the live doc with `origin`.
   * Never throws for bad input; the mirror is rebuilt whenever it may have diverged.
   */
  apply(update: Uint8Array, origin: unknown): GateResult {
    if (update.length === 2 && update[0] === 0 && update[1] === 0) return { kind: 'noop' }; // the empty update
    // Field writes to existing records (most edits): checked from the update's own structs,
    // which the fast path reads only if each is exactly the next struct of its client (so
    // nothing is missing and nothing is known already).
    if (this.fastPath) {
      const writes = readFieldWrites(update, this.live, this.#collections);
      const check = writes && this.fastPath.validate(writes);
      if (check) {
        if (check.issues.length > 0) return { kind: 'invalid', issues: check.issues, via: 'fields' };
        Y.applyUpdate(this.live, update, origin);
        if (this.#mirror) {
          this.#backlog.push(update);
          if (this.#backlog.length > MAX_MIRROR_BACKLOG) this.rebuild();
        }
        return { kind: 'applied', mergeInvalid: check.mergeInvalid, via: 'fields' };
      }
    }

    let meta: { from: Map<number, number> };
    try {
      meta = Y.parseUpdateMeta(update);
    } catch (error) {
      return { kind: 'malformed', error };
    }
    // The common case of missing dependencies (a gap in a client's own clock): no need to touch the mirror.
    // (The mirror is in lockstep with the live doc, so the live doc's clocks are the mirror's.)
    for (const [client, clock] of meta.from) if (clock > Y.getState(this.live.store, client)) return { kind: 'pending' };

    const mirror = this.#getMirror();
    const pendingBefore = pendingSignature(mirror);
    let transaction: Y.Transaction | undefined;
    const capture = (tr: Y.Transaction) => {
      transaction = tr;
    };
    mirror.on('afterTransaction', capture);
    try {
      Y.applyUpdate(mirror, update);
    } catch (error) {
      this.rebuild();
      return { kind: 'malformed', error };
    } finally {
      mirror.off('afterTransaction', capture);
    }
    const pendingAfter = pendingSignature(mirror);
    if (pendingAfter !== '' && pendingAfter !== pendingBefore) {
      this.rebuild();
      return { kind: 'pending' };
    }
    if (transaction === undefined || !changedAnything(transaction)) return { kind: 'noop' };

    const check = this.validate(collectTouched(mirror, transaction), this.live, mirror);
    if (check.issues.length > 0) {
      this.rebuild();
      return { kind: 'invalid', issues: check.issues, via: 'scratch' };
    }
    Y.applyUpdate(this.live, update, origin);
    return { kind: 'applied', mergeInvalid: check.mergeInvalid, via: 'scratch' };
  }

  /**
   * The server's own write, held to the same rules as a client's update: `change` writes on the
   * mirror, the records it touched are validated there, and only a valid result is applied to
   * the live doc (with `origin`) and returned as one update, to persist and broadcast.
   * `change` throwing leaves the live doc untouched (the mirror is rebuilt) and rethrows.
   */
  write(change: (doc: Y.Doc) => void, origin: unknown): { kind: 'applied'; update: Uint8Array; mergeInvalid: string[] } | { kind: 'noop' } | { kind: 'invalid'; issues: ModelIssue[] } {
    const mirror = this.#getMirror();
    let update: Uint8Array | undefined;
    let transaction: Y.Transaction | undefined;
    const onUpdate = (u: Uint8Array) => {
      update = u;
    };
    const onAfter = (tr: Y.Transaction) => {
      transaction = tr;
    };
    mirror.on('update', onUpdate);
    mirror.on('afterTransaction', onAfter);
    try {
      mirror.transact(() => change(mirror), origin);
    } catch (error) {
      this.rebuild();
      throw error;
    } finally {
      mirror.off('update', onUpdate);
      mirror.off('afterTransaction', onAfter);
    }
    if (update === undefined || transaction === undefined || !changedAnything(transaction)) return { kind: 'noop' };
    const check = this.validate(collectTouched(mirror, transaction), this.live, mirror);
    if (check.issues.length > 0) {
      this.rebuild();
      return { kind: 'invalid', issues: check.issues };
    }
    Y.applyUpdate(this.live, update, origin);
    return { kind: 'applied', update, mergeInvalid: check.mergeInvalid };
  }

  /** Re-creates the mirror from the live doc (after a rejected update, or if they diverged). */
  rebuild(): void {
    this.#mirror?.destroy();
    this.#mirror = null; // re-cloned from the live doc when the next update needs it
    this.#backlog = [];
  }

  /** Frees the mirror. */
  destroy(): void {
    this.rebuild();
  }

  #getMirror(): Y.Doc {
    if (this.#mirror && this.#backlog.length > 0) {
      // Catch up with what the fast path merged, in runs (mergeUpdates is superlinear).
      const backlog = this.#backlog;
      this.#backlog = [];
      for (let i = 0; i < backlog.length; i += 200) {
        const run = backlog.slice(i, i + 200);
        Y.applyUpdate(this.#mirror, run.length === 1 ? run[0]! : Y.mergeUpdates(run));
      }
    }
    this.#mirror ??= this.#cloneLive();
    return this.#mirror;
  }

  #cloneLive(): Y.Doc {
    const doc = new Y.Doc();
    for (const name of this.roots) doc.getMap(name);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.live));
    return doc;
  }
}

/** Identifies the pending structs / deletes a doc holds ('' when none). */
function pendingSignature(doc: Y.Doc): string {
  const { pendingStructs, pendingDs } = doc.store;
  if (pendingStructs === null && pendingDs === null) return '';
  const missing = pendingStructs ? [...pendingStructs.missing].map(([c, k]) => `${c}:${k}`).join(',') : '';
  return `${missing}/${pendingStructs?.update.length ?? 0}/${pendingDs?.length ?? 0}`;
}

function changedAnything(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (clock > (transaction.beforeState.get(client) ?? 0)) return true;
  return false;
}
