/**
 * The gate between client updates and a room's live document (SPEC.md rules 4-6): every update
 * is first applied to a scratch copy (the mirror, kept in lockstep with the live doc), the
 * records it touched are validated there, and only then is it applied to the live doc.
 * The mirror is built lazily, on the first update that needs it: a cold load serves its first
 * sync without paying for a second copy of the document (it costs as much as the load itself).
 */
import * as Y from 'yjs';
import { isEmptyUpdate, mergeInRuns } from '@/lib/doc/updates';
import type { ModelIssue } from '@/lib/model';
import type { ClientOwners, ClientRange, OwnershipRefusal } from './clientOwners';
import { collectionTypes, readFieldWrites, type CollectionTypes, type FieldWrite } from './fieldWrites';
import { collectTouched } from './touchedRecords';
import type { ChangeCheck, ChangeValidator } from './validateChange';

/** The gate's fast path: which top-level maps hold records, and how to check field writes to them. */
export interface FastPath {
  collections: readonly string[];
  /** Null defers to the scratch copy. */
  validate(writes: readonly FieldWrite[]): ChangeCheck | null;
}

/** Backlogged updates (or bytes of them) after which a stale mirror is dropped instead of caught up (rebuilt when next needed). */
const MAX_MIRROR_BACKLOG = 1_000;
const MAX_MIRROR_BACKLOG_BYTES = 8 * 1024 * 1024;

/** What {@link UpdateGate.apply} did with an update. */
export type GateResult =
  /** Merged into the live doc (its `update` event fired with `origin`); `ranges`: the structs it added, per client. */
  | { kind: 'applied'; mergeInvalid: string[]; via: 'fields' | 'scratch'; ranges: ClientRange[] }
  /** Writes structs of a client id the writer may not write (SPEC.md rule 22): not applied. */
  | { kind: 'refused'; refusal: OwnershipRefusal }
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
  #backlogBytes = 0;
  readonly #collections: CollectionTypes;

  /**
   * @param live the room's document (already loaded and migrated)
   * @param roots the top-level types of this kind of document, defined up front on the mirror
   * @param validate the document kind's validator (validateChange.ts)
   * @param fastPath field writes to existing records validated without the mirror (fieldWrites.ts)
   * @param owners who may write which client ids (SPEC.md rule 22); none: anyone may write any
   */
  constructor(
    readonly live: Y.Doc,
    private readonly roots: readonly string[],
    private readonly validate: ChangeValidator,
    private readonly fastPath?: FastPath,
    private readonly owners?: ClientOwners,
  ) {
    this.#collections = collectionTypes(live, fastPath?.collections ?? []);
  }

  /**
   * Checks that `writer` may write the client ids `update` writes (SPEC.md rule 22), validates
   * it on the mirror and, if valid, applies it to the live doc with `origin`. Never throws for
   * bad input; the mirror is rebuilt whenever it may have diverged.
   */
  apply(update: Uint8Array, origin: unknown, writer: string): GateResult {
    if (isEmptyUpdate(update)) return { kind: 'noop' };
    // Field writes to existing records (most edits): checked from the update's own structs,
    // which the fast path reads only if each is exactly the next struct of its client (so
    // nothing is missing and nothing is known already).
    if (this.fastPath) {
      const read = readFieldWrites(update, this.live, this.#collections);
      if (read) {
        const refusal = this.owners?.check(read.ranges, writer, this.#known);
        if (refusal) return { kind: 'refused', refusal };
      }
      const check = read && this.fastPath.validate(read.writes);
      if (check) {
        if (check.issues.length > 0) return { kind: 'invalid', issues: check.issues, via: 'fields' };
        Y.applyUpdate(this.live, update, origin);
        if (this.#mirror) {
          this.#backlog.push(update);
          this.#backlogBytes += update.byteLength;
          if (this.#backlog.length > MAX_MIRROR_BACKLOG || this.#backlogBytes > MAX_MIRROR_BACKLOG_BYTES) this.rebuild();
        }
        return { kind: 'applied', mergeInvalid: check.mergeInvalid, via: 'fields', ranges: read.ranges };
      }
    }

    let ranges: ClientRange[];
    try {
      ranges = structRanges(update);
    } catch (error) {
      return { kind: 'malformed', error };
    }
    const refusal = this.owners?.check(ranges, writer, this.#known);
    if (refusal) return { kind: 'refused', refusal };
    // The common case of missing dependencies (a gap in a client's own clock): no need to touch the mirror.
    // (The mirror is in lockstep with the live doc, so the live doc's clocks are the mirror's.)
    for (const { client, from } of ranges) if (from > this.#known(client)) return { kind: 'pending' };
    const before = ranges.map((r) => this.#known(r.client));

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

    const check = this.validate(collectTouched(mirror, transaction), this.live, mirror, writer);
    if (check.issues.length > 0) {
      this.rebuild();
      return { kind: 'invalid', issues: check.issues, via: 'scratch' };
    }
    Y.applyUpdate(this.live, update, origin);
    // What it added: each client's structs from what the document had to what it has now.
    const added = ranges.map((r, i) => ({ client: r.client, from: before[i]!, to: this.#known(r.client) })).filter((r) => r.to > r.from);
    return { kind: 'applied', mergeInvalid: check.mergeInvalid, via: 'scratch', ranges: added };
  }

  /** The live document's clock of `client` (what it has of that client). */
  readonly #known = (client: number): number => Y.getState(this.live.store, client);

  /**
   * The server's own write, held to the same rules as a client's update: `change` writes on the
   * mirror, the records it touched are validated there, and only a valid result is applied to
   * the live doc (with `origin`) and returned as one update, to persist and broadcast.
   * `change` throwing leaves the live doc untouched (the mirror is rebuilt) and rethrows.
   */
  write(change: (doc: Y.Doc) => void, origin: unknown): { kind: 'applied'; update: Uint8Array; mergeInvalid: string[]; ranges: ClientRange[] } | { kind: 'noop' } | { kind: 'invalid'; issues: ModelIssue[] } {
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
    const ranges = transactionRanges(transaction);
    Y.applyUpdate(this.live, update, origin);
    return { kind: 'applied', update, mergeInvalid: check.mergeInvalid, ranges };
  }

  /** Re-creates the mirror from the live doc (after a rejected update, or if they diverged). */
  rebuild(): void {
    this.#mirror?.destroy();
    this.#mirror = null; // re-cloned from the live doc when the next update needs it
    this.#backlog = [];
    this.#backlogBytes = 0;
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
      this.#backlogBytes = 0;
      for (const run of mergeInRuns(backlog, 200)) Y.applyUpdate(this.#mirror, run);
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

/**
 * The structs of each client in `update`: from its lowest clock to the end of its highest struct
 * (skips included, so a range is never narrower than what the update claims). Throws on a
 * malformed update.
 */
export function structRanges(update: Uint8Array): ClientRange[] {
  const byClient = new Map<number, ClientRange>();
  for (const struct of Y.decodeUpdate(update).structs) {
    const { client, clock } = struct.id;
    const end = clock + struct.length;
    const range = byClient.get(client);
    if (range === undefined) byClient.set(client, { client, from: clock, to: end });
    else {
      if (clock < range.from) range.from = clock;
      if (end > range.to) range.to = end;
    }
  }
  return [...byClient.values()];
}

/**
 * The structs a local transaction added, per client: from its clock before to its clock after.
 * The same as {@link structRanges} of the transaction's update (which holds exactly those structs
 * and the deletions), without decoding it again: an import's update is a megabyte.
 */
export function transactionRanges(transaction: Y.Transaction): ClientRange[] {
  const ranges: ClientRange[] = [];
  for (const [client, to] of transaction.afterState) {
    const from = transaction.beforeState.get(client) ?? 0;
    if (to > from) ranges.push({ client, from, to });
  }
  return ranges;
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
