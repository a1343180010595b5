import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { z } from 'zod';
import { getDocumentStore, type PrismaClient } from '@/lib/db/client';
import { initBuildingDoc, ORIGIN, type DocEdit } from '@/lib/doc';
import { BUILDING_ID_PATTERN, docNames } from '@/lib/protocol';
import { applyServerEdits } from './serverEdits';

/** Building ids: what `/api/collab-token` and the document names accept. */
export const buildingIdSchema = z.string().regex(BUILDING_ID_PATTERN, 'must be a building id');

export const buildingNameSchema = z.string().trim().min(1, 'name is required').max(120, 'name must be at most 120 characters');
export const buildingAddressSchema = z.string().trim().max(300, 'address must be at most 300 characters');

/**
 * Creates a building in `orgId`: its model document first (meta through lib/doc's
 * initBuildingDoc, appended to the store), then the row, so a crash in between leaves no building
 * without a document. A creator who is a plain member of the organization gets the owner role on
 * it (BuildingMember), owners and admins are owners anyway.
 */
export async function createBuilding(prisma: PrismaClient, input: { orgId: string; name: string; address: string; createdBy: string; creatorIsOrgAdmin: boolean }) {
  const id = randomUUID().replaceAll('-', '');
  const doc = new Y.Doc();
  try {
    const meta = initBuildingDoc(doc, { name: input.name, address: input.address }, ORIGIN.import);
    if (!meta.ok) throw new Error(`building meta is invalid: ${meta.error.message}`);
    await getDocumentStore().appendUpdates(docNames.model(id), [Y.encodeStateAsUpdate(doc)]);
  } finally {
    doc.destroy();
  }
  return prisma.$transaction(async (tx) => {
    const building = await tx.building.create({ data: { id, orgId: input.orgId, name: input.name, address: input.address } });
    if (!input.creatorIsOrgAdmin) await tx.buildingMember.create({ data: { buildingId: id, userId: input.createdBy, role: 'owner' } });
    return building;
  });
}

/**
 * Renames a building (and/or changes its address): the model document's meta, then the row, which
 * lists and titles use.
 *
 * The meta change goes through the collaboration server (app/_lib/serverEdits.ts), which writes it
 * onto the live document: an open editor sees the new name at once, and a document nobody has open
 * is loaded, changed and persisted there. The document first, then the row: when the
 * collaboration server is unreachable or refuses, this throws (`ServerEditError`, answered
 * 503 / 422 by the API) and nothing changed, neither the row nor the document. If the row's update
 * fails after the document changed, the document holds the new name and the row the old one until
 * the rename is retried (it is idempotent: the same meta edit again changes nothing).
 */
export async function renameBuilding(prisma: PrismaClient, id: string, patch: { name?: string; address?: string }, userId: string) {
  await applyServerEdits(docNames.model(id), metaEdits(patch), { user: userId, reason: 'rename' });
  return prisma.building.update({ where: { id }, data: patch });
}

/** The fields of a meta patch as document edits (`meta` is a Y.Map of scalar fields: lib/doc layout.ts). */
function metaEdits(patch: { name?: string; address?: string }): DocEdit[] {
  const edits: DocEdit[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined) edits.push({ op: 'set', path: ['meta', field], value: { json: value } });
  }
  return edits;
}
