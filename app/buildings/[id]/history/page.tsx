import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { userNames } from '@/app/_lib/activity';
import { buildingIdSchema } from '@/app/_lib/buildings';
import { currentUser } from '@/app/_lib/currentUser';
import { listVersions } from '@/app/_lib/versions';
import { HistoryView } from '@/components/history/HistoryView';
import { buildingRoleOf } from '@/lib/auth/access';
import { hasAtLeast } from '@/lib/auth/roles';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/**
 * The building and the signed-in user's own role on it, as the REST routes the page calls check
 * it (`requireBuildingRole`): a share link opens the building, not its history. Signed out: to
 * sign in; no role or no such building: the building's 404 (ids cannot be probed). Once per
 * request (the title and the page both ask).
 */
const loadHistoryPage = cache(async (id: string) => {
  if (!buildingIdSchema.safeParse(id).success) notFound();
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/buildings/${id}/history`)}`);
  const prisma = getPrisma();
  const [role, row] = await Promise.all([buildingRoleOf(prisma, user.id, id), prisma.building.findFirst({ where: { id, deletedAt: null }, select: { name: true } })]);
  if (!role || !row) notFound();
  return { role, name: row.name };
});

export async function generateMetadata(props: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await props.params;
  const { name } = await loadHistoryPage(id);
  return { title: `History · ${name}` };
}

/** `/buildings/<id>/history`: versions (save, compare with now, restore) and who changed what. */
export default async function BuildingHistoryPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const { role, name } = await loadHistoryPage(id);
  const versions = await listVersions(id);
  const names = await userNames(versions.map((v) => v.createdBy));
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <HistoryView buildingId={id} buildingName={name} canEdit={hasAtLeast(role, 'editor')} versions={versions.map((v) => ({ ...v, createdByName: names.get(v.createdBy)! }))} />
    </div>
  );
}
