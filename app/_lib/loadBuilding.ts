import * as Y from 'yjs';
import { getDocumentStore, getPrisma } from '@/lib/db/client';
import { migrateDoc, ORIGIN, readBuildingReport, type InvalidRecord } from '@/lib/doc';
import type { BuildingSnapshot } from '@/lib/model';
import { docNames } from '@/lib/protocol';

/** A building as the page shows it: its row and its model document, read through lib/doc. */
export interface LoadedBuilding {
  id: string;
  /** The row's name and address (what lists and titles show; a rename changes the document's meta first, then these). */
  name: string;
  address: string;
  orgName: string;
  /** Null when the building has no model document yet. */
  snapshot: BuildingSnapshot | null;
  /** Records of the stored doc that failed validation (shown, never silently dropped). */
  invalid: InvalidRecord[];
}

/**
 * Loads a building's model document from the store (snapshot + update log), migrates it to the
 * current schema in memory, and reads it as a typed snapshot. Null when no such building exists.
 */
export async function loadBuilding(id: string): Promise<LoadedBuilding | null> {
  const prisma = getPrisma();
  const row = await prisma.building.findFirst({ where: { id, deletedAt: null }, include: { organization: true } });
  if (!row) return null;
  const { state } = await getDocumentStore().load(docNames.model(id));
  if (!state) return { id: row.id, name: row.name, address: row.address, orgName: row.organization.name, snapshot: null, invalid: [] };
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state, ORIGIN.load);
    const migrated = migrateDoc(doc);
    if (!migrated.ok) throw new Error(`building ${id}: the stored document cannot be migrated: ${migrated.error.message}`);
    const { snapshot, invalid } = readBuildingReport(doc);
    return { id: row.id, name: row.name, address: row.address, orgName: row.organization.name, snapshot, invalid };
  } finally {
    doc.destroy();
  }
}
