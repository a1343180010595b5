/**
 * Who changed what (issue #17 point 5): a building's activity feed and one element's history,
 * read from the change rows the collaboration server records per record and field
 * (collab-server/SPEC.md rule 24; lib/db `listChanges`), with each user's name and each record's
 * current label. Routes: app/api/v1/buildings/[id]/activity and .../elements/[elementId]/history.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { getDocumentStore, getPrisma } from '@/lib/db/client';
import type { DocChange } from '@/lib/db/documentStore';
import { migrateDoc, ORIGIN, readBuilding, readElement, readMeta, readStorey } from '@/lib/doc';
import type { Connection } from '@/lib/model';
import { docNames } from '@/lib/protocol';

/** The actor of the collaboration server's own writes (collab-server/clientOwners.ts `SERVER_USER`). */
const SERVER_ACTOR = '@server';
/** The actor of versions saved without a user (collab-server/editEndpoint.ts). */
const SYSTEM_ACTOR = 'system';
/** How ArxOS itself is named where it is the author. */
export const SERVER_NAME = 'ArxOS';

/** Most changes one page of the feed holds. */
export const MAX_ACTIVITY_LIMIT = 200;
/** Changes per page when the request names no limit. */
export const DEFAULT_ACTIVITY_LIMIT = 50;

/** A change as the API shows it. */
export interface ChangeView {
  /** Increasing with insertion (a decimal string); the feed's cursor. */
  id: string;
  /** ISO 8601. */
  at: string;
  user: { id: string; name: string };
  collection: string;
  /** `''` for meta. */
  recordId: string;
  action: 'create' | 'update' | 'delete';
  /** The fields written (`props.<key>` for a user property); empty for a delete. */
  fields: string[];
  /**
   * The record's current name (its kind when it has none; a connection's medium; the building's
   * name for meta), or null when the record is no longer in the stored model.
   */
  label: string | null;
  /** An element's current kind (`wall`, `space` …); null otherwise or when it is gone. */
  kind: string | null;
}

/** `?limit=&before=` of the feed: limit 1..200 (default 50), before a change id. */
export const activityQuerySchema = z.object({
  limit: z.coerce
    .number({ message: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_ACTIVITY_LIMIT, `limit must be at most ${MAX_ACTIVITY_LIMIT}`)
    .default(DEFAULT_ACTIVITY_LIMIT),
  before: z.string().regex(/^[0-9]{1,18}$/, 'before must be a change id (the `next` of the previous page)').optional(),
});

/**
 * The building's changes, newest first, at most `limit`, older than the change `before`;
 * `next` is the cursor of the page after this one (null on the last page).
 */
export async function listActivity(buildingId: string, query: { limit: number; before?: string }): Promise<{ changes: ChangeView[]; next: string | null }> {
  // One more than asked: whether there is a next page, without a second query.
  const rows = await getDocumentStore().listChanges(docNames.model(buildingId), { limit: query.limit + 1, beforeId: query.before });
  const page = rows.slice(0, query.limit);
  return { changes: await viewsOf(buildingId, page), next: rows.length > query.limit ? page.at(-1)!.id : null };
}

/** One element's changes, newest first, at most `limit`. */
export async function elementHistory(buildingId: string, elementId: string, limit: number): Promise<ChangeView[]> {
  const rows = await getDocumentStore().listChanges(docNames.model(buildingId), { recordId: elementId, limit });
  // Record ids are unique per collection only: a storey may share an element's id.
  return viewsOf(
    buildingId,
    rows.filter((r) => r.collection === 'elements'),
  );
}

/**
 * Names of users by id (one query). The server's own actors are {@link SERVER_NAME}; an id no
 * account has (a share link's guest, a deleted account) is named in words.
 */
export async function userNames(ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const names = new Map<string, string>();
  for (const id of wanted) {
    if (id === SERVER_ACTOR || id === SYSTEM_ACTOR) names.set(id, SERVER_NAME);
    else if (id.startsWith('guest:')) names.set(id, 'A guest');
  }
  const accounts = [...wanted].filter((id) => !names.has(id));
  if (accounts.length > 0) {
    const rows = await getPrisma().user.findMany({ where: { id: { in: accounts } }, select: { id: true, name: true } });
    for (const row of rows) names.set(row.id, row.name);
  }
  for (const id of wanted) if (!names.has(id)) names.set(id, 'A former member');
  return names;
}

async function viewsOf(buildingId: string, rows: readonly DocChange[]): Promise<ChangeView[]> {
  if (rows.length === 0) return [];
  const [names, labels] = await Promise.all([userNames(rows.map((r) => r.userId)), labelsOf(buildingId, rows)]);
  return rows.map((r) => {
    const label = labels.get(`${r.collection}/${r.recordId}`);
    return {
      id: r.id,
      at: r.at.toISOString(),
      user: { id: r.userId, name: names.get(r.userId)! },
      collection: r.collection,
      recordId: r.recordId,
      action: r.action,
      fields: r.fields,
      label: label?.label ?? null,
      kind: label?.kind ?? null,
    };
  });
}

/** The current label of each record the rows name, by `<collection>/<recordId>`, from the stored model. */
async function labelsOf(buildingId: string, rows: readonly DocChange[]): Promise<Map<string, { label: string; kind: string | null }>> {
  const labels = new Map<string, { label: string; kind: string | null }>();
  const { state } = await getDocumentStore().load(docNames.model(buildingId));
  if (state === null) return labels;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state, ORIGIN.load);
    const migrated = migrateDoc(doc);
    if (!migrated.ok) throw new Error(`building ${buildingId}: the stored model cannot be migrated: ${migrated.error.message}`);
    // lib/doc reads one element or storey; connections only with the whole building (rarely asked).
    let connections: Readonly<Record<string, Connection>> | undefined;
    const connection = (id: string) => (connections ??= readMeta(doc) ? readBuilding(doc).connections : {})[id];
    for (const { collection, recordId } of rows) {
      const key = `${collection}/${recordId}`;
      if (labels.has(key)) continue;
      const label = labelOf(doc, collection, recordId, connection);
      if (label) labels.set(key, label);
    }
    return labels;
  } finally {
    doc.destroy();
  }
}

function labelOf(doc: Y.Doc, collection: string, recordId: string, connection: (id: string) => Connection | undefined): { label: string; kind: string | null } | undefined {
  switch (collection) {
    case 'elements': {
      const element = readElement(doc, recordId);
      return element && { label: element.name || element.kind, kind: element.kind };
    }
    case 'storeys': {
      const storey = readStorey(doc, recordId);
      return storey && { label: storey.name, kind: null };
    }
    case 'connections': {
      const found = connection(recordId);
      return found && { label: `${found.medium} connection`, kind: null };
    }
    case 'meta': {
      const meta = readMeta(doc);
      return meta && { label: meta.name, kind: null };
    }
    default:
      return undefined;
  }
}
