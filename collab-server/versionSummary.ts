/**
 * What a version changed since the document's previous version (issue #17: the history page
 * lists versions with elements added / removed / changed), computed when the version is saved.
 */
import * as Y from 'yjs';
import type { DocumentStore, VersionSummary } from '@/lib/db/documentStore';
import { migrateDoc, readBuilding } from '@/lib/doc';
import { diffSnapshots, type BuildingSnapshot } from '@/lib/model';

/** Element counts added, removed and changed from `before` (null: nothing) to `after`. */
export function summarize(before: BuildingSnapshot | null, after: BuildingSnapshot): VersionSummary {
  if (before === null) return { added: Object.keys(after.elements).length, removed: 0, changed: 0 };
  const { elements } = diffSnapshots(before, after);
  return { added: elements.added.length, removed: elements.removed.length, changed: elements.changed.length };
}

/** The summary of `doc`'s live state against the newest stored version of `docName`; undefined when it cannot be read. */
export async function summaryAgainstLast(store: Pick<DocumentStore, 'listVersions' | 'loadVersion'>, docName: string, doc: Y.Doc): Promise<VersionSummary | undefined> {
  try {
    const [last] = await store.listVersions(docName);
    const previous = last === undefined ? null : await store.loadVersion(last.id);
    return summarize(previous === null ? null : snapshotOf(previous.state), readBuilding(doc));
  } catch {
    return undefined; // a version without a summary is still a version
  }
}

function snapshotOf(state: Uint8Array): BuildingSnapshot {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const migrated = migrateDoc(doc);
    if (!migrated.ok) throw new Error(migrated.error.message);
    return readBuilding(doc);
  } finally {
    doc.destroy();
  }
}
