import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { z } from 'zod';
import { getDocumentStore, type PrismaClient } from '@/lib/db/client';
import { initBuildingDoc, LocalOrigin, migrateDoc, ORIGIN, setMeta } from '@/lib/doc';
import { BUILDING_ID_PATTERN, docNames } from '@/lib/protocol';

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
 * Renames a building (and/or changes its address): the row, which lists and titles use, and the
 * model document's meta, as one update appended to the store. The update is computed from the
 * stored state and appended in one `edit` (never onto a lineage other than the one it was
 * computed on, should the collaboration server rebase the document meanwhile). A room the
 * collaboration server holds open sees the new meta when it next loads the document (the row is
 * authoritative for lists and titles meanwhile).
 */
export async function renameBuilding(prisma: PrismaClient, id: string, patch: { name?: string; address?: string }, userId: string) {
  const building = await prisma.building.update({ where: { id }, data: patch });
  await getDocumentStore().edit(docNames.model(id), ({ state }) => {
    if (!state) return [];
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state, ORIGIN.load);
      const migrated = migrateDoc(doc);
      if (!migrated.ok) return [];
      const before = Y.encodeStateVector(doc);
      const written = setMeta(doc, patch, new LocalOrigin(userId));
      if (!written.ok) {
        console.warn(`[buildings] building ${id}: meta not updated in the document: ${written.error.message}`);
        return [];
      }
      return [Y.encodeStateAsUpdate(doc, before)];
    } finally {
      doc.destroy();
    }
  });
  return building;
}
