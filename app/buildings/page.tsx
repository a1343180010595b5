import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/app/_lib/currentUser';
import { accessibleBuildings } from '@/lib/auth/access';
import { getPrisma } from '@/lib/db/client';
import { BuildingsManager } from './_components/BuildingsManager';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Buildings' };

export default async function BuildingsPage() {
  const user = await currentUser();
  if (!user) redirect('/login?callbackUrl=/buildings');
  const prisma = getPrisma();
  const [buildings, memberships] = await Promise.all([
    accessibleBuildings(prisma, user.id),
    prisma.membership.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' }, select: { role: true, organization: { select: { id: true, name: true } } } }),
  ]);
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <BuildingsManager
        buildings={buildings.map((b) => ({ id: b.id, name: b.name, address: b.address, orgName: b.orgName, role: b.role }))}
        orgs={memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role }))}
      />
    </div>
  );
}
