/**
 * A building's versions (issue #17): named versions saved by the collaboration server from the
 * live document, restores written through it as one change on top of history, and diffs between
 * two versions or a version and now, by element and field. Routes: app/api/v1/buildings/[id]/versions.
 */
import * as Y from 'yjs';
import type { SavedVersion } from '@/lib/auth/serverEdit';
import { getDocumentStore } from '@/lib/db/client';
import type { DocVersionInfo } from '@/lib/db/documentStore';
import { migrateDoc, ORIGIN, readBuilding } from '@/lib/doc';
import { diffSnapshots, fieldChanges, type BuildingSnapshot, type CollectionDiff, type FieldChange } from '@/lib/model';
import { docNames } from '@/lib/protocol';
import { ApiFailure, apiError } from './api';
import { applyServerEdits } from './serverEdits';

/** A version as the API shows it. */
export interface VersionView {
  id: string;
  label: string;
  createdBy: string;
  createdAt: string;
  /** `named` by a person, `auto` by ArxOS (before an import, restore or revert; daily). */
  kind: 'named' | 'auto';
  /** Elements added, removed and changed since the previous version (null for versions saved before summaries existed). */
  summary: { added: number; removed: number; changed: number } | null;
}

const view = (v: DocVersionInfo): VersionView => ({ id: v.id, label: v.label, createdBy: v.createdBy, createdAt: v.createdAt.toISOString(), kind: v.kind, summary: v.summary });

/** The building's versions, newest first. */
export async function listVersions(buildingId: string): Promise<VersionView[]> {
  return (await getDocumentStore().listVersions(docNames.model(buildingId))).map(view);
}

/** Saves the live model as a version labelled `label`, by `user`. */
export async function saveVersion(buildingId: string, label: string, user: string, auto = false): Promise<SavedVersion> {
  const applied = await applyServerEdits(docNames.model(buildingId), [], { user, reason: 'save version', saveVersion: { label, auto } });
  if (applied.version === undefined) throw new Error('the collaboration server saved no version');
  return applied.version;
}

/**
 * Restores version `versionId` of the building as a new change (the state before it saved as
 * `Before restoring “<label>”`, which restores it back). 404 for a version of another building.
 */
export async function restoreVersion(buildingId: string, versionId: string, user: string): Promise<{ restored: VersionView; before: SavedVersion; applied: number }> {
  const version = await versionOf(buildingId, versionId);
  const applied = await applyServerEdits(docNames.model(buildingId), [], { user, reason: 'restore version', restore: versionId });
  if (applied.version === undefined) throw new Error('the collaboration server saved no version before the restore');
  return { restored: view(version), before: applied.version, applied: applied.applied };
}

/**
 * Reverts what `userId` changed since version `versionId` (the vandalism case): fields and records
 * whose newest change is theirs get the version's values back, as one change on top of history
 * (the state before it saved as a version); what others changed after them is kept and listed.
 */
export async function revertUserSince(buildingId: string, versionId: string, userId: string, by: string): Promise<{ since: VersionView; before: SavedVersion; applied: number; kept: NonNullable<Awaited<ReturnType<typeof applyServerEdits>>['kept']> }> {
  const version = await versionOf(buildingId, versionId);
  const applied = await applyServerEdits(docNames.model(buildingId), [], { user: by, reason: 'revert user', revert: { user: userId, since: versionId } });
  if (applied.version === undefined) throw new Error('the collaboration server saved no version before the revert');
  return { since: view(version), before: applied.version, applied: applied.applied, kept: applied.kept ?? [] };
}

/** What changed in one collection, by record, with each changed field's values. */
export interface CollectionChanges {
  added: { id: string; kind?: string; name?: string }[];
  /** `record`: the whole record as the version had it (with `records`). */
  removed: { id: string; kind?: string; name?: string; record?: object }[];
  /** `before`: the whole record as the version had it (with `records`), to draw its old outline. */
  changed: { id: string; kind?: string; name?: string; fields: FieldChange[]; before?: object }[];
}

/** A diff between two states of a building. */
export interface VersionDiff {
  from: VersionView;
  to: VersionView | 'now';
  elements: CollectionChanges;
  storeys: CollectionChanges;
  connections: CollectionChanges;
  meta: FieldChange[];
}

/** The changes from version `fromId` to version `to` (an id, or `now`: the stored live document). */
export async function diffVersions(buildingId: string, fromId: string, to: string, options: { records?: boolean } = {}): Promise<VersionDiff> {
  const from = await versionOf(buildingId, fromId);
  const target = to === 'now' ? undefined : await versionOf(buildingId, to);
  const before = snapshotOf(from.state, `version ${from.id}`);
  const live = target === undefined ? (await getDocumentStore().load(docNames.model(buildingId))).state : target.state;
  if (live === null) throw new ApiFailure(apiError('not_found', `building ${buildingId} has no model`));
  const after = snapshotOf(live, target === undefined ? 'the building' : `version ${target.id}`);
  const diff = diffSnapshots(before, after);
  const changes = (c: CollectionDiff, a: Record<string, object>, b: Record<string, object>): CollectionChanges => {
    const label = (record: object | undefined) => {
      const r = (record ?? {}) as { kind?: unknown; name?: unknown };
      return { ...(typeof r.kind === 'string' ? { kind: r.kind } : {}), ...(typeof r.name === 'string' ? { name: r.name } : {}) };
    };
    return {
      added: c.added.map((id) => ({ id, ...label(b[id]) })),
      removed: c.removed.map((id) => ({ id, ...label(a[id]), ...(options.records ? { record: a[id] } : {}) })),
      changed: c.changed.map(({ id, fields }) => ({ id, ...label(b[id]), fields: fieldChanges(a[id] as Record<string, unknown>, b[id] as Record<string, unknown>, fields), ...(options.records ? { before: a[id] } : {}) })),
    };
  };
  return {
    from: view(from),
    to: target === undefined ? 'now' : view(target),
    elements: changes(diff.elements, before.elements, after.elements),
    storeys: changes(diff.storeys, before.storeys, after.storeys),
    connections: changes(diff.connections, before.connections, after.connections),
    meta: fieldChanges(before.meta as unknown as Record<string, unknown>, after.meta as unknown as Record<string, unknown>, diff.meta),
  };
}

/** The stored version `versionId` of this building's model, or a 404. */
async function versionOf(buildingId: string, versionId: string) {
  const version = await getDocumentStore().loadVersion(versionId);
  if (version === null || version.docName !== docNames.model(buildingId)) throw new ApiFailure(apiError('not_found', `building ${buildingId} has no version ${versionId}`));
  return version;
}

function snapshotOf(state: Uint8Array, what: string): BuildingSnapshot {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state, ORIGIN.load);
    const migrated = migrateDoc(doc);
    if (!migrated.ok) throw new Error(`${what} cannot be migrated: ${migrated.error.message}`);
    return readBuilding(doc);
  } finally {
    doc.destroy();
  }
}
