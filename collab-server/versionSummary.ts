/**
 * What a version changed since the document's previous version (issue #17: the history page
 * lists versions with elements added / removed / changed), when it is saved. From the attributed
 * changes since the previous version (SPEC.md rule 24), not by decoding and comparing two states:
 * on a 20k-element building that took longer than the save itself.
 *
 * Per element touched since the previous version: first touched by a `create` and still there:
 * added; there before and gone now: removed; there before and still there: changed (touched,
 * even if set back to what it was).
 */
import type * as Y from 'yjs';
import type { DocumentStore, VersionSummary } from '@/lib/db/documentStore';
import { getMaps, type AttributedChange } from '@/lib/doc';

/** The summary of element changes `changes` (newest first), given which elements exist now. */
export function summarizeChanges(changes: readonly AttributedChange[], exists: (id: string) => boolean): VersionSummary {
  const firstAction = new Map<string, AttributedChange['action']>();
  for (const change of changes) if (change.collection === 'elements') firstAction.set(change.recordId, change.action); // newest first: the last set is the oldest
  const summary: VersionSummary = { added: 0, removed: 0, changed: 0 };
  for (const [id, first] of firstAction) {
    const now = exists(id);
    if (first === 'create') {
      if (now) summary.added++;
    } else if (now) summary.changed++;
    else summary.removed++;
  }
  return summary;
}

/**
 * The summary of `doc` (the live model) against the newest stored version of `docName` (all its
 * elements are added when there is none), after `flush` has written the buffered change rows.
 * Undefined when it cannot be read: a version without a summary is still a version.
 */
export async function summaryAgainstLast(store: Pick<DocumentStore, 'listVersions' | 'listChanges'>, docName: string, doc: Y.Doc, flush: () => Promise<void>): Promise<VersionSummary | undefined> {
  try {
    const elements = getMaps(doc).elements;
    const [last] = await store.listVersions(docName);
    if (last === undefined) return { added: elements.size, removed: 0, changed: 0 };
    await flush();
    return summarizeChanges(await changesSince(store, docName, last.createdAt), (id) => elements.has(id));
  } catch {
    return undefined;
  }
}

/** Every attributed change of `doc` since `since`, newest first (paged through the store). */
export async function changesSince(store: Pick<DocumentStore, 'listChanges'>, doc: string, since: Date): Promise<AttributedChange[]> {
  const out: AttributedChange[] = [];
  let beforeId: string | undefined;
  for (;;) {
    const page = await store.listChanges(doc, { limit: 1_000, ...(beforeId === undefined ? {} : { beforeId }) });
    for (const change of page) {
      if (change.at < since) return out;
      out.push(change);
    }
    if (page.length < 1_000) return out;
    beforeId = page[page.length - 1]!.id;
  }
}
