/**
 * BCF over REST (issue #17 point 6): a building's review threads exported as BCF 3.0 or 2.1, and
 * a BCF archive imported as threads written through the collaboration server in ONE change (so
 * open reviewers see them arrive), with its snapshots stored as assets. lib/bcf reads, writes and
 * maps; this file supplies the building's elements, members and assets.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { readBcf } from '@/lib/bcf/read';
import { bcfToThreads, threadsToBcf, type BcfThreads } from '@/lib/bcf/threads';
import type { BcfVersion } from '@/lib/bcf/types';
import { getAssetStore, getDocumentStore, getPrisma } from '@/lib/db/client';
import { readThreads, threadEdits } from '@/lib/doc';
import type { BuildingSnapshot, Thread } from '@/lib/model';
import { docNames } from '@/lib/protocol';
import { loadBuilding } from './loadBuilding';
import { buildingMembers } from './members';
import { applyServerEdits } from './serverEdits';

/** The building's threads (from the store: at most the collaboration server's write window behind). */
async function storedThreads(buildingId: string): Promise<Thread[]> {
  const { state } = await getDocumentStore().load(docNames.review(buildingId));
  if (state === null) return [];
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readThreads(doc).threads;
  } finally {
    doc.destroy();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id as a BCF GUID: itself when it is a lowercase UUID, else a UUID derived from it (stable). */
function guidOf(id: string): string {
  if (UUID.test(id)) return id;
  const h = createHash('sha256').update(`arxos:${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The building's threads as a BCF archive of `version`. */
export async function exportBcf(buildingId: string, version: BcfVersion): Promise<{ bytes: Uint8Array; name: string }> {
  const [threads, loaded, members] = await Promise.all([storedThreads(buildingId), loadBuilding(buildingId), buildingMembers(getPrisma(), buildingId)]);
  const elements = loaded?.snapshot?.elements ?? {};
  const hashes = [...new Set(threads.flatMap((t) => [t.viewpoint, ...(t.moreViewpoints ?? []), ...Object.values(t.comments).map((c) => c.viewpoint)].flatMap((v) => (v?.snapshot ? [v.snapshot] : []))))];
  const snapshots = await getAssetStore().getAssets(hashes);
  const people = new Map(members.map((m) => [m.userId, m.email]));
  const archive = threadsToBcf(
    threads,
    version,
    {
      ifcGuidOf: (id) => elements[id]?.ifc?.globalId,
      personOf: (id) => people.get(id) ?? (id.startsWith('bcf:') ? id.slice(4) : id),
      snapshotOf: (hash) => {
        const asset = snapshots.get(hash);
        if (!asset) return undefined;
        return { bytes: asset.bytes, mime: asset.contentType === 'image/jpeg' ? 'image/jpeg' : 'image/png' };
      },
      guidOf,
    },
    { id: buildingId, name: loaded?.name ?? 'Building' },
  );
  const { writeBcf } = await import('@/lib/bcf/write');
  return { bytes: writeBcf(archive, version), name: loaded?.name ?? 'building' };
}

/** What an import answers. */
export interface BcfImportSummary {
  version: BcfVersion;
  topics: number;
  comments: number;
  viewpoints: number;
  /** Components that match no element of the building, per topic. */
  unresolved: BcfThreads['unresolved'];
  warnings: { code: string; message: string }[];
}

/**
 * Imports BCF `bytes` into the building's review document as new threads (ids kept unless taken),
 * started by the people the file names where they are members, else by `bcf:<their name>`; their
 * snapshots stored as assets first. Throws lib/bcf `BcfImportError` for a file it cannot read
 * (nothing written) and `ServerEditError` when the collaboration server refuses.
 */
export async function importBcf(buildingId: string, bytes: Uint8Array, importer: { id: string; name: string }): Promise<BcfImportSummary> {
  const archive = readBcf(bytes);
  const [loaded, members, existing] = await Promise.all([loadBuilding(buildingId), buildingMembers(getPrisma(), buildingId), storedThreads(buildingId)]);
  const byGuid = ifcIndex(loaded?.snapshot ?? null);
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), { id: m.userId, name: m.name }]));
  const snapshots = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const mapped = bcfToThreads(
    archive,
    importer,
    {
      elementsByIfcGuid: (guid) => byGuid.get(guid) ?? [],
      hasElement: (id) => Object.hasOwn(loaded?.snapshot?.elements ?? {}, id),
      personByEmail: (email) => byEmail.get(email),
      storeSnapshot: (data, mime) => {
        const hash = createHash('sha256').update(data).digest('hex');
        snapshots.set(hash, { bytes: data, contentType: mime });
        return hash;
      },
      newId: randomUUID,
    },
    new Set(existing.map((t) => t.id)),
  );
  if (snapshots.size > 0) await getAssetStore().putAssets([...snapshots].map(([hash, s]) => ({ hash, bytes: s.bytes, contentType: s.contentType })));
  if (mapped.threads.length > 0) await applyServerEdits(docNames.review(buildingId), threadEdits(mapped.threads), { user: importer.id, reason: 'import bcf' });
  return { version: archive.version, ...mapped.counts, unresolved: mapped.unresolved, warnings: archive.warnings.map((w) => ({ code: w.code, message: w.message })) };
}

/** Element ids by IfcGuid: their own GlobalId, and the GlobalId of the assembly they are a part of. */
function ifcIndex(snapshot: BuildingSnapshot | null): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const add = (guid: unknown, id: string) => {
    if (typeof guid !== 'string') return;
    const list = index.get(guid);
    if (list) list.push(id);
    else index.set(guid, [id]);
  };
  for (const element of Object.values(snapshot?.elements ?? {})) {
    add(element.ifc?.globalId, element.id);
    add(element.props['Assembly.GlobalId'], element.id);
  }
  return index;
}
