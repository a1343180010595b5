/**
 * The data of the building page (`/buildings/<id>`). Next.js calls the page's `generateMetadata`
 * and the page itself in one request; both need the access check, and only the page needs the
 * model document, which is the expensive part (the whole Y.Doc loaded from the store and migrated).
 * So the title reads the row alone, and React's `cache()` shares the access check and the load
 * between everything one request renders.
 */
import { cache } from 'react';
import { getPrisma } from '@/lib/db/client';
import { buildingAccess, type BuildingAccess } from './buildingAccess';
import { loadBuilding, type LoadedBuilding } from './loadBuilding';

const accessOnce = cache((buildingId: string) => buildingAccess(buildingId));
const loadOnce = cache(loadBuilding);

/** The page title: the building's name for whoever may open it, else a name that gives nothing away. */
export async function buildingPageTitle(buildingId: string): Promise<string> {
  const access = await accessOnce(buildingId);
  if (!access.ok) return 'Building';
  const row = await getPrisma().building.findFirst({ where: { id: buildingId, deletedAt: null }, select: { name: true } });
  return row?.name ?? 'Building not found';
}

/** What the building page shows: the building, or that the visitor must sign in, or a 404. */
export type BuildingPageData = { state: 'ok'; access: BuildingAccess; building: LoadedBuilding } | { state: 'sign-in' } | { state: 'not-found' };

/**
 * The building and the visitor's access to it. Someone with no session and no share cookie is sent
 * to sign in; anyone else without access gets the same 404 as for a building that does not exist.
 */
export async function loadBuildingPage(buildingId: string): Promise<BuildingPageData> {
  const access = await accessOnce(buildingId);
  if (!access.ok) return !access.user && !access.hasShareCookie ? { state: 'sign-in' } : { state: 'not-found' };
  const building = await loadOnce(buildingId);
  if (!building) return { state: 'not-found' };
  return { state: 'ok', access: access.value, building };
}
